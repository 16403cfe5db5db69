package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.openflow.control.PacketIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenFlow pipeline semantics as a user sees them: where packets go and what bytes they carry. */
class PipelineTest
{
    private final Harness h = new Harness();

    @AfterEach
    void tearDown()
    {
        h.close();
    }

    private static byte[] udpTo(final String dst)
    {
        return Frames.udp("192.168.1.1", 1000, dst, 53).build();
    }

    @Test
    void shouldPickTheHighestPriorityMatch()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.0/8 actions=output:2",
            "priority=20,ip,nw_dst=10.1.0.0/16 actions=output:3",
            "priority=30,udp,tp_dst=53,nw_dst=10.1.2.3 actions=output:4");
        assertEquals(List.of(2), h.send(udpTo("10.9.9.9"), 1).ports());
        assertEquals(List.of(3), h.send(udpTo("10.1.9.9"), 1).ports());
        assertEquals(List.of(4), h.send(udpTo("10.1.2.3"), 1).ports());
        assertEquals(List.of(3), h.send(Frames.tcp("192.168.1.1", 1, "10.1.2.3", 53).build(), 1).ports());
    }

    @Test
    void shouldDropAndCountATableMiss()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.1 actions=output:2");
        final Harness.Result r = h.send(udpTo("10.0.0.2"), 1);
        assertTrue(r.dropped());
        assertEquals(DropReason.NO_ROUTE, r.dropReason());
        assertEquals(1, h.counter("drops_table_miss"));
    }

    @Test
    void shouldNeverSendBackToTheIngressPortUnlessAskedWithInPort()
    {
        h.add("in_port=1 actions=output:1,output:2", "in_port=2 actions=in_port");
        assertEquals(List.of(2), h.send(udpTo("10.0.0.1"), 1).ports());
        final Harness.Result back = h.send(udpTo("10.0.0.1"), 2);
        assertEquals(SwitchLogic.hairpin(1), back.decision());
    }

    @Test
    void shouldFloodToEveryPortButTheIngress()
    {
        h.add("actions=FLOOD");
        assertEquals(SwitchLogic.BROADCAST, h.send(udpTo("10.0.0.1"), 3).decision());
        h.add("priority=40000,ip actions=output:1,ALL");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 3);
        assertEquals(SwitchLogic.MULTIPLE, r.decision());
        assertEquals(Set.of(1, 2, 4), new HashSet<>(r.ports()));
    }

    @Test
    void shouldMakeSetFieldVisibleToLaterTablesAndRewriteWithChecksums()
    {
        h.add("table=0,udp actions=set_field:10.9.9.9->ip_dst,mod_tp_dst:5353,goto_table:1",
            "table=1,priority=10,ip,nw_dst=10.9.9.9 actions=output:2",
            "table=1,priority=5 actions=output:3");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 1);
        assertEquals(List.of(2), r.ports());
        final Packet out = Frames.packet(r.frames().get(0), 0);
        assertEquals(0x0A09_0909, out.ipv4Dst());
        assertEquals(5353, out.l4DstPort());
        final byte[] f = r.frames().get(0);
        assertEquals(0, Frames.checksum(f, 14, 20, 0), "IPv4 header checksum");
        assertEquals(Frames.u16(f, 14 + 20 + 6), Frames.l4Checksum(f, 14, 34, 42), "UDP checksum");
    }

    @Test
    void shouldResubmitAndContinueWithTheRemainingActions()
    {
        h.add("table=0 actions=resubmit(,5),output:4", "table=5,ip actions=output:2");
        assertEquals(List.of(2, 4), h.send(udpTo("10.0.0.1"), 1).ports());
        assertEquals(List.of(4), h.send(Frames.arp().build(), 1).ports(), "a resubmit that misses adds nothing");
    }

    @Test
    void shouldCarryRegistersAndMetadataBetweenTables()
    {
        h.add("table=0,in_port=1 actions=load:0x7->NXM_NX_REG3[],write_metadata:0xa0/0xf0,goto_table:1",
            "table=1,ip,reg3=7,metadata=0xa0/0xf0 actions=move:NXM_NX_REG3[0..7]->NXM_OF_IP_DST[0..7],output:2",
            "table=1,priority=1 actions=output:3");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 1);
        assertEquals(List.of(2), r.ports());
        assertEquals(0x0A00_0007, Frames.packet(r.frames().get(0), 0).ipv4Dst());
    }

    @Test
    void shouldSendDifferentBytesToEachOutputOfOneActionList()
    {
        h.add("ip actions=output:2,mod_vlan_vid:5,output:3,set_field:7->vlan_vid,mod_dl_dst:00:00:00:00:00:09,"
            + "output:4");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 1);
        assertEquals(List.of(2, 3, 4), r.ports());
        final Packet two = Frames.packet(r.frames().get(0), 0);
        final Packet three = Frames.packet(r.frames().get(1), 0);
        final Packet four = Frames.packet(r.frames().get(2), 0);
        assertEquals(Packet.NO_VLAN, two.vlanId());
        assertEquals(5, three.vlanId());
        assertEquals(7, four.vlanId());
        assertEquals(9, four.ethDst());
        assertEquals(0x0A00_0001, four.ipv4Dst(), "the L3 header moved with the tag");
    }

    @Test
    void shouldPopVlanTags()
    {
        h.add("dl_vlan=10 actions=strip_vlan,output:2");
        final Harness.Result r = h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).vlan(10).build(), 1);
        final Packet out = Frames.packet(r.frames().get(0), 0);
        assertEquals(Packet.NO_VLAN, out.vlanId());
        assertEquals(0x0A00_0002, out.ipv4Dst());
        assertTrue(h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).vlan(11).build(), 1).dropped());
    }

    @Test
    void shouldDecrementTtlAndDropAtOne()
    {
        h.add("ip actions=dec_ttl,output:2");
        final Harness.Result r = h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).ttl(9).build(), 1);
        final byte[] f = r.frames().get(0);
        assertEquals(8, f[14 + 8]);
        assertEquals(0, Frames.checksum(f, 14, 20, 0));
        final Harness.Result dead = h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).ttl(1).build(), 1);
        assertTrue(dead.dropped());
        assertEquals(1, h.counter("drops_ttl_exceeded"));
        final Harness.Result v6 = h.send(Frames.udp("2001:db8::1", 1, "2001:db8::2", 2).ttl(2).build(), 1);
        assertTrue(v6.dropped(), "ip matches IPv4 only");
        h.add("ipv6 actions=dec_ttl,output:3");
        final byte[] v6Frame = Frames.udp("2001:db8::1", 1, "2001:db8::2", 2).ttl(2).build();
        assertEquals(1, h.send(v6Frame, 1).frames().get(0)[14 + 7], "hop limit");
    }

    @Test
    void shouldKeepAConnectionOnOneSelectBucketAndSpreadConnections()
    {
        h.ctl("add-group", "group_id=1,type=select,bucket=output:2,bucket=output:3,bucket=output:4");
        h.add("ip actions=group:1");
        final Set<Integer> used = new HashSet<>();
        for (int c = 0; c < 64; c++)
        {
            final byte[] frame = Frames.tcp("10.0.0.1", 10_000 + c, "10.0.0.2", 80).build();
            final List<Integer> first = h.send(frame, 1).ports();
            assertEquals(1, first.size());
            for (int again = 0; again < 5; again++)
            {
                assertEquals(first, h.send(frame, 1).ports(), "connection " + c + " moved bucket");
            }
            used.add(first.get(0));
        }
        assertEquals(Set.of(2, 3, 4), used);
    }

    @Test
    void shouldRunEveryBucketOfAnAllGroupOnItsOwnCopy()
    {
        h.ctl("add-group", "group_id=7,type=all,bucket=mod_nw_dst:10.0.0.99,output:2,bucket=output:3");
        h.add("ip actions=group:7,output:4");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 1);
        assertEquals(List.of(2, 3, 4), r.ports());
        assertEquals(0x0A00_0063, Frames.packet(r.frames().get(0), 0).ipv4Dst());
        assertEquals(0x0A00_0001, Frames.packet(r.frames().get(1), 0).ipv4Dst());
        assertEquals(0x0A00_0001, Frames.packet(r.frames().get(2), 0).ipv4Dst());
        assertTrue(h.ctl("dump-groups").contains("group_id=7,type=all"));
    }

    @Test
    void shouldFailOverWhenTheWatchedPortGoes()
    {
        h.ctl("add-group", "group_id=2,type=fast_failover,bucket=watch_port:2,actions=output:2,"
            + "bucket=watch_port:3,actions=output:3");
        h.add("ip actions=group:2");
        assertEquals(List.of(2), h.send(udpTo("10.0.0.1"), 1).ports());
        h.logic.portDetached(1);
        assertEquals(List.of(3), h.send(udpTo("10.0.0.1"), 1).ports());
    }

    @Test
    void shouldRefuseAFlowNamingAMissingGroup()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> h.add("ip actions=group:9"));
        assertEquals("group 9 does not exist (add-group first)", ex.getMessage());
    }

    @Test
    void shouldApplyTheActionSetAtTheEndOfThePipeline()
    {
        h.add("table=0,ip actions=write_actions(output:3),goto_table:1",
            "table=1,priority=10,udp actions=clear_actions,write_actions(mod_nw_dst:10.0.0.5,output:2)",
            "table=1,priority=5 actions=drop");
        final Harness.Result r = h.send(udpTo("10.0.0.1"), 1);
        assertEquals(List.of(2), r.ports());
        assertEquals(0x0A00_0005, Frames.packet(r.frames().get(0), 0).ipv4Dst());
        assertEquals(List.of(3), h.send(Frames.tcp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1).ports());
    }

    @Test
    void shouldQueuePacketInsForControllerOutputAndTableMissEntries()
    {
        h.add("table=0,priority=10,udp actions=CONTROLLER:20", "table=0,priority=0 actions=CONTROLLER",
            "cookie=0x99,table=0,priority=5,tcp actions=goto_table:1");
        final byte[] frame = udpTo("10.0.0.1");
        assertTrue(h.send(frame, 2).dropped());
        final PacketIn in = h.logic.packetIns().poll();
        assertNotNull(in);
        assertEquals(20, in.data().length);
        assertEquals(frame.length, in.totalLength());
        assertEquals(2, in.inPort());
        assertEquals(1, in.reason(), "reason action");
        h.send(Frames.arp().build(), 1);
        assertEquals(0, h.logic.packetIns().poll().reason(), "table-miss entry: reason no_match");
        assertNull(h.logic.packetIns().poll());
        assertEquals(2, h.counter("packet_in_queued"));
    }

    @Test
    void shouldCountPacketInOverflowInsteadOfBlocking()
    {
        final OpenFlowLogic small = new OpenFlowLogic(new OpenFlowLogic.Settings(1, 100, 1000, 60_000, 2, null));
        small.start(new TestContext("a", "b"));
        try
        {
            small.command("add-flow", List.of("actions=CONTROLLER"), false);
            for (int i = 0; i < 5; i++)
            {
                small.lookup(Frames.packet(udpTo("10.0.0.1"), 0), 0);
            }
            assertEquals(2, small.counters().get("packet_in_queued"));
            assertEquals(3, small.counters().get("packet_in_overflow"));
        }
        finally
        {
            small.stop();
        }
    }

    @Test
    void shouldModifyAndDeleteFlowsKeepingCounters()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.1 actions=output:2", "priority=10,ip,nw_dst=10.0.0.2 actions=output:2",
            "priority=1 actions=drop");
        for (int i = 0; i < 3; i++)
        {
            h.send(udpTo("10.0.0.1"), 1);
        }
        assertEquals("modified 2 flows", h.ctl("mod-flows", "ip actions=output:3"));
        assertEquals(List.of(3), h.send(udpTo("10.0.0.1"), 1).ports());
        final String dump = h.ctl("dump-flows", "ip,nw_dst=10.0.0.1");
        assertTrue(dump.contains("n_packets=4, n_bytes=240, priority=10,ip,nw_dst=10.0.0.1 actions=output:3"), dump);
        assertEquals("deleted 1 flow", h.ctl("del-flows", "--strict", "priority=10,ip,nw_dst=10.0.0.2"));
        assertEquals("deleted 1 flow", h.ctl("del-flows", "ip"));
        assertTrue(h.send(udpTo("10.0.0.1"), 1).dropped());
        assertEquals("deleted 1 flow", h.ctl("del-flows"));
        assertEquals("", h.ctl("dump-flows"));
    }

    @Test
    void shouldMatchArpIcmpAndTcpFlags()
    {
        h.add("arp,arp_op=1,arp_tpa=10.0.0.2 actions=output:2", "icmp,icmp_type=8 actions=output:3",
            "tcp,tcp_flags=0x002/0x012 actions=output:4", "priority=1 actions=drop");
        assertEquals(List.of(2), h.send(Frames.arp().build(), 1).ports());
        assertEquals(List.of(3), h.send(Frames.icmp("10.0.0.1", "10.0.0.2").build(), 1).ports());
        assertTrue(h.send(Frames.icmp("10.0.0.1", "10.0.0.2").icmpType(0).build(), 1).dropped());
        assertEquals(List.of(4), h.send(Frames.tcp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1).ports());
        assertTrue(h.send(Frames.tcp("10.0.0.1", 1, "10.0.0.2", 2).tcpFlags(0x12).build(), 1).dropped());
    }

    @Test
    void shouldDropShortFramesAsMalformed()
    {
        h.add("actions=output:2");
        final Packet runt = new Packet().wrap(java.lang.foreign.MemorySegment.ofArray(new byte[64]), 0, 10, 64, 0);
        assertEquals(SwitchLogic.DROP, h.logic.lookup(runt, 0));
        assertEquals(DropReason.MALFORMED, runt.dropReason());
        assertEquals(1, h.counter("lost"));
    }

    @Test
    void shouldRewriteIpv6AddressesWithTheTransportChecksum()
    {
        h.add("udp6 actions=set_field:2001:db8::99->ipv6_dst,output:2");
        final Harness.Result r = h.send(Frames.udp("2001:db8::1", 1, "2001:db8::2", 2).build(), 1);
        final byte[] f = r.frames().get(0);
        assertArrayEquals(java.util.Arrays.copyOfRange(Frames.udp("2001:db8::1", 1, "2001:db8::99", 2).build(), 0, 62),
            java.util.Arrays.copyOfRange(f, 0, 62));
    }
}
