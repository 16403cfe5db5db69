package net.vswitch.fabric;

/**
 * Byte layout of a ring with netmap semantics, in one block of memory (off-heap or a shared file).
 * Positions ({@code head}, {@code tail}) are 64-bit counters that never wrap; a slot's index is
 * {@code position & (capacity - 1)}. The producer owns {@code [tail, head + capacity)}, the consumer
 * {@code [head, tail)}. Producer and consumer indexes sit 128 bytes apart (no false sharing).
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | magic 'VSRG'      | version           | capacity (slots)  | buffer size       |
 *   +-------------------+-------------------+-------------------+-------------------+
 *  16 | buffers offset (long, from ring start)                                      |
 *     ...
 * 128 | tail: producer's published position (long)                                  |
 *     ...
 * 256 | head: consumer's released position (long)                                  |
 * 264 | consumer waiting flag (int): 1 while the consumer sleeps, producer wakes it |
 *     ...
 * 384 | slot 0: length (int) | flags (int) | slot 1 ... capacity * 8 bytes           |
 *     ...
 *  B  | buffer 0 (buffer size bytes) | buffer 1 | ... (B = buffers offset, 64-aligned)
 * </pre>
 * All fields are little-endian (host order on x86-64 and aarch64).
 */
public final class RingDescriptor
{
    public static final int MAGIC = 0x47525356; // "VSRG" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int CAPACITY_OFFSET = 8;
    public static final int BUFFER_SIZE_OFFSET = 12;
    public static final int BUFFERS_OFFSET_OFFSET = 16;
    public static final int TAIL_OFFSET = 128;
    public static final int HEAD_OFFSET = 256;
    public static final int CONSUMER_WAITING_OFFSET = 264;
    public static final int SLOTS_OFFSET = 384;
    public static final int SLOT_SIZE = 8;
    public static final int SLOT_LENGTH_OFFSET = 0;
    public static final int SLOT_FLAGS_OFFSET = 4;
    public static final int MAX_CAPACITY = 1 << 20;
    public static final int MIN_BUFFER_SIZE = 64;
    public static final int MAX_BUFFER_SIZE = 64 * 1024;

    private RingDescriptor()
    {
    }

    public static void checkCapacity(final int capacity)
    {
        if (capacity < 2 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException(
                "ring capacity must be a power of two in 2.." + MAX_CAPACITY + ": " + capacity);
        }
    }

    public static void checkBufferSize(final int bufferSize)
    {
        if (bufferSize < MIN_BUFFER_SIZE || bufferSize > MAX_BUFFER_SIZE || (bufferSize & 63) != 0)
        {
            throw new IllegalArgumentException("buffer size must be a multiple of 64 in "
                + MIN_BUFFER_SIZE + ".." + MAX_BUFFER_SIZE + ": " + bufferSize);
        }
    }

    public static long buffersOffset(final int capacity)
    {
        return align(SLOTS_OFFSET + (long)capacity * SLOT_SIZE, 64);
    }

    /** Total bytes a ring of this shape occupies. */
    public static long ringLength(final int capacity, final int bufferSize)
    {
        checkCapacity(capacity);
        checkBufferSize(bufferSize);
        return buffersOffset(capacity) + (long)capacity * bufferSize;
    }

    public static long align(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }
}
