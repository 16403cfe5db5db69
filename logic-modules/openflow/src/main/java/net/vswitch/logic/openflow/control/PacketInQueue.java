package net.vswitch.logic.openflow.control;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.action.PacketInSink;

/**
 * Bounded queue of packet-ins for the OpenFlow channel to drain ({@link #poll}). Never blocks the data path:
 * when full, the packet-in is dropped and {@link #overflows()} counts it.
 */
public final class PacketInQueue implements PacketInSink
{
    public static final int CAPACITY_DEFAULT = 1024;

    private final ArrayBlockingQueue<PacketIn> queue;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    public PacketInQueue(final int capacity)
    {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void packetIn(final Packet packet, final int inPort, final int maxLen, final int reason, final int table,
        final long cookie)
    {
        if (queue.remainingCapacity() == 0)
        {
            overflows.incrementAndGet();
            return;
        }
        final int length = Math.min(packet.length(), maxLen);
        final byte[] data = new byte[length];
        MemorySegment.copy(packet.segment(), ValueLayout.JAVA_BYTE, packet.offset(), data, 0, length);
        if (queue.offer(new PacketIn(data, packet.length(), inPort, reason, table, cookie)))
        {
            queued.incrementAndGet();
        }
        else
        {
            overflows.incrementAndGet();
        }
    }

    /** The oldest packet-in, or {@code null}. */
    public PacketIn poll()
    {
        return queue.poll();
    }

    public int size()
    {
        return queue.size();
    }

    public long queued()
    {
        return queued.get();
    }

    public long overflows()
    {
        return overflows.get();
    }
}
