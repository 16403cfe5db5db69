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

/**
 * For random batches and random logic answers (with random emits and rewrites between them), every
 * frame and every emitted copy ends up exactly where the logic said, with the bytes it had then.
 */
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

    /** Per packet, 0..3 emits; each targets a port in -1..40 (invalid and hairpin ones included). */
    @Provide
    Arbitrary<List<List<Integer>>> emits()
    {
        return Arbitraries.integers().between(-1, 40).list().ofMaxSize(3)
            .list().ofMinSize(1024).ofMaxSize(1024);
    }

    /** Payload byte rewritten after each emit: the copy made by emit j carries j, the final copy the emit count. */
    private static final int MARK = 46;

    @Property(tries = 60)
    void everyFrameGoesWhereTheLogicSaid(@ForAll("decisions") final List<Integer> decisions,
        @ForAll @IntRange(min = 1, max = 33) final int portCount, @ForAll @IntRange(min = 0, max = 32) final int in0)
    {
        check(decisions, List.of(), portCount, in0);
    }

    @Property(tries = 60)
    void everyEmittedCopyGoesWhereTheLogicSaidWithItsBytes(@ForAll("decisions") final List<Integer> decisions,
        @ForAll("emits") final List<List<Integer>> emits,
        @ForAll @IntRange(min = 1, max = 33) final int portCount, @ForAll @IntRange(min = 0, max = 32) final int in0)
    {
        check(decisions, emits, portCount, in0);
    }

    private void check(final List<Integer> decisions, final List<List<Integer>> emits, final int portCount,
        final int in0)
    {
        final int in = in0 % portCount;
        final List<TestPort> ports = new ArrayList<>();
        final int[] table = decisions.stream().mapToInt(Integer::intValue).toArray();
        // scratch sized for batches of 256, so large batches with many emits exhaust it
        final SwitchConfig config = SwitchConfig.defaults().withMaxBatch(256);
        final int emitRoom = config.maxBatch() * EmitScratch.COPIES_PER_PACKET;
        try (Switch sw = new Switch("prop", (p, ingress) ->
        {
            final int id = Frames.id(read(p));
            final List<Integer> targets = id < emits.size() ? emits.get(id) : List.of();
            for (int j = 0; j < targets.size(); j++)
            {
                p.u8(MARK, j);
                p.emit(targets.get(j));
            }
            p.u8(MARK, targets.size());
            final int d = table[id];
            if (d == THROW)
            {
                throw new IllegalStateException("thrown on purpose");
            }
            if (d == SwitchLogic.MULTIPLE)
            {
                p.addOutput(0).addOutput(portCount - 1);
            }
            return d;
        }, config))
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

            // reference model: a delivered copy is "id.mark"
            final Map<Integer, List<String>> expected = new HashMap<>();
            final Map<DropReason, Long> drops = new HashMap<>();
            int emitted = 0;
            for (int i = 0; i < table.length; i++)
            {
                final int d = table[i];
                final List<Integer> targets = i < emits.size() ? emits.get(i) : List.of();
                final List<int[]> copies = new ArrayList<>();
                for (int j = 0; j < targets.size(); j++)
                {
                    final int t = targets.get(j);
                    if (t < 0 || t >= portCount)
                    {
                        drops.merge(DropReason.BAD_PORT, 1L, Long::sum);
                    }
                    else if (t == in)
                    {
                        drops.merge(DropReason.HAIRPIN, 1L, Long::sum);
                    }
                    else if (emitted == emitRoom)
                    {
                        drops.merge(DropReason.NO_BUFFER, 1L, Long::sum);
                    }
                    else
                    {
                        emitted++;
                        copies.add(new int[] {t, j});
                    }
                }
                final int mark = targets.size();
                final boolean noEmit = targets.isEmpty();
                if (d == THROW)
                {
                    drops.merge(DropReason.LOGIC_ERROR, 1L + copies.size(), Long::sum);
                    continue;
                }
                for (final int[] copy : copies)
                {
                    expected.computeIfAbsent(copy[0], k -> new ArrayList<>()).add(i + "." + copy[1]);
                }
                if (d == SwitchLogic.DROP)
                {
                    if (noEmit)
                    {
                        drops.merge(DropReason.NO_ROUTE, 1L, Long::sum);
                    }
                }
                else if (d == SwitchLogic.BROADCAST)
                {
                    if (portCount == 1 && noEmit)
                    {
                        drops.merge(DropReason.NO_DESTINATION, 1L, Long::sum);
                    }
                    for (int p = 0; p < portCount; p++)
                    {
                        if (p != in)
                        {
                            expected.computeIfAbsent(p, k -> new ArrayList<>()).add(i + "." + mark);
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
                            expected.computeIfAbsent(p, k -> new ArrayList<>()).add(i + "." + mark);
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
                    expected.computeIfAbsent(d, k -> new ArrayList<>()).add(i + "." + mark);
                }
            }
            for (int p = 0; p < portCount; p++)
            {
                final List<String> got = ports.get(p).drain().stream().map(f -> Frames.id(f) + "." + f[MARK]).toList();
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
