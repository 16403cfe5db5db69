package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ct() in the pipeline as Neutron's OVS firewall driver writes it: table 0 classifies the port into reg5 and the
 * zone into reg6, table 71 sends untracked IP through the tracker (recirculating into 72), table 72 passes
 * established traffic, commits allowed new connections (marking some), and drops the rest.
 */
class CtPipelineTest
{
    private static final String[] NEUTRON = {
        "table=0,priority=100,in_port=1 actions=load:0x1->NXM_NX_REG5[],load:0x5->NXM_NX_REG6[],resubmit(,71)",
        "table=0,priority=100,in_port=2 actions=load:0x2->NXM_NX_REG5[],load:0x5->NXM_NX_REG6[],resubmit(,71)",
        "table=0,priority=100,in_port=3 actions=load:0x1->NXM_NX_REG5[],load:0x6->NXM_NX_REG6[],resubmit(,71)",
        "table=0,priority=10,arp actions=FLOOD",
        "table=71,priority=90,ct_state=-trk,ip actions=ct(table=72,zone=NXM_NX_REG6[0..15])",
        "table=72,priority=80,ct_state=+est-rel-rpl,ct_mark=0x1,ip,reg5=0x1 actions=output:4",
        "table=72,priority=77,ct_state=+est-rel-rpl,ip,reg5=0x1 actions=output:2",
        "table=72,priority=77,ct_state=+est-rel+rpl,ip,reg5=0x2 actions=output:1",
        "table=72,priority=74,ct_state=+new-est,udp,reg5=0x1,tp_dst=53 actions=ct(commit,zone=NXM_NX_REG6[0..15]),"
            + "output:2",
        "table=72,priority=74,ct_state=+new-est,tcp,reg5=0x1,tp_dst=22 actions=ct(commit,zone=NXM_NX_REG6[0..15],"
            + "exec(set_field:0x1->ct_mark)),output:2",
        "table=72,priority=50,ct_state=+inv+trk actions=drop",
        "table=72,priority=0 actions=drop",
    };

    @Test
    void shouldPassAllowedConnectionsAndTheirRepliesOnlyLikeNeutronsFirewall()
    {
        try (Harness h = new Harness())
        {
            h.add(NEUTRON);
            final byte[] dns = Frames.udp("10.0.0.1", 33000, "10.0.0.2", 53).build();
            final byte[] answer = Frames.udp("10.0.0.2", 53, "10.0.0.1", 33000).build();
            assertEquals(List.of(), h.send(answer, 2).ports(), "a reply before any request is new: dropped");
            assertEquals(2, h.send(dns, 1).decision() + 1, "allowed new UDP committed and output to 2");
            assertEquals(0, h.send(answer, 2).decision(), "the reply is +est+rpl: to port 1 (index 0)");
            assertEquals(1, h.send(dns, 1).decision(), "the request again is +est-rpl: to port 2");
            assertTrue(h.send(Frames.udp("10.0.0.1", 33000, "10.0.0.2", 54).build(), 1).dropped(),
                "a port the rules do not allow");
            // the same 5-tuple in zone 6 (port 3) is another connection: new, and committed there
            assertEquals(1, h.send(dns, 3).decision());
            final String dump = h.ctl("dump-conntrack", "zone=6");
            assertTrue(dump.startsWith("udp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=33000,dport=53)"), dump);
            assertTrue(dump.contains("zone=6"), dump);
            assertEquals("flushed 1 connections", h.ctl("flush-conntrack", "zone=6"));
            assertEquals(1, h.send(dns, 3).decision(), "committed again in zone 6");
            assertTrue(h.send(Frames.udp("10.0.0.2", 33000, "10.0.0.1", 53).build(), 2).dropped(),
                "the server side may not open connections");
            assertTrue(h.counter("recirculations") >= 7);
            assertEquals(h.counter("packets") + h.counter("recirculations"), h.counter("emc_hits")
                + h.counter("megaflow_hits") + h.counter("slow_path_hits") + h.counter("lost"));
            assertEquals(3, h.counter("ct_created"), "zone 5 and zone 6 (twice) connections");
        }
    }

    @Test
    void shouldMatchTheMarkSetAtCommitOnLaterPackets()
    {
        try (Harness h = new Harness())
        {
            h.add(NEUTRON);
            final TcpConversation ssh = new TcpConversation("10.0.0.1", 40000, "10.0.0.2", 22);
            assertEquals(1, h.send(ssh.syn(), 1).decision(), "SYN committed with ct_mark=1, to port 2");
            assertEquals(0, h.send(ssh.synAck(), 2).decision(), "SYN-ACK is a reply: to port 1");
            assertEquals(3, h.send(ssh.clientAck(), 1).decision(), "established with ct_mark=1: to port 4");
            assertTrue(h.send(TcpConversation.segment("10.0.0.1", 40001, "10.0.0.2", 22, TcpConversation.ACK, 5, 6), 1)
                .dropped(), "an ACK of no connection is invalid: dropped");
            assertEquals(1, h.counter("drops_no_output") > 0 ? 1 : 0);
        }
    }

