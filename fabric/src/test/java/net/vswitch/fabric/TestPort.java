package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** A port for fabric tests: sends heap frames, records what the fabric delivers. */
final class TestPort extends Port
{
    private final Arena arena = Arena.ofShared();
    private final Ring ring;
    private final OutputRing output;
    private MemorySegment tx;
    private final PacketBatch batch;
    private final int bufferSize;

    TestPort(final String name)
    {
        this(name, 1024, 256);
    }

    TestPort(final String name, final int slots, final int bufferSize)
    {
        super(name);
        this.bufferSize = bufferSize;
        ring = Ring.allocate(arena, slots, bufferSize);
        output = new OutputRing(ring, counters());
        batch = new PacketBatch(1024);
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    /** Sends frames as one batch; frame i goes at buffer i (capacity bufferSize). */
    int send(final List<byte[]> frames)
    {
        if (tx == null)
        {
            tx = arena.allocate(1024L * 2048);
        }
        batch.clear();
        for (int i = 0; i < frames.size(); i++)
        {
            final byte[] frame = frames.get(i);
            final long at = (long)i * 2048;
            MemorySegment.copy(frame, 0, tx, ValueLayout.JAVA_BYTE, at, Math.min(frame.length, 2048));
            batch.add(tx, at, frame.length, bufferSize, index());
        }
        return ingress().forward(batch);
    }

    /** Everything delivered so far, in ring order; frees the slots. */
    List<byte[]> drain()
    {
        final List<byte[]> frames = new ArrayList<>();
        long head = ring.head();
        final long tail = ring.tail();
        while (head != tail)
        {
            final int length = ring.slotLength(head);
            final byte[] frame = new byte[length];
            MemorySegment.copy(ring.memory(), ValueLayout.JAVA_BYTE, ring.bufferOffset(head), frame, 0, length);
            if (length > 0)
            {
                frames.add(frame);
            }
            head++;
        }
        ring.head(head);
        return frames;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
