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

/** The ct() flows of Neutron's firewall and the SoftFlow firewall print exactly as the real ovs-ofctl prints them. */
class CtOvsOfctlInteropTest
{
    private static String ovsOfctl(final String flow) throws Exception
    {
        return OvsOfctl.parseFlow(flow);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "table=71,priority=90,ct_state=-trk,ip,reg5=0x2 actions=ct(table=72,zone=NXM_NX_REG6[0..15])",
        "table=72,ct_state=+est-rel-rpl,ip,ct_zone=5,ct_mark=0x1/0x1 actions=ct(commit,zone=5,"
            + "exec(set_field:0x1->ct_mark)),output:2",
        "ct_state=+trk+new,tcp actions=ct(commit,table=3,zone=NXM_NX_REG6[0..15],exec(load:1->NXM_NX_CT_MARK[])),"
            + "ct_clear",
        "priority=10,ct_state=+inv+trk actions=drop",
        "ip actions=ct",
        "ip,ct_state=0x21/0x21 actions=ct(commit),output:1",
    })
    void shouldPrintCtFlowsExactlyAsOvsOfctlDoes(final String flow) throws Exception
    {
        final FlowEntry e = FlowParser.flow(flow, 0);
        final String line = FlowFormat.line(e, 0);
        final String ours = line.substring(line.indexOf("n_bytes=0, ") + "n_bytes=0, ".length());
        assertEquals(ovsOfctl(flow), ours);
    }
}