    @Test
    void shouldTrackEveryPacketEvenWhenItsMegaflowIsCached()
    {
        try (Harness h = new Harness(1))
        {
            h.add(NEUTRON);
            final byte[] dns = Frames.udp("10.0.0.1", 33000, "10.0.0.2", 53).build();
            final byte[] answer = Frames.udp("10.0.0.2", 53, "10.0.0.1", 33000).build();
            assertTrue(h.send(answer, 2).dropped(), "a reply before its request");
            h.send(dns, 1);
            assertEquals(0, h.send(answer, 2).decision());
            assertEquals(0, h.send(answer, 2).decision(), "cached: the reply still passes");
            final long slow = h.counter("slow_path_hits");
            h.logic.conntrack().tracker().flush();
            assertTrue(h.send(answer, 2).dropped(), "the connection is gone: the same frame is new, so dropped");
            assertEquals(1, h.send(dns, 1).decision(), "committed again");
            assertEquals(0, h.send(answer, 2).decision(), "and its reply passes again");
            assertEquals(slow, h.counter("slow_path_hits"), "all decided by cached megaflows, each with a fresh ct()");
            assertEquals(1, h.counter("ct_entries"));
        }
    }

    @Test
    void shouldDumpCtFieldsAndActionsAsOvsOfctlDoes()
    {
        try (Harness h = new Harness())
        {
            h.add(NEUTRON);
            h.add("table=73,priority=5,ct_state=+trk+new,ct_zone=5,ct_mark=0x1/0x1,tcp actions=ct(commit,table=74,"
                + "zone=NXM_NX_REG6[0..15],exec(load:1->NXM_NX_CT_MARK[])),ct_clear");
            final String dump = h.ctl("dump-flows");
            assertTrue(dump.contains("priority=90,ct_state=-trk,ip actions=ct(table=72,zone=NXM_NX_REG6[0..15])"),
                dump);
            assertTrue(dump.contains("priority=74,ct_state=+new-est,tcp,reg5=0x1,tp_dst=22 actions=ct(commit,"
                + "zone=NXM_NX_REG6[0..15],exec(set_field:0x1->ct_mark)),output:2"), dump);
            assertTrue(dump.contains("priority=5,ct_state=+new+trk,ct_zone=5,ct_mark=0x1/0x1,tcp actions=ct(commit,"
                + "table=74,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[])),ct_clear"), dump);
            h.send(Frames.udp("10.0.0.1", 33000, "10.0.0.2", 53).build(), 1);
            final String megaflows = h.ctl("dump-megaflows");
            assertTrue(megaflows.contains("ct(zone=5),recirc(0x"), megaflows);
            assertTrue(megaflows.contains("ct(commit,zone=5),2"), megaflows);
        }
    }

    @Test
    void shouldRefuseBadCtActionsWithClearMessages()
    {
        try (Harness h = new Harness())
        {
            assertEquals("action ct requires ip or ipv6 in the match (for example 'ip,...')",
                refused(h, "priority=1 actions=ct(commit)"));
            assertEquals("ct: exec(...) requires commit", refused(h, "ip actions=ct(exec(set_field:1->ct_mark))"));
            assertEquals("ct: nat is not supported (connection tracking without NAT)",
                refused(h, "ip actions=ct(commit,nat(src=10.0.0.1))"));
            assertEquals("ct: zone 70000 is out of range (0..65535)", refused(h, "ip actions=ct(zone=70000)"));
            assertEquals("unknown ct_state flag 'bogus' in '+bogus' (new, est, rel, rpl, inv, trk, snat, dnat)",
                refused(h, "ct_state=+bogus actions=drop"));
            assertEquals("unknown match field 'recirc_id'", refused(h, "recirc_id=1 actions=drop"));
        }
    }

    @Test
    void shouldTrackIpv6ConnectionsToo()
    {
        try (Harness h = new Harness())
        {
            h.add("table=0,ipv6,ct_state=-trk actions=ct(table=1,zone=9)",
                "table=1,udp6,ct_state=+trk+new,ct_zone=9,in_port=1 actions=ct(commit,zone=9),output:2",
                "table=1,ct_state=+trk+est+rpl,in_port=2 actions=output:1",
                "table=1,priority=0 actions=drop");
            final byte[] out = Frames.udp("2001:db8::1", 5000, "2001:db8::2", 53).build();
            final byte[] back = Frames.udp("2001:db8::2", 53, "2001:db8::1", 5000).build();
            assertTrue(h.send(back, 2).dropped(), "no connection yet");
            assertEquals(1, h.send(out, 1).decision());
            assertEquals(0, h.send(back, 2).decision());
            assertTrue(h.ctl("dump-conntrack", "zone=9").contains("2001:db8::1"), h.ctl("dump-conntrack"));
        }
    }

    @Test
    void shouldCutARecirculationLoopAndCountIt()
    {
        try (Harness h = new Harness())
        {
            h.add("table=0,ip actions=ct(table=1)", "table=1,ip actions=ct(table=1)");
            assertTrue(h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1).dropped());
            assertEquals(1, h.counter("drops_recirculation_loop"));
        }
    }

    private static String refused(final Harness h, final String flow)
    {
        final Throwable t = assertThrows(IllegalArgumentException.class, () -> h.ctl("add-flow", flow));
        return t.getMessage();
    }
}
