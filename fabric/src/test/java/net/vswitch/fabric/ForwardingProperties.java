package net.vswitch.fabric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** For random batches and random logic answers, every frame ends up exactly where the logic said. */
class ForwardingProperties
{
    /** Decision codes the generator draws from; positive values are port indexes. */
    private static final int THROW = -100;

    @Provide
    Arbitrary<List<Integer>> decisions()
    {
        return Arbitraries.integers().between(-4, 40)
            .map(d -> d == -4 ? THROW : d)
            .list().ofMinSize(1).ofMaxSize(1024);
    }

    @Property(tries = 60)
    void everyFrameGoesWhereTheLogicSaid(@ForAll("decisions") final List<Integer> decisions,
        @ForAll @IntRange(min = 1, max = 33) final int portCount, @ForAll @IntRange(min = 0, max = 32) final int in0)
    {
        final int in = in0 % portCount;
        final List<TestPort> ports = new ArrayList<>();
        final int[] table = decisions.stream().mapToInt(Integer::intValue).toArray();
        try (Switch sw = new Switch("prop", (p, ingress) ->
        {
            final int d = table[Frames.id(read(p))];
            if (d == THROW)
            {
                throw new IllegalStateException("thrown on purpose");
            }
            if (d == SwitchLogic.MULTIPLE)
            {
                p.addOutput(0).addOutput(portCount - 1);
            }
            return d;
        }))
        {
            for (int i = 0; i < portCount; i++)
            {
                final TestPort port = new TestPort("p" + i, 2048, 128);
                ports.add(port);
                sw.attach(port);
            }
            final List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < table.length; i++)
            {
                frames.add(Frames.withId(i, 60));
            }
            ports.get(in).send(frames);

            // reference model
            final Map<Integer, List<Integer>> expected = new HashMap<>();
            final Map<DropReason, Long> drops = new HashMap<>();
            for (int i = 0; i < table.length; i++)
            {
                final int d = table[i];
                if (d == THROW)
                {
                    drops.merge(DropReason.LOGIC_ERROR, 1L, Long::sum);
                }
                else if (d == SwitchLogic.DROP)
                {
                    drops.merge(DropReason.NO_ROUTE, 1L, Long::sum);
                }
                else if (d == SwitchLogic.BROADCAST)
                {
                    if (portCount == 1)
                    {
                        drops.merge(DropReason.NO_DESTINATION, 1L, Long::sum);
                    }
                    for (int p = 0; p < portCount; p++)
                    {
                        if (p != in)
                        {
                            expected.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                        }
                    }
                }
                else if (d == SwitchLogic.MULTIPLE)
                {
                    for (final int p : portCount == 1 ? new int[] {0} : new int[] {0, portCount - 1})
                    {
                        if (p == in)
                        {
                            drops.merge(DropReason.HAIRPIN, 1L, Long::sum);
                        }
                        else
                        {
                            expected.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                        }
                    }
                }
                else if (d < 0 || d >= portCount)
                {
                    drops.merge(DropReason.BAD_PORT, 1L, Long::sum);
                }
                else if (d == in)
                {
                    drops.merge(DropReason.HAIRPIN, 1L, Long::sum);
                }
                else
                {
                    expected.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
                }
            }
            for (int p = 0; p < portCount; p++)
            {
                final List<Integer> got = ports.get(p).drain().stream().map(Frames::id).toList();
                assertEquals(expected.getOrDefault(p, List.of()), got, "port " + p);
            }
            final PortCounters c = ports.get(in).counters();
            for (final DropReason reason : DropReason.values())
            {
                assertEquals(drops.getOrDefault(reason, 0L), c.drops(reason), reason.label());
            }
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops());
        }
        finally
        {
            ports.forEach(TestPort::close);
        }
    }

    private static byte[] read(final Packet p)
    {
        final byte[] b = new byte[p.length()];
        java.lang.foreign.MemorySegment.copy(p.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, p.offset(), b, 0,
            b.length);
        return b;
    }
}
