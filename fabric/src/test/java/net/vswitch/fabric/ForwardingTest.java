package net.vswitch.fabric;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class ForwardingTest
{
    private final List<TestPort> ports = new ArrayList<>();
    private Switch sw;

    private Switch build(final int portCount, final SwitchLogic logic)
    {
        sw = new Switch("t", logic);
        for (int i = 0; i < portCount; i++)
        {
            final TestPort port = new TestPort("p" + i);
            ports.add(port);
            sw.attach(port);
        }
        return sw;
    }

    @AfterEach
    void close()
    {
        if (sw != null)
        {
            sw.close();
        }
        ports.forEach(TestPort::close);
    }

    private static List<byte[]> frames(final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(Frames.withId(i, 60 + (i % 7)));
        }
        return frames;
    }

    private void assertAccounting()
    {
        for (final TestPort port : ports)
        {
            final PortCounters c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), "invariant on " + port);
        }
        assertEquals(ports.stream().mapToLong(p -> p.counters().forwarded()).sum(),
            ports.stream().mapToLong(p -> p.counters().txPackets()).sum(), "forwarded == tx");
    }

    @ParameterizedTest(name = "unicast: {0} frames, {1} ports")
    @CsvSource({"1,2", "7,3", "64,17", "1024,2", "1024,1024", "333,1024"})
    void shouldDeliverUnicastToTheChosenPortInOrder(final int batch, final int portCount)
    {
        // frame i goes to port 1 + i % (N-1): every destination gets its frames in batch order
        build(portCount, (p, in) -> 1 + Frames.id(bytes(p)) % (portCount - 1));
        final List<byte[]> sent = frames(batch);
        assertEquals(batch, ports.get(0).send(sent));
        for (int d = 1; d < portCount; d++)
        {
            final List<byte[]> got = ports.get(d).drain();
            int expected = d - 1;
            for (final byte[] frame : got)
            {
                assertEquals(expected, Frames.id(frame));
                assertArrayEquals(sent.get(expected), frame);
                expected += portCount - 1;
            }
            assertEquals(expected - (d - 1), got.size() * (portCount - 1));
        }
        assertEquals(batch, ports.get(0).counters().forwarded());
        assertAccounting();
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] b = new byte[p.length()];
        java.lang.foreign.MemorySegment.copy(p.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, p.offset(), b, 0,
            b.length);
        return b;
    }

    @ParameterizedTest(name = "broadcast: {0} frames, {1} ports")
    @CsvSource({"1,2", "5,3", "64,17", "1024,4", "16,1024"})
    void shouldFloodToEveryPortButTheIngress(final int batch, final int portCount)
    {
        build(portCount, (p, in) -> SwitchLogic.BROADCAST);
        ports.get(1).send(frames(batch));
        for (int d = 0; d < portCount; d++)
        {
            final List<byte[]> got = ports.get(d).drain();
            assertEquals(d == 1 ? 0 : batch, got.size(), "port " + d);
            for (int i = 0; i < got.size(); i++)
            {
                assertEquals(i, Frames.id(got.get(i)));
            }
        }
        assertEquals((long)batch * (portCount - 2), ports.get(1).counters().replicated());
        assertAccounting();
    }

    @Test
    void shouldCountDropsUnknownPortsAndHairpinByReason()
    {
        build(3, (p, in) -> switch (Frames.id(bytes(p)) % 5)
        {
            case 0 -> SwitchLogic.DROP;
            case 1 -> 77;
            case 2 -> in;
            case 3 -> SwitchLogic.hairpin(in);
            default ->
            {
                p.dropReason(DropReason.FILTERED);
                yield SwitchLogic.DROP;
            }
        });
        ports.get(0).send(frames(100));
        final PortCounters c = ports.get(0).counters();
        assertEquals(20, c.drops(DropReason.NO_ROUTE));
        assertEquals(20, c.drops(DropReason.BAD_PORT));
        assertEquals(20, c.drops(DropReason.HAIRPIN));
        assertEquals(20, c.drops(DropReason.FILTERED));
        assertEquals(20, ports.get(0).drain().size(), "explicit hairpin goes back");
        assertAccounting();
    }

    @Test
    void shouldDropAndCountMalformedFramesWithoutCallingTheLogic()
    {
        build(2, (p, in) ->
        {
            assertTrue(p.length() >= 14);
            return 1;
        });
        final List<byte[]> frames = new ArrayList<>();
        for (int len = 0; len < 14; len++)
        {
            frames.add(new byte[len]);
        }
        frames.add(Frames.withId(1, 60));
        ports.get(0).send(frames);
        assertEquals(14, ports.get(0).counters().drops(DropReason.MALFORMED));
        assertEquals(1, ports.get(1).drain().size());
        assertAccounting();
    }

    @Test
    void shouldSurviveALogicThatThrows()
    {
        build(2, (p, in) ->
        {
            if (Frames.id(bytes(p)) % 2 == 0)
            {
                throw new IllegalStateException("boom");
            }
            return 1;
        });
        assertEquals(5, ports.get(0).send(frames(10)));
        assertEquals(5, ports.get(0).counters().drops(DropReason.LOGIC_ERROR));
        assertEquals(5, sw.logicErrors());
        assertEquals("boom", sw.lastLogicError().getMessage());
        assertEquals(5, ports.get(1).drain().size());
        assertAccounting();
    }

    @Test
    void shouldDropWhatDoesNotFitAndCountRingFull()
    {
        sw = new Switch("t", (p, in) -> 1);
        final TestPort a = new TestPort("a", 16, 2048);
        final TestPort b = new TestPort("b", 16, 128);
        ports.add(a);
        ports.add(b);
        sw.attach(a);
        sw.attach(b);
        final List<byte[]> frames = frames(20);
        frames.add(Frames.withId(99, 200));
        a.send(frames);
        assertEquals(16, b.drain().size());
        assertEquals(4, a.counters().drops(DropReason.RING_FULL));
        assertEquals(1, a.counters().drops(DropReason.TOO_BIG));
        assertEquals(16, b.counters().txPackets());
        assertAccounting();
    }

    @Test
    void shouldSendMultiOutputCopiesOnceEachAndRefuseBadTargets()
    {
        build(4, (p, in) ->
        {
            p.addOutput(2).addOutput(3).addOutput(2).addOutput(9).addOutput(in);
            return SwitchLogic.MULTIPLE;
        });
        ports.get(0).send(frames(3));
        assertEquals(0, ports.get(1).drain().size());
        assertEquals(3, ports.get(2).drain().size());
        assertEquals(3, ports.get(3).drain().size());
        assertEquals(3, ports.get(0).counters().drops(DropReason.BAD_PORT));
        assertEquals(3, ports.get(0).counters().drops(DropReason.HAIRPIN));
        assertAccounting();
    }

    @Test
    void shouldRefuseDuplicateNamesAndForeignPorts()
    {
        build(1, (p, in) -> SwitchLogic.DROP);
        final TestPort dup = new TestPort("p0");
        ports.add(dup);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> sw.attach(dup));
        assertEquals("switch t already has a port named p0", ex.getMessage());
        try (Switch other = new Switch("u", (p, in) -> SwitchLogic.DROP))
        {
            assertThrows(IllegalStateException.class, () -> other.attach(ports.get(0)));
        }
    }

    @Test
    void shouldDropBatchesOfADetachedPort()
    {
        build(2, (p, in) -> 1 - in);
        final TestPort a = ports.get(0);
        final Ingress ingress = a.ingress();
        sw.detach(a);
        final PacketBatch batch = new PacketBatch(4);
        final java.lang.foreign.MemorySegment m = java.lang.foreign.Arena.ofAuto().allocate(128);
        batch.add(m, 0, 60, 128, 0);
        assertEquals(0, ingress.forward(batch));
        assertEquals(1, a.counters().drops(DropReason.DETACHED));
        assertEquals(0, ports.get(1).drain().size());
    }
}
