package net.vswitch.fabric;

import java.lang.foreign.Arena;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OutputRingTest
{
    @Test
    void shouldPublishOutOfOrderCommitsInOrder()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final Ring ring = Ring.allocate(arena, 16, 64);
            final OutputRing out = new OutputRing(ring, new PortCounters());
            final OutputRing.Lease a = new OutputRing.Lease();
            final OutputRing.Lease b = new OutputRing.Lease();
            final OutputRing.Lease c = new OutputRing.Lease();
            assertEquals(4, out.reserve(4, a));
            assertEquals(4, out.reserve(4, b));
            assertEquals(4, out.reserve(4, c));
            out.commit(c);
            assertEquals(0, ring.tail(), "c waits for a and b");
            out.commit(b);
            assertEquals(0, ring.tail());
            out.commit(a);
            assertEquals(12, ring.tail(), "a publishes a, b and c");
            assertEquals(0, out.inFlight());
        }
    }

    @Test
    void shouldRejectWriteWhenRingFull()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final Ring ring = Ring.allocate(arena, 8, 64);
            final OutputRing out = new OutputRing(ring, new PortCounters());
            final OutputRing.Lease lease = new OutputRing.Lease();
            assertEquals(8, out.reserve(10, lease));
            out.commit(lease);
            assertEquals(0, out.reserve(1, lease));
            ring.head(3);
            assertEquals(3, out.reserve(5, lease));
            assertEquals(8, lease.start());
        }
    }

    @Test
    void shouldConsumeASinkRingAsItPublishesInOrder()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final Ring ring = Ring.allocate(arena, 8, 64);
            final PortCounters counters = new PortCounters();
            final OutputRing out = OutputRing.sink(ring, counters);
            final OutputRing.Lease a = new OutputRing.Lease();
            final OutputRing.Lease b = new OutputRing.Lease();
            assertEquals(5, out.reserve(5, a));
            assertEquals(3, out.reserve(3, b));
            out.commit(b);
            assertEquals(0, ring.head(), "nothing is consumed before it is published");
            out.commit(a);
            assertEquals(8, ring.head());
            assertEquals(8, out.reserve(8, a), "a sink never fills");
            out.commit(a);
            assertEquals(16, ring.head());
            assertEquals(16, counters.txPackets());
        }
    }

    @Test
    void shouldRefuseForeignMemoryByName()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final var memory = arena.allocate(RingDescriptor.ringLength(8, 64));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Ring.attach(memory));
            assertEquals("bad ring magic 0x00000000 (expected 0x47525356)", ex.getMessage());
            Ring.format(memory, 8, 64);
            memory.set(java.lang.foreign.ValueLayout.JAVA_INT, RingDescriptor.VERSION_OFFSET, 9);
            ex = assertThrows(IllegalArgumentException.class, () -> Ring.attach(memory));
            assertEquals("unsupported ring version 9 (expected 1)", ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RingDescriptor.checkCapacity(12));
        }
    }
}
