package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.openflow.action.PacketInSink;
import net.vswitch.logic.openflow.action.ProgramExecutor;
import net.vswitch.logic.openflow.action.Recirculator;
import net.vswitch.logic.openflow.cache.Megaflow;
import net.vswitch.logic.openflow.cache.PortDatapath;
import net.vswitch.logic.openflow.ct.Conntrack;
import net.vswitch.logic.openflow.ct.Recirculation;
import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.FlowStats;
import net.vswitch.logic.openflow.pipeline.Translated;
import net.vswitch.logic.openflow.pipeline.Translator;
import net.vswitch.logic.openflow.softflow.SoftFlowActions;

/**
 * The megaflow property: for random tables and random packets the cached path (EMC + megaflows) and a fresh
 * slow-path translation give the same decision, outputs and bytes, and the per-entry counters equal what the
 * slow path alone would count; before and after random table changes, with the EMC off, always-on and sampled.
 * Tables include ct() with recirculation and softflow() stages: the reference runs its own tracker and actions fed
 * the same packets and translates every recirculated pass afresh, so a cached megaflow can never stand in for a
 * ct() or SoftFlow verdict.
 */
class MegaflowPropertyTest
{
    private static final String[] MATCHES = {
        "", "ip", "udp", "tcp", "arp", "ipv6", "in_port=1", "in_port=2", "ip,nw_dst=10.0.0.0/8",
        "ip,nw_dst=10.0.0.0/24", "ip,nw_dst=10.0.0.1", "ip,nw_src=10.0.1.0/24", "udp,tp_dst=53", "tcp,tp_dst=80",
        "tcp,tp_dst=0x50/0xfff0", "udp,tp_src=1000", "dl_vlan=10", "vlan_tci=0x0000", "ip,nw_ttl=1",
        "dl_dst=02:00:00:00:00:02", "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00", "reg0=1", "reg0=2",
        "ip,reg0=1,nw_dst=10.0.0.2", "udp6,tp_dst=53", "ip,nw_tos=32",
        // conntrack: ct() needs ip in the match, ct_state is read after a recirculation
        "ip,ct_state=-trk", "ip,ct_state=+trk+new", "ip,ct_state=+trk+est", "ct_state=+trk-new", "ct_state=+inv+trk",
        "ip,ct_zone=1", "ip,ct_mark=0x1", "udp,ct_state=-trk", "tcp,ct_state=+new",
        // SoftFlow: stages re-enter table 0
        "sf_stage=0", "sf_stage=1", "sf_stage=2,udp", "sf_action=noop", "sf_action=conntrack,sf_metadata=1",
        "sf_action=conntrack,sf_metadata=0",
    };
    private static final String[] ACTIONS = {
        "output:1", "output:2", "output:3", "output:4", "drop", "FLOOD", "in_port", "mod_nw_dst:10.0.0.7",
        "mod_vlan_vid:10", "strip_vlan", "dec_ttl", "load:1->reg0[]", "load:2->reg0[]", "resubmit(,1)",
        "resubmit(,2)", "group:1", "group:2", "mod_dl_dst:02:00:00:00:00:09", "CONTROLLER:64",
        "set_field:32->nw_tos",
        "ct(table=1)", "ct(commit,table=2)", "ct(commit)", "ct(zone=1,table=1)", "ct(commit,zone=1)",
        "ct(commit,table=2,exec(set_field:0x1->ct_mark))", "ct_clear",
        "softflow(noop)", "softflow(counter,1)", "softflow(conntrack,1)", "softflow(conntrack,0)",
    };

    record Flow(int table, int priority, String match, List<String> actions, boolean gotoNext)
    {
        String text()
        {
            final List<String> a = new ArrayList<>(actions);
            if (gotoNext && table < 2)
            {
                a.add("goto_table:" + (table + 1));
            }
            return "table=" + table + ",priority=" + priority + (match.isEmpty() ? "" : "," + match) + " actions="
                + (a.isEmpty() ? "drop" : String.join(",", a));
        }
    }

    record Frame(int inPort, int kind, int dst, int dport, int vlan, int ttl)
    {
        byte[] bytes()
        {
            final String dstIp = "10.0." + (dst >> 2) + "." + (dst & 3);
            final Frames f = switch (kind)
            {
                case 0 -> Frames.udp("10.0.1.5", 1000, dstIp, dport);
                case 1 -> Frames.tcp("10.0.2.5", 5000 + dport, dstIp, 70 + dport);
                case 2 -> Frames.arp();
                case 3 -> Frames.udp("2001:db8::1", 1000, "2001:db8::2", dport);
                default -> Frames.icmp("10.0.1.5", dstIp).tos(32);
            };
            if (vlan > 0)
            {
                f.vlan(vlan);
            }
            if (dst == 5)
            {
                f.macs(0x0200_0000_0001L, 0x0100_5E00_0001L);
            }
            return f.ttl(ttl).build();
        }
    }

