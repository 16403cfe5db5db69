package net.vswitch.ports.dpdk;

import java.lang.foreign.MemorySegment;

/**
 * The whole address space as one segment, so a {@link net.vswitch.fabric.Packet} flyweight can point
 * straight at an mbuf's data with the data's absolute address as its offset: no segment is made per
 * packet. Bounds are DPDK's: the shim reports each frame's address, length and room.
 */
final class DpdkMemory
{
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private DpdkMemory()
    {
    }

    /**
     * The same memory as {@code segment}, without its arena: passing a segment of a shared arena to
     * a downcall acquires and releases the arena (two atomic operations per argument per call). The
     * owner keeps the arena and closes it only after the last call that uses the alias.
     */
    static MemorySegment unscoped(final MemorySegment segment)
    {
        return MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize());
    }
}
