package net.vswitch.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.Test;

class AttachAllTest
{
    /** Port 0 sends to port 1; everything else drops (the fabric has no logic of its own to borrow). */
    private static final SwitchLogic ZERO_TO_ONE = (packet, ingress) -> ingress == 0 ? 1 : SwitchLogic.DROP;

    /** A source that sends one frame as soon as it is started, like a pcap replay or a busy NIC. */
    private static final class EagerSource extends Port
    {
        private final Arena arena = Arena.ofShared();

        EagerSource(final String name)
        {
            super(name);
        }

        @Override
        public OutputRing output()
        {
            return null;
        }

        @Override
        protected void attached(final Switch owner)
        {
            final MemorySegment frame = arena.allocate(256);
            MemorySegment.copy(MemorySegment.ofArray(Frames.withId(1, 60)), 0, frame, 0, 60);
            final PacketBatch batch = new PacketBatch(1);
            batch.add(frame, 0, 60, 256, index());
            ingress().forward(batch);
        }

        @Override
        public void close()
        {
            arena.close();
        }
    }

    @Test
    void shouldStartPortsOnlyWhenAllAreAttached()
    {
        final Switch sw = new Switch("s", ZERO_TO_ONE);
        final EagerSource source = new EagerSource("src");
        final TestPort sink = new TestPort("sink");
        assertArrayEquals(new int[]{0, 1}, sw.attachAll(List.of(source, sink)));
        assertEquals(1, sink.drain().size());
        assertEquals(0, source.counters().totalDrops());
        sw.close();
        source.close();
        sink.close();
    }

    @Test
    void shouldLoseTheFirstFramesWhenAttachedOneByOne()
    {
        final Switch sw = new Switch("s", ZERO_TO_ONE);
        final EagerSource source = new EagerSource("src");
        final TestPort sink = new TestPort("sink");
        sw.attach(source);
        sw.attach(sink);
        assertEquals(0, sink.drain().size());
        assertEquals(1, source.counters().drops(DropReason.BAD_PORT));
        sw.close();
        source.close();
        sink.close();
    }

    @Test
    void shouldStartThoseAttachedBeforeAFailure()
    {
        final Switch sw = new Switch("s", ZERO_TO_ONE, SwitchConfig.defaults().withMaxPorts(1));
        final TestPort first = new TestPort("a");
        final TestPort second = new TestPort("b");
        assertEquals("switch s is full (1 ports)", assertThrows(IllegalStateException.class,
            () -> sw.attachAll(List.of(first, second))).getMessage());
        assertEquals(0, first.index());
        assertEquals(-1, second.index());
        sw.close();
        first.close();
        second.close();
    }
}
