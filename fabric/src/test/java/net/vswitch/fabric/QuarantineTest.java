package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A fault touching one port's memory (here: its arena closed under the fabric) quarantines that port
 * alone: the batch still reaches every other destination, the copies that could not be made are
 * counted as {@code quarantined} on the sender, and later batches skip the port without touching it.
 */
class QuarantineTest
{
    private static final SwitchLogic FLOOD = (packet, ingress) -> SwitchLogic.BROADCAST;

    private final TestPort a = new TestPort("a");
    private final TestPort b = new TestPort("b");
    private final TestPort c = new TestPort("c");
    private final Switch sw = new Switch("t", FLOOD);

    @AfterEach
    void close()
    {
        sw.close();
        b.close();
    }

    @Test
    void shouldQuarantineADestinationWhoseMemoryIsGoneAndDeliverTheRest()
    {
        sw.attachAll(List.of(a, b, c));
        c.close(); // its ring is unmapped while attached: copying into it throws IllegalStateException
        assertEquals(10, a.send(frames(10)));
        assertTrue(c.quarantined());
        assertFalse(a.quarantined());
        assertFalse(b.quarantined());
        assertEquals(10, b.drain().size());
        assertEquals(10, a.counters().drops(DropReason.QUARANTINED));
        assertEquals(1, sw.portErrors());

        // later batches skip the quarantined port without touching it again
        assertEquals(10, a.send(frames(10)));
        assertEquals(10, b.drain().size());
        assertEquals(20, a.counters().drops(DropReason.QUARANTINED));
        assertEquals(1, sw.portErrors());
        assertBooks();
        a.close();
    }

    @Test
    void shouldQuarantineASourceWhoseFramesFault()
    {
        sw.attachAll(List.of(a, b, c));
        final Arena gone = Arena.ofShared();
        final MemorySegment frames = gone.allocate(4 * 2048L);
        final PacketBatch batch = new PacketBatch(4);
        for (int i = 0; i < 4; i++)
        {
            MemorySegment.copy(Frames.withId(i, 64), 0, frames, ValueLayout.JAVA_BYTE, i * 2048L, 64);
            batch.add(frames, i * 2048L, 64, 2048, a.index());
        }
        gone.close();
        final int delivered = a.ingress().forward(batch);
        assertEquals(0, delivered);
        assertTrue(a.quarantined(), "the port whose frames fault is quarantined");
        assertFalse(b.quarantined());
        assertFalse(c.quarantined());
        // four frames, two destinations each: every copy counted as quarantined on the sender
        assertEquals(8, a.counters().drops(DropReason.QUARANTINED));
        assertEquals(List.of(), b.drain());
        assertEquals(List.of(), c.drain());
        // the other ports keep switching; the quarantined one gets nothing
        assertEquals(1, b.send(frames(1)));
        assertEquals(1, c.drain().size());
        assertEquals(1, b.counters().drops(DropReason.QUARANTINED));
        assertBooks();
        a.close();
        c.close();
    }

    private void assertBooks()
    {
        for (final TestPort port : List.of(a, b, c))
        {
            final PortCounters counters = port.counters();
            assertEquals(counters.rxPackets() + counters.replicated(), counters.forwarded() + counters.ingressDrops(),
                "invariant on " + port);
        }
        assertEquals(a.counters().forwarded() + b.counters().forwarded() + c.counters().forwarded(),
            a.counters().txPackets() + b.counters().txPackets() + c.counters().txPackets(), "forwarded == tx");
    }

    private static List<byte[]> frames(final int count)
    {
        final List<byte[]> frames = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(Frames.withId(i, 64));
        }
        return frames;
    }
}
