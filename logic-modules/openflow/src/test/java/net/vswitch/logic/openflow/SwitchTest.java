package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module as the daemon uses it: found by name, configured with a flows file, on a real switch. */
class SwitchTest
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    @TempDir
    Path dir;

    private static LogicProvider provider()
    {
        return ServiceLoader.load(LogicProvider.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("openflow")).findFirst().orElseThrow();
    }

    private static List<byte[]> received(final VirtualPort port)
    {
        final List<byte[]> frames = new ArrayList<>();
        port.poll((final MemorySegment memory, final long offset, final int length) ->
            frames.add(memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)), Integer.MAX_VALUE);
        return frames;
    }

    @Test
    void shouldForwardRealTrafficAsTheFlowsFileSays() throws Exception
    {
        final Path flows = dir.resolve("flows.txt");
        Files.writeString(flows, """
            # web to port 2 with its destination rewritten, DNS to 3, the rest flooded
            priority=100,tcp,tp_dst=80 actions=mod_nw_dst:10.0.0.80,output:2
            priority=100,udp,tp_dst=53 actions=output:3
            priority=0 actions=FLOOD
            """);
        final SwitchLogic logic = provider().create(new LogicSettings("openflow", Map.of("flows", flows.toString())));
        final VirtualPort[] ports = new VirtualPort[3];
        try (Switch sw = new Switch("sw0", logic))
        {
            for (int i = 0; i < 3; i++)
            {
                ports[i] = new VirtualPort("p" + (i + 1), SMALL);
                assertEquals(i, sw.attach(ports[i]));
            }
            assertEquals(1, ports[0].send(Frames.tcp("10.0.0.1", 999, "10.0.0.2", 80).build()));
            assertEquals(1, ports[0].send(Frames.udp("10.0.0.1", 999, "10.0.0.2", 53).build()));
            assertEquals(2, ports[0].send(Frames.arp().build()));
            final List<byte[]> web = received(ports[1]);
            assertEquals(2, web.size(), "web and the flooded ARP");
            assertEquals(0x0A00_0050, Frames.packet(web.get(0), 0).ipv4Dst());
            assertEquals(0, Frames.checksum(web.get(0), 14, 20, 0));
            assertEquals(Frames.u16(web.get(0), 34 + 16), Frames.l4Checksum(web.get(0), 14, 34, 54), "TCP checksum");
            assertEquals(2, received(ports[2]).size(), "DNS and the flooded ARP");
            final LogicControl control = (LogicControl)logic;
            final String dump = control.command("dump-flows", List.of(), false);
            assertTrue(dump.contains("n_packets=1, n_bytes=60, priority=100,tcp,tp_dst=80 actions=set_field:10.0.0.80"
                + "->ip_dst,output:2"), dump);
            control.command("add-flow", List.of("priority=200,tcp actions=drop"), false);
            assertEquals(0, ports[0].send(Frames.tcp("10.0.0.1", 999, "10.0.0.2", 80).build()));
            final PortCounters in = ports[0].counters();
            assertEquals(1, in.drops(DropReason.FILTERED));
            assertEquals(4, control.counters().get("packets"));
        }
        finally
        {
            for (final VirtualPort p : ports)
            {
                if (p != null)
                {
                    p.close();
                }
            }
        }
    }

    @Test
    void shouldSendDifferentBytesPerOutputAndPacketOutThroughTheFabric()
    {
        final OpenFlowLogic logic = new OpenFlowLogic();
        final VirtualPort[] ports = new VirtualPort[3];
        try (Switch sw = new Switch("sw0", logic))
        {
            for (int i = 0; i < 3; i++)
            {
                ports[i] = new VirtualPort("p" + (i + 1), SMALL);
                sw.attach(ports[i]);
            }
            logic.command("add-flow", List.of("in_port=1 actions=output:2,mod_vlan_vid:5,output:3"), false);
            assertEquals(2, ports[0].send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build()));
            assertEquals(net.vswitch.fabric.Packet.NO_VLAN, Frames.packet(received(ports[1]).get(0), 0).vlanId());
            assertEquals(5, Frames.packet(received(ports[2]).get(0), 0).vlanId());
            assertEquals(2, logic.packetOut(Frames.arp().build(), 0, "output:1,mod_dl_dst:00:00:00:00:00:07,output:3"));
            assertEquals(1, received(ports[0]).size());
            assertEquals(7, Frames.packet(received(ports[2]).get(0), 0).ethDst());
        }
        finally
        {
            for (final VirtualPort p : ports)
            {
                if (p != null)
                {
                    p.close();
                }
            }
        }
    }

    @Test
    void shouldKeepOpenFlowPortNumbersAcrossADetach()
    {
        final OpenFlowLogic logic = new OpenFlowLogic();
        final List<VirtualPort> ports = new ArrayList<>();
        try (Switch sw = new Switch("sw0", logic))
        {
            for (int i = 0; i < 3; i++)
            {
                ports.add(new VirtualPort("p" + (i + 1), SMALL));
                sw.attach(ports.get(i));
            }
            sw.detach(ports.get(1));
            ports.add(new VirtualPort("p4", SMALL));
            final int index = sw.attach(ports.get(3));
            assertEquals(1, index, "the fabric reuses the index");
            logic.command("add-flow", List.of("in_port=1 actions=output:4"), false);
            logic.command("add-flow", List.of("in_port=3 actions=output:2"), false);
            assertEquals(1, ports.get(0).send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build()));
            assertEquals(1, received(ports.get(3)).size(), "output:4 is p4, whatever its index");
            assertEquals(0, ports.get(2).send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build()),
                "port number 2 left with p2 and is not reused");
        }
        finally
        {
            ports.forEach(VirtualPort::close);
        }
    }

    @Test
    void shouldRefuseABadFlowsFileNamingTheLine() throws Exception
    {
        final Path flows = dir.resolve("bad.txt");
        Files.writeString(flows, "ip actions=output:1\n\ntp_dst=80 actions=drop\n");
        final LogicSettings.InvalidSetting ex = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider().create(new LogicSettings("openflow", Map.of("flows", flows.toString()))));
        assertEquals("flows", ex.key());
        assertEquals("setting 'flows' of logic openflow: line 3: field tp_dst requires tcp, udp or sctp in the match"
            + " (for example 'tcp,tp_dst=...')", ex.getMessage());
    }

    @Test
    void shouldRefuseUnknownSettings()
    {
        final LogicSettings.InvalidSetting ex = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider().create(new LogicSettings("openflow", Map.of("flow", "x"))));
        assertTrue(ex.getMessage().startsWith("unknown setting 'flow' for logic openflow"), ex.getMessage());
    }
}