    @Provide
    Arbitrary<Flow> flows()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 6),
            Arbitraries.of(MATCHES), Arbitraries.of(ACTIONS).list().ofMaxSize(3), Arbitraries.of(true, false))
            .as(Flow::new);
    }

    @Provide
    Arbitrary<Frame> frames()
    {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 7), Arbitraries.of(53, 80, 81, 95, 1000),
            Arbitraries.of(0, 0, 10, 11), Arbitraries.of(1, 2, 64)).as(Frame::new);
    }

    @Property(tries = 200)
    void cachedPathEqualsSlowPath(@ForAll @Size(min = 4, max = 24) final List<@From("flows") Flow> tables,
        @ForAll @Size(max = 6) final List<@From("flows") Flow> changes,
        @ForAll @Size(min = 1, max = 40) final List<@From("frames") Frame> frames,
        @ForAll @IntRange(min = 0, max = 3) final int emcInsertInverse)
    {
        try (Harness h = new Harness(emcInsertInverse))
        {
            h.ctl("add-group", "group_id=1,type=select,bucket=output:2,bucket=output:3");
            h.ctl("add-group", "group_id=2,type=all,bucket=mod_nw_dst:10.0.0.9,output:4,bucket=output:1");
            install(h, tables);
            final Map<FlowStats, Long> expected = new IdentityHashMap<>();
            final Conntrack reference = new Conntrack(ConntrackConfig.defaults(), Clock.SYSTEM);
            check(h, frames, expected, reference);
            install(h, changes);
            if (!changes.isEmpty())
            {
                h.ctl("del-flows", "table=" + changes.get(0).table() + "," + changes.get(0).match());
            }
            check(h, frames, expected, reference);
            reference.stop();
        }
    }

    private static void install(final Harness h, final List<Flow> flows)
    {
        for (final Flow f : flows)
        {
            try
            {
                h.ctl("add-flow", f.text());
            }
            catch (final IllegalArgumentException refused)
            {
                // a random flow may lack a prerequisite for its action (e.g. mod_nw_dst without ip): not installed
            }
        }
    }

    private static void check(final Harness h, final List<Frame> frames, final Map<FlowStats, Long> expected,
        final Conntrack tracker)
    {
        final Translator slow = new Translator(h.logic.ports());
        final List<Integer> slowPorts = new ArrayList<>();
        final List<byte[]> slowFrames = new ArrayList<>();
        final PacketInSink ignore = (p, in, max, reason, table, cookie) -> { };
        final long[] key = new long[FlowKey.WORDS];
        final Recirculator recirculate = (packet, ingress, id) ->
        {
            final long[] k = new long[FlowKey.WORDS];
            FlowKey.extract(packet, ingress + 1, k);
            Recirculation.restore(id, k);
            final Translated t = slow.translate(h.logic.pipeline().state(), k);
            for (final FlowEntry e : t.contributors())
            {
                expected.merge(e.stats(), 1L, Long::sum);
            }
            return t.program();
        };
        final ProgramExecutor executor = new ProgramExecutor(h.logic.ports(), ignore, (p, port, copy) ->
        {
            slowPorts.add((port & ~SwitchLogic.HAIRPIN_FLAG) + 1);
            slowFrames.add(Frames.bytes(p));
            p.addOutput(port);
        }, tracker, recirculate, new SoftFlowActions(tracker::tracker));
        for (int round = 0; round < 2; round++)
        {
            for (final Frame frame : frames)
            {
                final byte[] bytes = frame.bytes();
                final Harness.Result cached = h.send(bytes, frame.inPort());
                final Packet reference = Frames.packet(bytes, frame.inPort() - 1);
                FlowKey.extract(reference, frame.inPort(), key);
                final Translated t = slow.translate(h.logic.pipeline().state(), key);
                for (final FlowEntry e : t.contributors())
                {
                    expected.merge(e.stats(), 1L, Long::sum);
                }
                slowPorts.clear();
                slowFrames.clear();
                final int decision = executor.run(t.program(), reference, frame.inPort() - 1);
                assertEquals(decision, cached.decision(), "decision for " + frame);
                if (decision != SwitchLogic.BROADCAST)
                {
                    assertEquals(slowPorts, cached.ports(), "outputs for " + frame);
                    for (int i = 0; i < slowFrames.size(); i++)
                    {
                        assertEquals(Arrays.toString(slowFrames.get(i)), Arrays.toString(cached.frames().get(i)),
                            "bytes of output " + i + " for " + frame);
                    }
                }
            }
        }
        h.logic.credit();
        for (final Classifier table : h.logic.pipeline().state().tables())
        {
            for (final FlowEntry e : table.entries())
            {
                assertEquals(expected.getOrDefault(e.stats(), 0L).longValue(), e.stats().packets(),
                    "n_packets of " + e.match() + " priority " + e.priority());
            }
        }
        final Map<String, Long> c = h.logic.counters();
        assertEquals(c.get("packets"), c.get("emc_hits") + c.get("megaflow_hits") + c.get("slow_path_hits")
            + c.get("lost") - c.get("recirculations"));
        assertDisjoint(h);
    }

    /** No two megaflows of one port accept the same packet. */
    private static void assertDisjoint(final Harness h)
    {
        for (final PortDatapath dp : h.logic.datapathList())
        {
            final List<Megaflow> all = dp.megaflows();
            for (int i = 0; i < all.size(); i++)
            {
                for (int j = i + 1; j < all.size(); j++)
                {
                    assertFalse(overlap(all.get(i), all.get(j)), "megaflows overlap");
                }
            }
        }
    }

    private static boolean overlap(final Megaflow a, final Megaflow b)
    {
        for (int w = 0; w < FlowKey.WORDS; w++)
        {
            if (((a.value()[w] ^ b.value()[w]) & a.mask()[w] & b.mask()[w]) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
