package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Switch#inject}: a frame enters as if a port had received it (OpenFlow packet-out). */
class InjectTest
{
    private static final Executor THREADS = task -> Thread.ofPlatform().daemon().start(task);

    private final List<TestPort> ports = new ArrayList<>();
    private Switch sw;

    private void build(final int portCount, final SwitchLogic logic)
    {
        sw = new Switch("inject", logic);
        for (int i = 0; i < portCount; i++)
        {
            final TestPort port = new TestPort("p" + i);
            ports.add(port);
            sw.attach(port);
        }
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

    private static MemorySegment segment(final byte[] frame)
    {
        return MemorySegment.ofArray(frame);
    }

    /** Port 0's frames go to 1, everything else to 2 (so where a frame lands says whose it was). */
    private static int byIngress(final Packet packet, final int ingress)
    {
        return ingress == 0 ? 1 : 2;
    }

    @Test
    void anInjectedFrameGoesThroughTheSwitchLogicAsIfReceived()
    {
        build(3, InjectTest::byIngress);
        final byte[] frame = Frames.withId(7, 60);
        assertEquals(1, sw.inject(0, segment(frame), 0, frame.length, null));
        final List<byte[]> got = ports.get(1).drain();
        assertEquals(1, got.size());
        assertArrayEquals(frame, got.get(0));
        final PortCounters injected = sw.injectedCounters();
        assertEquals(1, injected.rxPackets());
        assertEquals(60, injected.rxBytes());
        assertEquals(1, injected.forwarded());
        assertEquals(0, ports.get(0).counters().rxPackets(), "the ingress port's own counters are not touched");
        assertEquals(1, ports.get(1).counters().txPackets());
    }

    @Test
    void aOneShotLogicRunsThePacketOutActions()
    {
        build(3, (p, in) -> SwitchLogic.DROP);
        // actions=output:1,mod_vlan_vid:5... here: output:1, rewrite a byte, output:2
        final SwitchLogic actions = (p, in) ->
        {
            p.emit(1);
            p.u8(46, 9);
            return 2;
        };
        final byte[] frame = Frames.withId(3, 60);
        assertEquals(2, sw.inject(0, segment(frame), 0, frame.length, actions));
        assertArrayEquals(frame, ports.get(1).drain().get(0));
        assertEquals(9, ports.get(2).drain().get(0)[46]);
        assertEquals(0, frame[46], "the caller's memory is not rewritten: the fabric copied the frame");
        final PortCounters injected = sw.injectedCounters();
        assertEquals(injected.rxPackets() + injected.replicated(), injected.forwarded() + injected.ingressDrops());
    }

    @Test
    void injectedFramesAreValidatedAndCountedLikeReceivedOnes()
    {
        build(2, (p, in) -> in);
        final byte[] frame = Frames.withId(1, 60);
        assertEquals(0, sw.inject(1, segment(frame), 0, frame.length, null));
        assertEquals(0, sw.inject(0, segment(frame), 0, 10, null));
        final PortCounters injected = sw.injectedCounters();
        assertEquals(1, injected.drops(DropReason.HAIRPIN), "back to the ingress port needs hairpin");
        assertEquals(1, injected.drops(DropReason.MALFORMED));
        assertEquals(1, sw.inject(1, segment(frame), 0, frame.length, (p, in) -> SwitchLogic.hairpin(in)));
        assertEquals(1, ports.get(1).drain().size());
    }

    @Test
    void badArgumentsAreRefusedByName()
    {
        build(2, InjectTest::byIngress);
        final byte[] frame = Frames.withId(1, 60);
        assertEquals("switch inject has no port at index 5", assertThrows(IllegalArgumentException.class,
            () -> sw.inject(5, segment(frame), 0, frame.length, null)).getMessage());
        assertEquals("frame length 70000 outside 0..65536", assertThrows(IllegalArgumentException.class,
            () -> sw.inject(0, MemorySegment.ofArray(new byte[70000]), 0, 70000, null)).getMessage());
        sw.detach(ports.get(1));
        assertEquals("switch inject has no port at index 1", assertThrows(IllegalArgumentException.class,
            () -> sw.inject(1, segment(frame), 0, frame.length, null)).getMessage());
    }

    @Test
    void aLookupOfAnInjectedFrameCannotInjectAgain()
    {
        build(2, InjectTest::byIngress);
        final byte[] frame = Frames.withId(1, 60);
        final SwitchLogic nested = (p, in) -> sw.inject(0, segment(frame), 0, frame.length, null);
        assertEquals(0, sw.inject(0, segment(frame), 0, frame.length, nested));
        assertEquals(1, sw.injectedCounters().drops(DropReason.LOGIC_ERROR));
        assertEquals("inject called from the lookup of an injected frame", sw.lastLogicError().getMessage());
    }

    @Test
    void injectionFromAnotherThreadRunsAlongsideThePortsOwnTraffic() throws Exception
    {
        build(3, InjectTest::byIngress);
        final int batches = 200;
        final int injections = 2000;
        final List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++)
        {
            batch.add(Frames.withId(i, 60));
        }
        final CompletableFuture<Void> traffic = CompletableFuture.runAsync(() ->
        {
            for (int b = 0; b < batches; b++)
            {
                ports.get(0).send(batch);
            }
        }, THREADS);
        // injected "from port 0" too, but through a logic that sends them to port 2
        final CompletableFuture<Void> injector = CompletableFuture.runAsync(() ->
        {
            final byte[] frame = new byte[60];
            for (int i = 0; i < injections; i++)
            {
                final byte[] f = Frames.withId(i, 60);
                System.arraycopy(f, 0, frame, 0, 60);
                sw.inject(0, segment(frame), 0, 60, (p, in) -> 2);
            }
        }, THREADS);
        final List<Integer> toOne = new ArrayList<>();
        final List<Integer> toTwo = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(traffic.isDone() && injector.isDone()) && System.nanoTime() < deadline)
        {
            ports.get(1).drain().forEach(f -> toOne.add(Frames.id(f)));
            ports.get(2).drain().forEach(f -> toTwo.add(Frames.id(f)));
            Thread.onSpinWait();
        }
        traffic.get(10, TimeUnit.SECONDS);
        injector.get(10, TimeUnit.SECONDS);
        ports.get(1).drain().forEach(f -> toOne.add(Frames.id(f)));
        ports.get(2).drain().forEach(f -> toTwo.add(Frames.id(f)));
        // rings hold 1024: a full ring drops (counted), so compare what arrived with what was counted
        final PortCounters own = ports.get(0).counters();
        final PortCounters injected = sw.injectedCounters();
        assertEquals(batches * 16L, own.rxPackets());
        assertEquals(injections, injected.rxPackets());
        assertEquals(own.forwarded(), toOne.size());
        assertEquals(injected.forwarded(), toTwo.size());
        assertEquals(own.rxPackets(), own.forwarded() + own.drops(DropReason.RING_FULL));
        assertEquals(injected.rxPackets(), injected.forwarded() + injected.drops(DropReason.RING_FULL));
        for (int i = 1; i < toTwo.size(); i++)
        {
            assertTrue(toTwo.get(i) > toTwo.get(i - 1), "injected frames arrive in injection order");
        }
    }

    @Test
    void aModuleInjectsThroughItsContext()
    {
        final LogicContext[] context = new LogicContext[1];
        build(2, new SwitchLogic()
        {
            @Override
            public int lookup(final Packet packet, final int ingressPort)
            {
                return 1 - ingressPort;
            }

            @Override
            public void start(final LogicContext ctx)
            {
                context[0] = ctx;
            }
        });
        final byte[] frame = Frames.withId(4, 60);
        assertEquals(1, context[0].inject(1, segment(frame), 0, frame.length, null));
        assertEquals(1, ports.get(0).drain().size());
    }
}
