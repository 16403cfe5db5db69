package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import net.vswitch.logic.openflow.control.FlowFormat;
import net.vswitch.logic.openflow.control.FlowParser;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "A user pastes the same lines into either tool and the dumps read alike": each flow is printed by us and by the
 * real {@code ovs-ofctl parse-flow} (Open vSwitch's own parser and printer), and the texts must be equal.
 */
class OvsOfctlInteropTest
{
    private static String ovsOfctl(final String flow) throws Exception
    {
        return OvsOfctl.parseFlow(flow);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2",
        "tcp,tp_dst=80 actions=drop",
        "priority=5,udp6,ipv6_src=2001:db8::/32,udp_dst=53 actions=CONTROLLER:128",
        "dl_vlan=10,dl_vlan_pcp=3 actions=strip_vlan,output:1",
        "dl_vlan=0xffff actions=output:2",
        "arp,arp_tpa=10.0.0.1,arp_op=1 actions=output:3",
        "icmp,icmp_type=8 actions=dec_ttl,output:2",
        "table=3,reg0=0x5/0xff,metadata=0x1 actions=resubmit(,7),goto_table:9",
        "tcp,tp_src=0x400/0xfc00 actions=load:0x1->NXM_NX_REG1[0..7],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],output:1",
        "ip,nw_tos=32,nw_ttl=1 actions=set_field:10.0.0.9->ip_dst,output:1",
        "in_port=1,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=FLOOD",
        "priority=7,ip,nw_src=10.1.0.0/255.255.0.255,nw_dst=192.168.0.0/16 actions=group:1",
        "ipv6,ipv6_dst=2001:db8::1 actions=push_vlan:0x8100,pop_vlan,output:4",
        "tcp6,tcp_flags=0x002/0x012 actions=output:1",
        "udp,dl_src=00:11:22:33:44:55,tp_src=53 actions=mod_dl_dst:00:00:00:00:00:09,output:in_port",
        "priority=0 actions=drop",
    })
    void shouldPrintFlowsExactlyAsOvsOfctlDoes(final String flow) throws Exception
    {
        final FlowEntry e = FlowParser.flow(flow, 0);
        final String line = FlowFormat.line(e, 0);
        final String ours = line.substring(line.indexOf("n_bytes=0, ") + "n_bytes=0, ".length());
        assertEquals(ovsOfctl(flow), ours);
    }
}
