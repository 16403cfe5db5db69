package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.control.PacketIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Packet-in to the controller and packet-out back, through the Java API the OpenFlow channel will use. */
class PacketOutTest
{
    private final Harness h = new Harness();
    private final List<Integer> ports = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        h.close();
    }

    private int out(final byte[] frame, final int inPort, final String actions)
    {
        return h.logic.packetOut(frame, inPort, actions, (index, bytes) ->
        {
            ports.add(index + 1);
            frames.add(bytes);
        });
    }

    @Test
    void shouldSendAPacketInBackOutWithRewrites()
    {
        h.add("priority=0 actions=CONTROLLER");
        h.send(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build(), 1);
        final PacketIn in = h.logic.packetIns().poll();
        assertEquals(2, out(in.data(), in.inPort(), "mod_vlan_vid:9,output:3,strip_vlan,output:4,output:1"));
        assertEquals(List.of(3, 4), ports, "not back to in_port 1 without IN_PORT");
        assertEquals(9, Frames.packet(frames.get(0), 0).vlanId());
        assertEquals(Packet.NO_VLAN, Frames.packet(frames.get(1), 0).vlanId());
    }

    @Test
    void shouldRunThePipelineForOutputTable()
    {
        h.add("in_port=2,udp actions=output:4", "priority=0 actions=drop");
        assertEquals(1, out(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build(), 2, "TABLE"));
        assertEquals(List.of(4), ports);
        assertEquals(0, out(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build(), 3, "output:table"));
        assertEquals(1, h.ctl("dump-flows", "udp").lines().filter(l -> l.contains("n_packets=1")).count());
    }

    @Test
    void shouldFloodFromTheControllerToEveryPort()
    {
        assertEquals(4, out(Frames.arp().build(), 0, "FLOOD"));
        assertEquals(List.of(1, 2, 3, 4), ports);
    }

    @Test
    void shouldRefuseAnUnknownInPort()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> out(Frames.arp().build(), 9, "output:1"));
        assertEquals("packet-out in_port 9 is not a port of this switch", ex.getMessage());
    }
}
