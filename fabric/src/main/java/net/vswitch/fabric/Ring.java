package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static net.vswitch.fabric.RingDescriptor.*;

/**
 * A view over one ring laid out as {@link RingDescriptor} says. It gives both sides' primitive
 * operations (positions with acquire/release ordering, slot lengths, buffer offsets); who plays which
 * side is up to the owner. Works the same on process-private and on shared (mapped file) memory.
 */
public final class Ring
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment memory;
    private final int capacity;
    private final int mask;
    private final int bufferSize;
    private final long buffersOffset;

    private Ring(final MemorySegment memory, final int capacity, final int bufferSize, final long buffersOffset)
    {
        this.memory = memory;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.bufferSize = bufferSize;
        this.buffersOffset = buffersOffset;
    }

    /** Allocates an off-heap ring that lives as long as {@code arena}. */
    public static Ring allocate(final Arena arena, final int capacity, final int bufferSize)
    {
        final MemorySegment memory = arena.allocate(ringLength(capacity, bufferSize), 4096);
        return format(memory, capacity, bufferSize);
    }

    /** Writes a fresh header into {@code memory} (which must be large enough) and returns the view. */
    public static Ring format(final MemorySegment memory, final int capacity, final int bufferSize)
    {
        final long length = ringLength(capacity, bufferSize);
        if (memory.byteSize() < length)
        {
            throw new IllegalArgumentException("ring needs " + length + " bytes, memory has " + memory.byteSize());
        }
        final long buffers = buffersOffset(capacity);
        memory.asSlice(0, SLOTS_OFFSET).fill((byte)0);
        memory.set(ValueLayout.JAVA_INT, VERSION_OFFSET, VERSION);
        memory.set(ValueLayout.JAVA_INT, CAPACITY_OFFSET, capacity);
        memory.set(ValueLayout.JAVA_INT, BUFFER_SIZE_OFFSET, bufferSize);
        memory.set(ValueLayout.JAVA_LONG, BUFFERS_OFFSET_OFFSET, buffers);
        VarHandle.releaseFence();
        INT.setRelease(memory, (long)MAGIC_OFFSET, MAGIC);
        return new Ring(memory, capacity, bufferSize, buffers);
    }

    /** Attaches to a ring someone else formatted; a wrong magic, version or shape is refused by name. */
    public static Ring attach(final MemorySegment memory)
    {
        if (memory.byteSize() < SLOTS_OFFSET)
        {
            throw new IllegalArgumentException("ring memory too small: " + memory.byteSize() + " bytes");
        }
        final int magic = (int)INT.getAcquire(memory, (long)MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new IllegalArgumentException(String.format("bad ring magic 0x%08x (expected 0x%08x)", magic, MAGIC));
        }
        final int version = memory.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new IllegalArgumentException("unsupported ring version " + version + " (expected " + VERSION + ")");
        }
        final int capacity = memory.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
        final int bufferSize = memory.get(ValueLayout.JAVA_INT, BUFFER_SIZE_OFFSET);
        checkCapacity(capacity);
        checkBufferSize(bufferSize);
        final long buffers = memory.get(ValueLayout.JAVA_LONG, BUFFERS_OFFSET_OFFSET);
        if (buffers != buffersOffset(capacity) || memory.byteSize() < ringLength(capacity, bufferSize))
        {
            throw new IllegalArgumentException("ring shape inconsistent with its memory: capacity " + capacity
                + ", buffer size " + bufferSize + ", " + memory.byteSize() + " bytes");
        }
        return new Ring(memory, capacity, bufferSize, buffers);
    }

    public MemorySegment memory()
    {
        return memory;
    }

    public int capacity()
    {
        return capacity;
    }

    public int mask()
    {
        return mask;
    }

    public int bufferSize()
    {
        return bufferSize;
    }

    public long tail()
    {
        return (long)LONG.getAcquire(memory, (long)TAIL_OFFSET);
    }

    public void tail(final long position)
    {
        LONG.setRelease(memory, (long)TAIL_OFFSET, position);
    }

    public long head()
    {
        return (long)LONG.getAcquire(memory, (long)HEAD_OFFSET);
    }

    public void head(final long position)
    {
        LONG.setRelease(memory, (long)HEAD_OFFSET, position);
    }

    public boolean consumerWaiting()
    {
        return (int)INT.getVolatile(memory, (long)CONSUMER_WAITING_OFFSET) != 0;
    }

    /** Volatile (full fence): a consumer sets it, then re-checks {@link #tail()} before sleeping. */
    public void consumerWaiting(final boolean waiting)
    {
        INT.setVolatile(memory, (long)CONSUMER_WAITING_OFFSET, waiting ? 1 : 0);
    }

    private long slotOffset(final long position)
    {
        return SLOTS_OFFSET + (position & mask) * (long)SLOT_SIZE;
    }

    public int slotLength(final long position)
    {
        return memory.get(ValueLayout.JAVA_INT, slotOffset(position) + SLOT_LENGTH_OFFSET);
    }

    public void slotLength(final long position, final int length)
    {
        memory.set(ValueLayout.JAVA_INT, slotOffset(position) + SLOT_LENGTH_OFFSET, length);
    }

    /** Sets length and clears flags in one 8-byte store (little-endian: length first, as the layout says). */
    public void slot(final long position, final int length)
    {
        memory.set(ValueLayout.JAVA_LONG, slotOffset(position), length & 0xFFFF_FFFFL);
    }

    public int slotFlags(final long position)
    {
        return memory.get(ValueLayout.JAVA_INT, slotOffset(position) + SLOT_FLAGS_OFFSET);
    }

    public void slotFlags(final long position, final int flags)
    {
        memory.set(ValueLayout.JAVA_INT, slotOffset(position) + SLOT_FLAGS_OFFSET, flags);
    }

    /** Offset in {@link #memory()} of the buffer that belongs to the slot at {@code position}. */
    public long bufferOffset(final long position)
    {
        return buffersOffset + (position & mask) * (long)bufferSize;
    }
}
