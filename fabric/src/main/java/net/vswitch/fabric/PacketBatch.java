package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;

/**
 * A preallocated batch of {@link Packet} flyweights: a source port fills it, the fabric forwards
 * it. No allocation after construction.
 */
public final class PacketBatch
{
    private final Packet[] packets;
    private int size;
    /** The forwarder deciding this batch right now (where {@link Packet#emit} goes), else {@code null}. */
    Forwarder emitter;

    public PacketBatch(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("batch capacity must be >= 1: " + capacity);
        }
        packets = new Packet[capacity];
        for (int i = 0; i < capacity; i++)
        {
            packets[i] = new Packet(this, i);
        }
    }

    public int capacity()
    {
        return packets.length;
    }

    public int size()
    {
        return size;
    }

    public boolean isFull()
    {
        return size == packets.length;
    }

    public Packet packet(final int index)
    {
        return packets[index];
    }

    /** Appends a frame; returns the flyweight (for the caller to tweak) or throws when full. */
    public Packet add(final MemorySegment segment, final long offset, final int length, final int capacity,
        final int ingressPort)
    {
        return packets[size++].wrap(segment, offset, length, capacity, ingressPort);
    }

    public PacketBatch clear()
    {
        size = 0;
        return this;
    }

    /** Drops the packets past {@code newSize} (e.g. a source that filled fewer than it asked for). */
    public PacketBatch truncate(final int newSize)
    {
        size = Math.min(size, newSize);
        return this;
    }
}
