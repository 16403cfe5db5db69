package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The copies a logic {@link Packet#emit emits} during one batch: their bytes, bump-allocated in one
 * preallocated region, and one record per copy (packet index, destination, where its bytes are).
 * Records are linked per destination so phase 2 visits only its own; they must be in packet order
 * per destination (a batched logic may emit out of order, then {@link #sortByPacket} restores it).
 *
 * <p>Bounded: {@link #BYTES_PER_PACKET} bytes and {@link #COPIES_PER_PACKET} records per packet of the
 * switch's {@code maxBatch}. The region is allocated on the first emit, so a forwarder whose logic
 * never emits holds none. Reset per batch by {@link #begin} (three stores).
 */
final class EmitScratch
{
    static final int END = -1;
    /** Scratch bytes per packet of maxBatch; a copy takes its length rounded up to 64. */
    static final int BYTES_PER_PACKET = 2048;
    /** Records (copies) per packet of maxBatch. */
    static final int COPIES_PER_PACKET = 2;
    /** A record withdrawn because its packet's lookup threw. */
    private static final int WITHDRAWN = -1;

    private final int maxBytes;
    private final int maxCopies;
    private MemorySegment memory;
    private int[] packet;
    private int[] destination;
    private long[] offset;
    private int[] length;
    private int[] next;
    private int[] sorted;
    private int count;
    private long used;
    private boolean inOrder;

    EmitScratch(final int maxBatch)
    {
        this.maxBytes = maxBatch * BYTES_PER_PACKET;
        this.maxCopies = maxBatch * COPIES_PER_PACKET;
    }

    void begin()
    {
        count = 0;
        used = 0;
        inOrder = true;
    }

    int count()
    {
        return count;
    }

    /**
     * Copies {@code length} bytes from {@code source} into a new record for {@code destination}.
     *
     * @return the record, or {@link #END} when the scratch is exhausted (bytes or records)
     */
    int add(final int packetIndex, final int destination, final MemorySegment source, final long from,
        final int length)
    {
        final long need = (length + 63) & ~63L;
        if (count == maxCopies || used + need > maxBytes)
        {
            return END;
        }
        if (memory == null)
        {
            allocate();
        }
        final int k = count++;
        MemorySegment.copy(source, from, memory, used, length);
        if (k > 0 && packet[k - 1] > packetIndex)
        {
            inOrder = false;
        }
        this.packet[k] = packetIndex;
        this.destination[k] = destination;
        this.offset[k] = used;
        this.length[k] = length;
        this.next[k] = END;
        used += need;
        return k;
    }

    private void allocate()
    {
        // off-heap like the frames it copies (native-to-native copies); the GC frees it with the forwarder
        memory = Arena.ofAuto().allocate(maxBytes, 64);
        packet = new int[maxCopies];
        destination = new int[maxCopies];
        offset = new long[maxCopies];
        length = new int[maxCopies];
        next = new int[maxCopies];
        sorted = new int[maxCopies];
    }

    /** Withdraws records {@code from..count-1} (their packet's lookup threw); returns how many. */
    int withdrawFrom(final int from)
    {
        for (int k = from; k < count; k++)
        {
            length[k] = WITHDRAWN;
        }
        return count - from;
    }

    boolean withdrawn(final int k)
    {
        return length[k] == WITHDRAWN;
    }

    boolean inOrder()
    {
        return inOrder;
    }

    /** Records in packet order, emit order kept among one packet's (a stable counting sort). */
    int[] sortByPacket(final int batchSize, final int[] countsScratch)
    {
        java.util.Arrays.fill(countsScratch, 0, batchSize + 1, 0);
        for (int k = 0; k < count; k++)
        {
            countsScratch[packet[k] + 1]++;
        }
        for (int i = 0; i < batchSize; i++)
        {
            countsScratch[i + 1] += countsScratch[i];
        }
        for (int k = 0; k < count; k++)
        {
            sorted[countsScratch[packet[k]]++] = k;
        }
        return sorted;
    }

    int packet(final int k)
    {
        return packet[k];
    }

    int destination(final int k)
    {
        return destination[k];
    }

    MemorySegment memory()
    {
        return memory;
    }

    long offset(final int k)
    {
        return offset[k];
    }

    int length(final int k)
    {
        return length[k];
    }

    int next(final int k)
    {
        return next[k];
    }

    void next(final int k, final int following)
    {
        next[k] = following;
    }
}
