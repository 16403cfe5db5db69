package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Ring;
import net.vswitch.natives.dpdk.VsDpdkShim;

/**
 * Moves the frames the switch published in a DPDK port's output ring to the device: bursts of slot
 * addresses and lengths go to the shim, which copies them into mbufs and sends them with
 * retry-then-drop; what the device refuses is counted as {@link DropReason#TX_ERROR} on this port.
 * Whichever forwarding thread published frames flushes; a thread that finds another flushing leaves
 * it the work (try-lock), and the flusher looks again after letting go, so no frame is left behind.
 */
final class DpdkTxFlusher implements AutoCloseable
{
    private final Ring ring;
    private final PortCounters counters;
    private final short portId;
    private final MemorySegment pool;
    private final int burst;
    private final int retries;
    private final long base;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment addresses;
    private final MemorySegment lengths;
    private long sent;
    private boolean closed;

    DpdkTxFlusher(final Ring ring, final PortCounters counters, final int portId, final MemorySegment pool,
        final int burst, final int retries)
    {
        this.ring = ring;
        this.counters = counters;
        this.portId = (short)portId;
        this.pool = pool;
        this.burst = Math.min(burst, 65535);
        this.retries = retries;
        this.base = ring.memory().address();
        this.addresses = DpdkMemory.unscoped(arena.allocate(ValueLayout.JAVA_LONG, this.burst));
        this.lengths = DpdkMemory.unscoped(arena.allocate(ValueLayout.JAVA_INT, this.burst));
    }

    /** Sends everything published so far (or leaves it to the thread already doing so). */
    void flush()
    {
        while (flushing.compareAndSet(false, true))
        {
            try
            {
                if (closed)
                {
                    return;
                }
                drain();
            }
            finally
            {
                flushing.set(false);
            }
            if (ring.tail() == ring.head())
            {
                return;
            }
        }
    }

    private void drain()
    {
        long head = ring.head();
        long tail = ring.tail();
        while (head != tail)
        {
            final int n = (int)Math.min(tail - head, burst);
            for (int i = 0; i < n; i++)
            {
                final long position = head + i;
                addresses.setAtIndex(ValueLayout.JAVA_LONG, i, base + ring.bufferOffset(position));
                lengths.setAtIndex(ValueLayout.JAVA_INT, i, ring.slotLength(position));
            }
            final int accepted = Short.toUnsignedInt(
                VsDpdkShim.vs_tx_copy_burst(portId, (short)0, pool, addresses, lengths, (short)n, retries));
            if (accepted < n)
            {
                counters.drop(DropReason.TX_ERROR, n - accepted);
            }
            sent += accepted;
            head += n;
            ring.head(head);
            if (head == tail)
            {
                tail = ring.tail();
            }
        }
    }

    /** Frames the device accepted. */
    long sent()
    {
        return sent;
    }

    /** Stops flushing (waits for a running flush); frames still in the ring are not sent. */
    @Override
    public void close()
    {
        while (!flushing.compareAndSet(false, true))
        {
            Thread.onSpinWait();
        }
        closed = true;
        flushing.set(false);
        arena.close();
    }
}
