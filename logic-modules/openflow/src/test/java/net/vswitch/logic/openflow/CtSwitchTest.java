package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;

/**
 * The SoftFlow paper's Figure 4 firewall written as ct() flows, on a real {@link Switch} with virtual ports: the
 * client 10.0.0.3 behind port 1 may open TCP connections to port 80 of the servers behind port 2; their return
 * traffic passes; everything else is dropped.
 */
class CtSwitchTest
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    private static final String[] FIGURE_4 = {
        "table=0,priority=100,ip,ct_state=-trk actions=ct(table=1)",
        "table=0,priority=10,arp actions=FLOOD",
        "table=0,priority=0 actions=drop",
        "table=1,priority=100,in_port=1,tcp,nw_src=10.0.0.3,tp_dst=80,ct_state=+trk+new actions=ct(commit),output:2",
        "table=1,priority=90,in_port=1,ct_state=+trk+est actions=output:2",
        "table=1,priority=90,in_port=2,ct_state=+trk+est actions=output:1",
        "table=1,priority=0 actions=drop",
    };

    private static List<byte[]> received(final VirtualPort port)
    {
        final List<byte[]> frames = new ArrayList<>();
        port.poll((final MemorySegment memory, final long offset, final int length) ->
            frames.add(memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)), Integer.MAX_VALUE);
        return frames;
    }

    @Test
    void shouldRunThePapersFirewallAsCtFlows()
    {
        final OpenFlowLogic logic = new OpenFlowLogic();
        final VirtualPort client = new VirtualPort("client", SMALL);
        final VirtualPort server = new VirtualPort("server", SMALL);
        try (Switch sw = new Switch("sw0", logic))
        {
            sw.attach(client);
            sw.attach(server);
            for (final String flow : FIGURE_4)
            {
                logic.command("add-flow", List.of(flow), false);
            }
            final TcpConversation web = new TcpConversation("10.0.0.3", 40000, "10.0.0.2", 80);
            final List<byte[]> handshake = List.of(web.syn(), web.synAck(), web.clientAck(), web.serverAck(),
                web.clientAck());
            for (int i = 0; i < handshake.size(); i++)
            {
                final VirtualPort from = i % 2 == 0 ? client : server;
                final VirtualPort to = i % 2 == 0 ? server : client;
                assertEquals(1, from.send(handshake.get(i)), "segment " + i + " of the allowed connection");
                final List<byte[]> got = received(to);
                assertEquals(1, got.size(), "segment " + i + " arrived");
                assertEquals(List.of(handshake.get(i)).get(0).length, got.get(0).length);
            }
            // everything else is dropped
            final List<byte[]> refused = List.of(
                new TcpConversation("10.0.0.4", 40000, "10.0.0.2", 80).syn(),
                new TcpConversation("10.0.0.3", 40001, "10.0.0.2", 22).syn(),
                Frames.udp("10.0.0.3", 5000, "10.0.0.2", 80).build(),
                TcpConversation.segment("10.0.0.3", 40002, "10.0.0.2", 80, TcpConversation.ACK, 9, 9));
            for (final byte[] frame : refused)
            {
                assertEquals(0, client.send(frame));
            }
            assertEquals(0, server.send(new TcpConversation("10.0.0.2", 80, "10.0.0.3", 40005).syn()),
                "the server side opens nothing");
            assertEquals(List.of(), received(server));
            assertEquals(List.of(), received(client));
            assertEquals(4, client.counters().drops(DropReason.FILTERED));
            assertEquals(1, server.counters().drops(DropReason.FILTERED));
            final Map<String, Long> c = logic.counters();
            assertEquals(1L, c.get("ct_created"));
            assertEquals(10L, c.get("packets"));
            assertEquals(10L, c.get("recirculations"));
            assertEquals(c.get("packets") + c.get("recirculations"), c.get("emc_hits") + c.get("megaflow_hits")
                + c.get("slow_path_hits") + c.get("lost"));
        }
        finally
        {
            client.close();
            server.close();
        }
    }
}
