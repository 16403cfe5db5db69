package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frames handed to a switch as if one of its ports had received them (OpenFlow packet-out). One
 * dedicated forwarder per switch, behind a lock, so any thread may inject while the port's own
 * traffic flows: the port's forwarder and counters are never shared. The frame is copied into a
 * buffer of {@link #MAX_FRAME} bytes first, so the caller may reuse its memory at once and the logic
 * may grow the frame (push a VLAN tag).
 *
 * <p>Injected frames are counted in {@link #counters()}, not in the ingress port's counters (those
 * have one writer, the port's forwarder): rx there is frames injected, and the same invariant holds
 * ({@code rx + replicated == forwarded + drops}). What reaches a destination is counted in its tx as
 * usual.
 */
final class Injection
{
    /** Largest frame that can be injected (and the buffer the logic may grow it in). */
    static final int MAX_FRAME = 65536;

    private final ReentrantLock lock = new ReentrantLock();
    private final Switch owner;
    private final PortCounters counters = new PortCounters();
    private final Forwarder forwarder;
    private final PacketBatch batch = new PacketBatch(1);
    private final MemorySegment buffer = MemorySegment.ofArray(new long[MAX_FRAME / Long.BYTES]);

    Injection(final Switch owner, final int maxBatch)
    {
        this.owner = owner;
        this.forwarder = Forwarder.injector(owner, counters, maxBatch);
    }

    Forwarder forwarder()
    {
        return forwarder;
    }

    PortCounters counters()
    {
        return counters;
    }

    int inject(final int ingressIndex, final MemorySegment frame, final long offset, final int length,
        final SwitchLogic logic)
    {
        Objects.requireNonNull(frame, "frame");
        if (length < 0 || length > MAX_FRAME)
        {
            throw new IllegalArgumentException("frame length " + length + " outside 0.." + MAX_FRAME);
        }
        if (owner.port(ingressIndex) == null)
        {
            throw new IllegalArgumentException("switch " + owner.name() + " has no port at index " + ingressIndex);
        }
        if (lock.isHeldByCurrentThread())
        {
            // the injector is mid-batch on this thread: a nested batch would overwrite its state
            throw new IllegalStateException("inject called from the lookup of an injected frame");
        }
        lock.lock();
        try
        {
            MemorySegment.copy(frame, offset, buffer, 0, length);
            batch.clear();
            batch.add(buffer, 0, length, MAX_FRAME, ingressIndex);
            return forwarder.inject(ingressIndex, batch, logic);
        }
        finally
        {
            lock.unlock();
        }
    }
}
