package net.vswitch.ports.shm;

import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Ring;

/**
 * Drains a shared-memory port's to-switch ring: points flyweights at the client's buffers, forwards
 * the batch, then releases the slots (zero-copy: the client may reuse a buffer only after the
 * switch has copied it to every destination). Everything the client writes is untrusted: a slot
 * length outside {@code 0..bufferSize} is counted as {@link DropReason#MALFORMED}; a tail that is
 * behind the head or more than a ring ahead of it is a protocol error, and the worker skips to it.
 * The worker keeps its own head and its ring's shape; it never reads them back from shared memory.
 * If touching the ring faults, the port is quarantined and the worker ends (counting it).
 */
final class ShmRxAgent implements Agent
{
    private final ShmPort port;
    private final Ring ring;
    private final PacketBatch batch;
    private final int capacity;
    private final int bufferSize;
    private final MemorySegment memory;
    private final ShmIdleStrategy idle;
    private long head;

    ShmRxAgent(final ShmPort port, final Ring ring, final int batchSize, final ShmIdleStrategy idle)
    {
        this.idle = idle;
        this.port = port;
        this.ring = ring;
        this.batch = new PacketBatch(batchSize);
        this.capacity = ring.capacity();
        this.bufferSize = ring.bufferSize();
        this.memory = ring.memory();
        this.head = ring.head();
    }

    @Override
    public void onStart()
    {
        idle.start();
    }

    @Override
    public void onClose()
    {
        idle.close();
        port.foldCounts();
    }

    @Override
    public int doWork()
    {
        port.foldCounts();
        if (port.quarantined())
        {
            throw new AgentTerminationException("shm port " + port.name() + " is quarantined");
        }
        try
        {
            return drain();
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (port.quarantined() || !port.region().intact())
            {
                port.quarantine(ex);
                port.foldCounts();
                throw new AgentTerminationException(ex);
            }
            // not this port's memory: never rethrow an Error, the runner would let it end this thread
            throw new IllegalStateException("shm port " + port.name() + " worker: " + ex, ex);
        }
    }

    private int drain()
    {
        final long tail = ring.tail();
        final long available = tail - head;
        if (available == 0)
        {
            return 0;
        }
        if (available < 0 || available > capacity)
        {
            port.protocolError();
            head = tail;
            ring.head(tail);
            return 1;
        }
        final Ingress ingress = port.currentIngress();
        if (ingress == null)
        {
            return 0;
        }
        final int count = (int)Math.min(available, batch.capacity());
        final int index = port.index();
        final PacketBatch batch = this.batch.clear();
        long bad = 0;
        for (long position = head, end = head + count; position != end; position++)
        {
            final int length = ring.slotLength(position);
            if (length < 0 || length > bufferSize)
            {
                bad++;
            }
            else
            {
                batch.add(memory, ring.bufferOffset(position), length, bufferSize, index);
            }
        }
        if (bad != 0)
        {
            port.counters().rx(bad, 0);
            port.counters().drop(DropReason.MALFORMED, bad);
        }
        if (batch.size() > 0)
        {
            ingress.forward(batch);
        }
        head += count;
        ring.head(head);
        return count;
    }

    @Override
    public String roleName()
    {
        return "rx-" + port.name();
    }
}
