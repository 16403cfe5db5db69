package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The middlebox filter at the unit level. */
class MiddleboxFilterTest
{
    private static final int NIC = 0;
    private static final int WEB = 1;
    private static final int DNS = 2;
    private static final int IDS = 3;

    private MiddleboxFilter filter;

    @BeforeEach
    void setUp()
    {
        filter = new MiddleboxFilter();
        filter.start(new TestContext("nic", "web", "dns", "ids"));
    }

    private int decide(final byte[] frame, final int ingress)
    {
        return filter.lookup(FrameBuilder.packet(frame, ingress), ingress);
    }

    private void assertDropped(final byte[] frame, final int ingress, final DropReason reason)
    {
        final Packet packet = FrameBuilder.packet(frame, ingress);
        assertEquals(SwitchLogic.DROP, filter.lookup(packet, ingress), "decision");
        assertEquals(reason, packet.dropReason());
    }

    @Test
    void shouldMatchSourceOrDestinationPortSoBothDirectionsArrive()
    {
        filter.map(L4Protocol.TCP, 80, WEB).map(L4Protocol.UDP, 53, DNS);
        assertEquals(WEB, decide(FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 80).build(), NIC));
        assertEquals(WEB, decide(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.1", 51234).build(), NIC));
        assertEquals(DNS, decide(FrameBuilder.udp("192.0.2.1", 40000, "10.0.0.1", 53).build(), NIC));
        assertEquals(DNS, decide(FrameBuilder.udp("2001:db8::1", 53, "2001:db8::2", 40000).build(), NIC));
    }

    @Test
    void shouldKeepTcpAndUdpTablesApart()
    {
        filter.map(L4Protocol.TCP, 53, WEB).map(L4Protocol.UDP, 53, DNS);
        assertEquals(WEB, decide(FrameBuilder.tcp("192.0.2.1", 40000, "10.0.0.1", 53).build(), NIC));
        assertEquals(DNS, decide(FrameBuilder.udp("192.0.2.1", 40000, "10.0.0.1", 53).build(), NIC));
    }

    @Test
    void shouldLetTheLowerPortWinSoAConversationStaysTogether()
    {
        filter.map(L4Protocol.TCP, 80, WEB).map(L4Protocol.TCP, 8080, IDS);
        assertEquals(WEB, decide(FrameBuilder.tcp("10.0.0.1", 8080, "10.0.0.2", 80).build(), NIC));
        assertEquals(WEB, decide(FrameBuilder.tcp("10.0.0.2", 80, "10.0.0.1", 8080).build(), NIC));
        assertEquals(IDS, decide(FrameBuilder.tcp("10.0.0.2", 9000, "10.0.0.1", 8080).build(), NIC));
    }

    @Test
    void shouldDropAndNameUnmatchedTraffic()
    {
        filter.map(L4Protocol.TCP, 80, WEB);
        assertDropped(FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 81).build(), NIC, DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("192.0.2.1", 51234, "10.0.0.1", 80).build(), NIC, DropReason.FILTERED);
        assertDropped(FrameBuilder.icmp("192.0.2.1", "10.0.0.1").build(), NIC, DropReason.FILTERED);
        assertDropped(FrameBuilder.arp(), NIC, DropReason.FILTERED);
    }

    @Test
    void shouldDropFragmentsAndMalformedHeaders()
    {
        filter.map(L4Protocol.UDP, 53, DNS).map(L4Protocol.TCP, 80, WEB);
        assertDropped(FrameBuilder.udp("192.0.2.1", 53, "10.0.0.1", 53).firstFragment().build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("2001:db8::1", 53, "2001:db8::2", 53).laterFragment(100).build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.tcp("192.0.2.1", 80, "10.0.0.1", 80).l4Bytes(8).build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.udp("192.0.2.1", 53, "10.0.0.1", 53).badIpHeader().build(), NIC,
            DropReason.MALFORMED);
        assertDropped(new byte[13], NIC, DropReason.MALFORMED);
    }

    @Test
    void shouldNeverHairpinAndUseTheReturnPortWhenSet()
    {
        filter.map(L4Protocol.TCP, 80, WEB);
        assertDropped(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.1", 51234).build(), WEB, DropReason.FILTERED);
        filter.returnPort(NIC);
        assertEquals(NIC, decide(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.1", 51234).build(), WEB));
        // the return port itself never gets its own packets back
        filter.map(L4Protocol.TCP, 22, NIC);
        assertDropped(FrameBuilder.tcp("10.0.0.1", 22, "192.0.2.1", 51234).build(), NIC, DropReason.FILTERED);
    }

    @Test
    void shouldChangeMappingsAtRuntime()
    {
        final byte[] frame = FrameBuilder.tcp("192.0.2.1", 51234, "10.0.0.1", 80).build();
        filter.map(L4Protocol.TCP, 80, WEB);
        assertEquals(WEB, decide(frame, NIC));
        filter.map(L4Protocol.TCP, 80, IDS);
        assertEquals(IDS, decide(frame, NIC));
        assertEquals(IDS, filter.unmap(L4Protocol.TCP, 80));
        assertEquals(-1, filter.mapped(L4Protocol.TCP, 80));
        assertDropped(frame, NIC, DropReason.FILTERED);
    }

    @Test
    void shouldRejectBadMappingsWithClearMessages()
    {
        assertEquals("transport port must be in 0..65535: 65536", assertThrows(IllegalArgumentException.class,
            () -> filter.map(L4Protocol.TCP, 65536, WEB)).getMessage());
        assertEquals("switch port index must be >= 0: -2", assertThrows(IllegalArgumentException.class,
            () -> filter.map(L4Protocol.TCP, 80, -2)).getMessage());
        assertEquals("port 9 is not attached to switch sw0", assertThrows(IllegalArgumentException.class,
            () -> filter.map(L4Protocol.UDP, 80, 9)).getMessage());
        assertEquals("udp port 80 is not mapped", assertThrows(IllegalArgumentException.class,
            () -> filter.unmap(L4Protocol.UDP, 80)).getMessage());
        assertEquals("return port must be a port index or -1 (none): -5", assertThrows(IllegalArgumentException.class,
            () -> filter.returnPort(-5)).getMessage());
    }

    @Test
    void shouldForgetMappingsOfADetachedPort()
    {
        filter.map(L4Protocol.TCP, 80, WEB).map(L4Protocol.UDP, 80, WEB).map(L4Protocol.UDP, 53, DNS);
        filter.portDetached(WEB);
        assertEquals(List.of(new Mapping(L4Protocol.UDP, 53, DNS)), filter.mappings());
    }

    @Test
    void shouldListMappingsForShow()
    {
        filter.map(L4Protocol.UDP, 53, DNS).map(L4Protocol.TCP, 443, WEB).map(L4Protocol.TCP, 0, IDS);
        final String nl = System.lineSeparator();
        assertEquals("middlebox: 3 mapping(s), no return port" + nl + "  tcp/0 -> port 3" + nl
            + "  tcp/443 -> port 1" + nl + "  udp/53 -> port 2", filter.toString());
        assertEquals("middlebox", filter.name());
    }
}
