package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.softflow.SoftFlowAction;
import org.junit.jupiter.api.Test;

/**
 * SoftFlow actions in the pipeline: the paper's Figure 4 firewall as softflow(conntrack,...) stages, chains of
 * actions matched by sf_stage/sf_action/sf_metadata, an action of the user's, the stage-loop bound, errors, dumps.
 */
class SoftFlowTest
{
    /** Figure 4: stage 0 sends 10.0.0.3 -> TCP 80 to conntrack(1), other IP to conntrack(0); stage 1 obeys. */
    private static final String[] FIGURE_4 = {
        "priority=100,sf_stage=0,in_port=1,tcp,nw_src=10.0.0.3,tp_dst=80 actions=softflow(conntrack,1)",
        "priority=90,sf_stage=0,ip actions=softflow(conntrack,0)",
        "priority=100,sf_stage=1,sf_action=conntrack,sf_metadata=1,in_port=1 actions=output:2",
        "priority=100,sf_stage=1,sf_action=conntrack,sf_metadata=1,in_port=2 actions=output:1",
        "priority=0 actions=drop",
    };

    @Test
    void shouldRunThePapersFirewallAsSoftFlowStages()
    {
        try (Harness h = new Harness())
        {
            h.add(FIGURE_4);
            final TcpConversation web = new TcpConversation("10.0.0.3", 40000, "10.0.0.2", 80);
            assertEquals(1, h.send(web.syn(), 1).decision(), "SYN: connection created, to port 2");
            assertEquals(0, h.send(web.synAck(), 2).decision(), "return traffic allowed");
            assertEquals(1, h.send(web.clientAck(), 1).decision());
            assertEquals(0, h.send(web.serverAck(), 2).decision());
            assertTrue(h.send(new TcpConversation("10.0.0.4", 40000, "10.0.0.2", 80).syn(), 1).dropped(),
                "another client");
            assertTrue(h.send(new TcpConversation("10.0.0.3", 40001, "10.0.0.2", 22).syn(), 1).dropped(),
                "another port");
            final Harness.Result server = h.send(new TcpConversation("10.0.0.2", 80, "10.0.0.3", 40009).syn(), 2);
            assertTrue(server.dropped(), "the server may not open connections");
            assertEquals(DropReason.FILTERED, server.dropReason(), "sf_metadata=0 at stage 1: the priority-0 drop");
            assertEquals(1, h.counter("ct_created"));
            assertEquals(7, h.counter("recirculations"), "one re-entry per packet");
        }
    }

    @Test
    void shouldChainActionsThroughStagesAndCountThem()
    {
        try (Harness h = new Harness())
        {
            h.add("priority=10,sf_stage=0,udp actions=softflow(counter,3)",
                "priority=10,sf_stage=1,sf_action=counter actions=softflow(noop)",
                "priority=10,sf_stage=2,sf_action=noop actions=softflow(counter,4)",
                "priority=10,sf_stage=3 actions=output:3");
            for (int i = 0; i < 3; i++)
            {
                assertEquals(2, h.send(Frames.udp("10.0.0.1", 1000 + i, "10.0.0.2", 53).build(), 1).decision());
            }
            assertEquals(3, h.counter("sf_counter_3_packets"));
            assertEquals(180, h.counter("sf_counter_3_bytes"));
            assertEquals(3, h.counter("sf_counter_4_packets"));
            assertEquals(9, h.counter("recirculations"));
            assertEquals(h.counter("packets") + h.counter("recirculations"), h.counter("emc_hits")
                + h.counter("megaflow_hits") + h.counter("slow_path_hits") + h.counter("lost"));
        }
    }

    @Test
    void shouldLetAUsersActionRewriteThePacketAndItsMetadata()
    {
        try (Harness h = new Harness())
        {
            h.logic.softflow().register(new SoftFlowAction()
            {
                @Override
                public String name()
                {
                    return "ttl-class";
                }

                @Override
                public void ingress(final Packet[] packets, final int count, final long argument,
                    final boolean[] verdicts)
                {
                    for (int i = 0; i < count; i++)
                    {
                        final int ttl = packets[i].u8(packets[i].l3Offset() + 8);
                        packets[i].metadata(ttl > argument ? 1 : 2);
                        verdicts[i] = ttl != 7;
                    }
                }
            });
            h.add("priority=10,sf_stage=0,ip actions=softflow(ttl-class,32)",
                "priority=10,sf_stage=1,sf_action=ttl-class,sf_metadata=1 actions=output:2",
                "priority=10,sf_stage=1,sf_action=ttl-class,sf_metadata=2 actions=output:3");
            assertEquals(1, h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).ttl(64).build(), 1).decision());
            assertEquals(2, h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).ttl(5).build(), 1).decision());
            assertTrue(h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).ttl(7).build(), 1).dropped());
            assertEquals(1, h.counter("drops_softflow_drop"));
            assertTrue(h.ctl("dump-flows").contains("sf_stage=1,sf_action=ttl-class,sf_metadata=0x2 actions=output:3"),
                h.ctl("dump-flows"));
            assertTrue(h.ctl("dump-megaflows").contains("softflow(ttl-class,32),recirc(0x"), h.ctl("dump-megaflows"));
        }
    }

    @Test
    void shouldCutAStageLoopAndDropUnknownActionsCounted()
    {
        try (Harness h = new Harness())
        {
            h.add("priority=10,udp actions=softflow(noop)", "priority=10,tcp actions=softflow(nosuchaction,1)");
            assertTrue(h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1).dropped());
            assertEquals(1, h.counter("drops_softflow_loop"));
            assertTrue(h.send(Frames.tcp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1).dropped());
            assertEquals(1, h.counter("drops_softflow_unknown_action"));
        }
    }

    @Test
    void shouldRefuseBadSoftFlowSyntax()
    {
        try (Harness h = new Harness())
        {
            assertEquals("softflow needs (NAME[,ARG]), e.g. softflow(conntrack,1)", refused(h, "actions=softflow()"));
            assertEquals("softflow: bad ARG 'x' (a number)", refused(h, "actions=softflow(noop,x)"));
            assertEquals("bad softflow action name '9a' (a letter, then letters, digits, '_' or '-')",
                refused(h, "actions=softflow(9a)"));
        }
    }

    private static String refused(final Harness h, final String flow)
    {
        return assertThrows(IllegalArgumentException.class, () -> h.ctl("add-flow", flow)).getMessage();
    }

    static List<String> figure4()
    {
        return List.of(FIGURE_4);
    }
}
