package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.vswitch.fabric.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The middlebox filter on a real switch. */
class MiddleboxFilterSwitchTest
{
    private static final int NIC = 0;
    private static final int WEB = 1;
    private static final int DNS = 2;

    private MiddleboxFilter filter;
    private SwitchRig rig;

    @BeforeEach
    void setUp()
    {
        filter = new MiddleboxFilter();
        rig = new SwitchRig(filter, "nic", "web", "dns");
        filter.map(L4Protocol.TCP, 80, WEB).map(L4Protocol.UDP, 53, DNS);
    }

    @AfterEach
    void tearDown()
    {
        rig.close();
    }

    @Test
    void shouldSteerBothDirectionsAndDropTheRest()
    {
        final byte[] request = FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 80).build();
        final byte[] reply = FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.1", 51234).build();
        final byte[] query = FrameBuilder.udp("2001:db8::1", 5353, "2001:db8::2", 53).build();
        assertEquals(1, rig.send(NIC, request));
        assertEquals(1, rig.send(NIC, reply));
        assertEquals(1, rig.send(NIC, query));
        assertEquals(0, rig.send(NIC, FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 443).build()));
        assertEquals(0, rig.send(NIC, FrameBuilder.arp()));
        assertEquals(0, rig.send(NIC, FrameBuilder.udp("192.0.2.1", 53, "10.0.0.1", 53).firstFragment().build()));
        assertEquals(0, rig.send(NIC, FrameBuilder.udp("192.0.2.1", 53, "10.0.0.1", 53).l4Bytes(4).build()));
        final var web = rig.received(WEB);
        assertEquals(2, web.size());
        assertArrayEquals(request, web.get(0));
        assertArrayEquals(reply, web.get(1));
        final var dns = rig.received(DNS);
        assertEquals(1, dns.size());
        assertArrayEquals(query, dns.get(0));
        assertEquals(3, rig.drops(NIC, DropReason.FILTERED));
        assertEquals(1, rig.drops(NIC, DropReason.MALFORMED));
        assertEquals(0, rig.drops(NIC, DropReason.HAIRPIN));
        assertEquals(7, rig.counters(NIC).rxPackets());
        assertEquals(3, rig.counters(NIC).forwarded());
    }

    @Test
    void shouldSendAMiddleboxsOwnTrafficToTheReturnPort()
    {
        final byte[] reply = FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.1", 51234).build();
        assertEquals(0, rig.send(WEB, reply));
        assertEquals(1, rig.drops(WEB, DropReason.FILTERED));
        filter.returnPort(NIC);
        assertEquals(1, rig.send(WEB, reply));
        assertEquals(1, rig.received(NIC).size());
        assertEquals(0, rig.drops(WEB, DropReason.HAIRPIN));
    }

    @Test
    void shouldStopSteeringToADetachedPort()
    {
        rig.sw.detach(rig.ports[WEB]);
        assertEquals(-1, filter.mapped(L4Protocol.TCP, 80));
        assertEquals(0, rig.send(NIC, FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 80).build()));
        assertEquals(1, rig.drops(NIC, DropReason.FILTERED));
        assertEquals(0, rig.drops(NIC, DropReason.BAD_PORT));
    }
}
