package net.vswitch.ports.virtual;

import java.lang.foreign.MemorySegment;

import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Ring;

/**
 * The consumer side of a {@link Ring} the switch fills: a read position, the frames between it and
 * the ring's {@code tail}, and {@code head} stores that give slots back. The one receive loop of the
 * in-process {@link VirtualPort} and the shared-memory client. One thread at a time. A slot length
 * outside {@code 1..bufferSize} carries nothing and is skipped.
 */
public final class RingReader
{
    private final Ring ring;
    private long position;

    public RingReader(final Ring ring)
    {
        this.ring = ring;
        this.position = ring.head();
    }

    /** The next position to read. */
    public long position()
    {
        return position;
    }

    /** Frames delivered and not read yet. */
    public long available()
    {
        return ring.tail() - position;
    }

    /**
     * Hands up to {@code max} frames to {@code handler} (zero-copy: valid only during the call) and
     * gives their slots back. Never waits.
     */
    public int poll(final FrameHandler handler, final int max)
    {
        final long tail = ring.tail();
        final MemorySegment memory = ring.memory();
        final int size = ring.bufferSize();
        int count = 0;
        while (position != tail && count < max)
        {
            final int length = ring.slotLength(position);
            if (length > 0 && length <= size)
            {
                handler.onFrame(memory, ring.bufferOffset(position), length);
                count++;
            }
            position++;
        }
        ring.head(position);
        return count;
    }

    /**
     * Points up to {@code batch.capacity()} flyweights at delivered frames; their slots stay the
     * reader's until {@link #release()}. Never waits.
     */
    public int receive(final PacketBatch batch)
    {
        batch.clear();
        final long tail = ring.tail();
        final MemorySegment memory = ring.memory();
        final int size = ring.bufferSize();
        while (position != tail && !batch.isFull())
        {
            final int length = ring.slotLength(position);
            if (length > 0 && length <= size)
            {
                batch.add(memory, ring.bufferOffset(position), length, size, -1);
            }
            position++;
        }
        return batch.size();
    }

    /** Gives every slot read so far back to the switch. */
    public void release()
    {
        ring.head(position);
    }
}
