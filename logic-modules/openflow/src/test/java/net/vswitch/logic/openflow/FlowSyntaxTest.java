package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.vswitch.logic.openflow.control.FlowFormat;
import net.vswitch.logic.openflow.control.FlowParser;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.GroupEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ovs-ofctl's flow syntax: what users paste in, what dumps print, and the errors they read. */
class FlowSyntaxTest
{
    private static String roundTrip(final String flow)
    {
        final FlowEntry e = FlowParser.flow(flow, 0);
        final String line = FlowFormat.line(e, 1_234_000_000L);
        return line.substring(line.indexOf("n_bytes=0, ") + "n_bytes=0, ".length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2|priority=100,ip,nw_dst=10.0.0.0/24 actions=output:2",
        "tcp,tp_dst=80 actions=drop|tcp,tp_dst=80 actions=drop",
        "priority=5,udp6,ipv6_src=2001:db8::/32,udp_dst=53 actions=CONTROLLER:128"
            + "|priority=5,udp6,ipv6_src=2001:db8::/32,tp_dst=53 actions=CONTROLLER:128",
        "in_port=1,dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=FLOOD"
            + "|in_port=1,dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=FLOOD",
        "dl_vlan=10,dl_vlan_pcp=3 actions=strip_vlan,output:1|dl_vlan=10,dl_vlan_pcp=3 actions=pop_vlan,output:1",
        "dl_vlan=0xffff actions=mod_vlan_vid:5,output:2|vlan_tci=0x0000/0x1fff actions=mod_vlan_vid:5,output:2",
        "arp,arp_tpa=10.0.0.1,arp_op=1 actions=output:3|arp,arp_tpa=10.0.0.1,arp_op=1 actions=output:3",
        "icmp,icmp_type=8 actions=dec_ttl,output:2|icmp,icmp_type=8 actions=dec_ttl,output:2",
        "ip,nw_src=10.1.0.0/255.255.0.255 actions=drop|ip,nw_src=10.1.0.0/255.255.0.255 actions=drop",
        "reg0=0x5/0xff,metadata=0x1,table=3 actions=resubmit(,7),goto_table:9"
            + "|reg0=0x5/0xff,metadata=0x1 actions=resubmit(,7),goto_table:9",
        "ip,nw_tos=32,nw_ttl=1 actions=set_field:10.0.0.9->ip_dst,output:1"
            + "|ip,nw_tos=32,nw_ttl=1 actions=set_field:10.0.0.9->ip_dst,output:1",
        "tcp,tp_src=0x400/0xfc00 actions=load:0x1->NXM_NX_REG1[0..7],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],output:1"
            + "|tcp,tp_src=0x400/0xfc00 actions=load:0x1->NXM_NX_REG1[0..7],"
            + "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],output:1",
        "priority=0 actions=CONTROLLER|priority=0 actions=CONTROLLER:65535",
        "nd_target=fe80::1,icmp6,icmpv6_type=135 actions=drop|icmp6,icmpv6_type=135,nd_target=fe80::1 actions=drop",
    })
    void shouldPrintFlowsAsOvsOfctlDumpsThem(final String flow, final String dumped)
    {
        assertEquals(dumped, roundTrip(flow));
    }

    @Test
    void shouldPrintTheDumpFlowsPrefix()
    {
        final FlowEntry e = FlowParser.flow("table=2,cookie=0x1f,idle_timeout=10,priority=7 actions=output:1", 0);
        assertEquals(" cookie=0x1f, duration=1.234s, table=2, n_packets=0, n_bytes=0, idle_timeout=10, priority=7"
            + " actions=output:1", FlowFormat.line(e, 1_234_000_000L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tp_dst=80 actions=drop|field tp_dst requires tcp, udp or sctp in the match (for example 'tcp,tp_dst=...')",
        "ip,tcp_dst=80 actions=drop|field tcp_dst requires tcp or tcp6 in the match (for example 'tcp,tcp_dst=...')",
        "nw_dst=10.0.0.1 actions=drop|field nw_dst requires ip or arp in the match (for example 'ip,nw_dst=...')",
        "ipv6_src=::1 actions=drop|field ipv6_src requires ipv6 in the match (for example 'ipv6,ipv6_src=...')",
        "ip,nw_dst=10.0.0.300 actions=drop|bad value '10.0.0.300' for field nw_dst (an IPv4 address like 10.0.0.1)",
        "frobnicate=1 actions=drop|unknown match field 'frobnicate'",
        "ip actions=frob:1|unknown action 'frob'",
        "ip actions=NORMAL|action NORMAL is not supported by the openflow logic: use explicit outputs, FLOOD, or the"
            + " bridge logic",
        "ip actions=LOCAL|action LOCAL: this switch has no local port (output to a port number)",
        "ip|flow needs actions=... (use actions=drop to drop): 'ip'",
        "table=3 actions=goto_table:2|goto_table:2 must name a later table than 3 (at most 254)",
        "ip actions=set_field:80->tcp_dst|action 'set_field:80->tcp_dst' needs tcp or tcp6 in the flow's match"
            + " (field tcp_dst)",
        "priority=70000 actions=drop|priority must be in 0..65535, got 70000",
        "in_port=1,in_port=2 actions=drop|field in_port set multiple times",
        "ip actions=load:0x1ff->reg0[0..7]|load: value 0x1ff does not fit in 8 bits of NXM_NX_REG0[0..7]",
    })
    void shouldRefuseBadFlowsWithAClearMessage(final String flow, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FlowParser.flow(flow, 0));
        assertEquals(message, ex.getMessage());
    }

    @Test
    void shouldParseAndPrintGroups()
    {
        final GroupEntry g = GroupEntry.parse("group_id=1,type=select,bucket=weight:10,actions=output:1,"
            + "bucket=weight:20,actions=mod_dl_dst:00:00:00:00:00:02,output:2");
        assertEquals("group_id=1,type=select,bucket=weight:10,actions=output:1,"
            + "bucket=weight:20,actions=set_field:00:00:00:00:00:02->eth_dst,output:2", g.toString());
        assertEquals(2, g.buckets().size());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> GroupEntry.parse("group_id=2,type=magic,bucket=output:1"));
        assertEquals("unknown group type 'magic' (all, select, indirect, fast_failover)", ex.getMessage());
        assertTrue(GroupEntry.parse("group_id=3,type=fast_failover,bucket=watch_port:2,actions=output:2")
            .toString().contains("watch_port:2"));
    }
}
