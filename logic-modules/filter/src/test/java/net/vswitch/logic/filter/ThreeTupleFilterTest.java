package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 3-tuple filter at the unit level: decisions and drop reasons for single packets. */
class ThreeTupleFilterTest
{
    private static final int NIC = 0;
    private static final int HOST = 1;
    private static final int STACK_A = 2;
    private static final int STACK_B = 3;

    private ThreeTupleFilter filter;
    private TestContext context;

    @BeforeEach
    void setUp()
    {
        filter = new ThreeTupleFilter(NIC, HOST);
        context = new TestContext("nic", "host", "stack-a", "stack-b");
        filter.start(context);
    }

    private static Packet decided(final SwitchLogic logic, final byte[] frame, final int ingress, final int[] out)
    {
        final Packet packet = FrameBuilder.packet(frame, ingress);
        out[0] = logic.lookup(packet, ingress);
        return packet;
    }

    private int decide(final byte[] frame, final int ingress)
    {
        return filter.lookup(FrameBuilder.packet(frame, ingress), ingress);
    }

    private void assertDropped(final byte[] frame, final int ingress, final DropReason reason)
    {
        final int[] out = new int[1];
        final Packet packet = decided(filter, frame, ingress, out);
        assertEquals(SwitchLogic.DROP, out[0], "decision");
        assertEquals(reason, packet.dropReason());
    }

    // ------------------------------------------------------------------ reservations

    @Test
    void shouldRefuseCollidingReservationNamingTheHolder()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(STACK_B, L4Protocol.TCP, Tuple.parseAddress("10.0.0.1"), 80));
        assertEquals("tcp:10.0.0.1:80 is already reserved by port 2 (stack-a)", ex.getMessage());
        final IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals("tcp:10.0.0.1:80 is already reserved by port 2 (stack-a)", again.getMessage());
        assertEquals(STACK_A, filter.holder(Tuple.parse("tcp:10.0.0.1:80")));
    }

    @Test
    void shouldRefuseCollidingIpv6ReservationNamingTheHolder()
    {
        filter.reserve(STACK_B, Tuple.parse("udp:[2001:db8:0:0::1]:53"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(HOST, Tuple.parse("udp:[2001:db8::1]:53")));
        assertEquals("udp:[2001:db8::1]:53 is already reserved by port 3 (stack-b)", ex.getMessage());
    }

    @Test
    void shouldKeepProtocolsAddressesAndFamiliesApart()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        filter.reserve(STACK_B, Tuple.parse("udp:10.0.0.1:80"));
        filter.reserve(STACK_B, Tuple.parse("tcp:10.0.0.2:80"));
        filter.reserve(STACK_B, Tuple.parse("tcp:10.0.0.1:81"));
        filter.reserve(STACK_B, Tuple.parse("tcp:[::a00:1]:80"));
        assertEquals(5, filter.size());
        assertEquals(STACK_A, filter.holder(Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals(STACK_B, filter.holder(Tuple.parse("tcp:[::a00:1]:80")));
        assertEquals(-1, filter.holder(Tuple.parse("udp:10.0.0.2:80")));
    }

    @Test
    void shouldRefuseReservationsByTheUplinkOrADetachedPort()
    {
        final IllegalArgumentException uplink = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(NIC, Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals("port 0 (nic) is the uplink; it cannot reserve tuples", uplink.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(7, Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals("port 7 is not attached to switch sw0", missing.getMessage());
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(-1, Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals("port index must be >= 0: -1", negative.getMessage());
        assertEquals(0, filter.size());
    }

    @Test
    void shouldFreeOnReleaseSoAnotherPortCanReserve()
    {
        final Tuple tuple = Tuple.parse("tcp:10.0.0.1:80");
        filter.reserve(STACK_A, tuple);
        filter.release(STACK_A, L4Protocol.TCP, Tuple.parseAddress("10.0.0.1"), 80);
        assertEquals(-1, filter.holder(tuple));
        filter.reserve(STACK_B, tuple);
        assertEquals(STACK_B, filter.holder(tuple));
    }

    @Test
    void shouldRefuseReleasingATupleThePortDoesNotHold()
    {
        final Tuple tuple = Tuple.parse("udp:10.0.0.1:53");
        final IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
            () -> filter.release(STACK_A, tuple));
        assertEquals("udp:10.0.0.1:53 is not reserved", absent.getMessage());
        filter.reserve(STACK_A, tuple);
        final IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
            () -> filter.release(STACK_B, tuple));
        assertEquals("udp:10.0.0.1:53 is reserved by port 2 (stack-a), not by port 3 (stack-b)", other.getMessage());
        assertEquals(STACK_A, filter.holder(tuple));
    }

    @Test
    void shouldFreeEveryTupleOfADetachedPort()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        filter.reserve(STACK_A, Tuple.parse("udp:[2001:db8::1]:53"));
        filter.reserve(STACK_B, Tuple.parse("tcp:10.0.0.1:443"));
        context.detach(STACK_A);
        filter.portDetached(STACK_A);
        assertEquals(1, filter.size());
        assertEquals(-1, filter.holder(Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals(HOST, decide(FrameBuilder.tcp("10.9.9.9", 5555, "10.0.0.1", 80).build(), NIC));
        assertEquals(STACK_B, decide(FrameBuilder.tcp("10.9.9.9", 5555, "10.0.0.1", 443).build(), NIC));
    }

    @Test
    void shouldListReservationsForShow()
    {
        filter.reserve(STACK_B, Tuple.parse("udp:[2001:db8::1]:53"));
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        final List<Reservation> list = filter.reservations();
        assertEquals(List.of(new Reservation(Tuple.parse("tcp:10.0.0.1:80"), STACK_A, "stack-a"),
            new Reservation(Tuple.parse("udp:[2001:db8::1]:53"), STACK_B, "stack-b")), list);
        final String nl = System.lineSeparator();
        assertEquals("filter3: uplink port 0 (nic), default port 1 (host), other traffic from uplink FORWARD, "
            + "from ports FORWARD, 2 reservation(s)" + nl
            + "  tcp:10.0.0.1:80 -> port 2 (stack-a)" + nl
            + "  udp:[2001:db8::1]:53 -> port 3 (stack-b)", filter.toString());
    }

    @Test
    void shouldGrowPastItsInitialCapacityAndRefuseAtTheLimit()
    {
        final ThreeTupleFilter small = new ThreeTupleFilter(NIC, HOST, 1000);
        for (int i = 0; i < 1000; i++)
        {
            small.reserve(2 + (i % 5), Tuple.of(L4Protocol.UDP, "10.1." + (i / 250) + "." + (i % 250), 1 + i));
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> small.reserve(2, Tuple.parse("tcp:10.0.0.1:1")));
        assertEquals("tuple table is full (1000 reservations)", ex.getMessage());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(2 + (i % 5), small.holder(Tuple.of(L4Protocol.UDP, "10.1." + (i / 250) + "." + (i % 250),
                1 + i)));
        }
        assertEquals(200, small.releaseAll(4));
        assertEquals(800, small.size());
    }

    @Test
    void shouldRefuseMakingAHolderTheUplink()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> filter.ports(STACK_A, HOST));
        assertEquals("port 2 (stack-a) holds 1 reservation(s); release them before making it the uplink",
            ex.getMessage());
        final IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
            () -> new ThreeTupleFilter(1, 1));
        assertEquals("the uplink and the default port must differ: both are 1", same.getMessage());
        filter.ports(STACK_B, NIC);
        assertEquals(STACK_B, filter.uplinkPort());
        assertEquals(NIC, filter.defaultPort());
        assertEquals(STACK_A, decide(FrameBuilder.tcp("10.9.9.9", 5555, "10.0.0.1", 80).build(), STACK_B));
    }

    // ------------------------------------------------------------------ delivery from the uplink

    @Test
    void shouldDeliverReservedDestinationToItsHolderAndTheRestToTheDefaultPort()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        filter.reserve(STACK_B, Tuple.parse("udp:10.0.0.1:80"));
        assertEquals(STACK_A, decide(FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(), NIC));
        assertEquals(STACK_B, decide(FrameBuilder.udp("192.0.2.7", 40000, "10.0.0.1", 80).build(), NIC));
        assertEquals(HOST, decide(FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 81).build(), NIC));
        assertEquals(HOST, decide(FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.2", 80).build(), NIC));
        // the source tuple does not matter on the way in
        assertEquals(HOST, decide(FrameBuilder.tcp("10.0.0.1", 80, "10.0.0.9", 1234).build(), NIC));
    }

    @Test
    void shouldDeliverIpv6ByDestinationTuple()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:[2001:db8::1]:443"));
        assertEquals(STACK_A, decide(FrameBuilder.tcp("2001:db8::99", 50000, "2001:db8::1", 443).build(), NIC));
        assertEquals(HOST, decide(FrameBuilder.tcp("2001:db8::99", 50000, "2001:db8::2", 443).build(), NIC));
        assertEquals(HOST, decide(FrameBuilder.udp("2001:db8::99", 50000, "2001:db8::1", 443).build(), NIC));
    }

    @Test
    void shouldMatchVlanTaggedFrames()
    {
        filter.reserve(STACK_A, Tuple.parse("udp:10.0.0.1:53"));
        assertEquals(STACK_A, decide(FrameBuilder.udp("10.0.0.9", 999, "10.0.0.1", 53).vlan(7).build(), NIC));
    }

    // ------------------------------------------------------------------ output verification

    @Test
    void shouldSendAHoldersTrafficToTheUplink()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        filter.reserve(STACK_A, Tuple.parse("udp:[2001:db8::1]:53"));
        assertEquals(NIC, decide(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(), STACK_A));
        assertEquals(NIC, decide(FrameBuilder.udp("2001:db8::1", 53, "2001:db8::7", 5353).build(), STACK_A));
    }

    @Test
    void shouldDropSpoofedSources()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        // another port's tuple
        assertDropped(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(), STACK_B, DropReason.SPOOFED);
        // nobody's tuple
        assertDropped(FrameBuilder.tcp("10.0.0.1", 81, "192.0.2.7", 40000).build(), STACK_A, DropReason.SPOOFED);
        // same address and port, other protocol
        assertDropped(FrameBuilder.udp("10.0.0.1", 80, "192.0.2.7", 40000).build(), STACK_A, DropReason.SPOOFED);
        // IPv6
        assertDropped(FrameBuilder.tcp("2001:db8::1", 80, "2001:db8::7", 40000).build(), STACK_A,
            DropReason.SPOOFED);
        // the host stack may not use a reserved tuple either
        assertDropped(FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(), HOST, DropReason.SPOOFED);
    }

    @Test
    void shouldLetTheDefaultPortSendAnyUnreservedTuple()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        assertEquals(NIC, decide(FrameBuilder.tcp("10.0.0.1", 22, "192.0.2.7", 40000).build(), HOST));
        assertEquals(NIC, decide(FrameBuilder.udp("2001:db8::1", 80, "2001:db8::7", 40000).build(), HOST));
    }

    // ------------------------------------------------------------------ traffic without a tuple

    @Test
    void shouldForwardArpAndIcmpByDefault()
    {
        assertEquals(HOST, decide(FrameBuilder.arp(), NIC));
        assertEquals(NIC, decide(FrameBuilder.arp(), STACK_A));
        assertEquals(HOST, decide(FrameBuilder.icmp("192.0.2.7", "10.0.0.1").build(), NIC));
        assertEquals(NIC, decide(FrameBuilder.icmp("2001:db8::1", "2001:db8::7").build(), STACK_B));
    }

    @Test
    void shouldFloodOrDropTrafficWithoutATupleWhenConfigured()
    {
        filter.otherTraffic(OtherTraffic.FLOOD, OtherTraffic.DROP);
        assertEquals(SwitchLogic.BROADCAST, decide(FrameBuilder.arp(), NIC));
        assertDropped(FrameBuilder.arp(), STACK_A, DropReason.FILTERED);
        filter.otherTraffic(OtherTraffic.DROP, OtherTraffic.FLOOD);
        assertDropped(FrameBuilder.icmp("192.0.2.7", "10.0.0.1").build(), NIC, DropReason.FILTERED);
        assertEquals(SwitchLogic.BROADCAST, decide(FrameBuilder.arp(), STACK_A));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void shouldDropFragmentsEvenToReservedTuples()
    {
        filter.reserve(STACK_A, Tuple.parse("udp:10.0.0.1:53"));
        filter.reserve(STACK_A, Tuple.parse("udp:[2001:db8::1]:53"));
        assertDropped(FrameBuilder.udp("10.0.0.9", 999, "10.0.0.1", 53).firstFragment().build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("10.0.0.9", 999, "10.0.0.1", 53).laterFragment(185).build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("2001:db8::9", 999, "2001:db8::1", 53).firstFragment().build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("2001:db8::9", 999, "2001:db8::1", 53).laterFragment(185).build(), NIC,
            DropReason.FILTERED);
        assertDropped(FrameBuilder.udp("10.0.0.1", 53, "10.0.0.9", 999).firstFragment().build(), STACK_A,
            DropReason.FILTERED);
    }

    @Test
    void shouldDropMalformedHeaders()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        assertDropped(FrameBuilder.tcp("10.0.0.9", 999, "10.0.0.1", 80).l4Bytes(12).build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.tcp("10.0.0.9", 999, "10.0.0.1", 80).tcpDataOffsetWords(15).build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.udp("10.0.0.9", 999, "10.0.0.1", 80).l4Bytes(6).build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.tcp("2001:db8::9", 999, "2001:db8::1", 80).l4Bytes(19).build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.tcp("10.0.0.9", 999, "10.0.0.1", 80).badIpHeader().build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.tcp("2001:db8::9", 999, "2001:db8::1", 80).badIpHeader().build(), NIC,
            DropReason.MALFORMED);
        assertDropped(FrameBuilder.tcp("10.0.0.1", 80, "10.0.0.9", 999).l4Bytes(12).build(), STACK_A,
            DropReason.MALFORMED);
        assertDropped(new byte[10], NIC, DropReason.MALFORMED);
    }

    @Test
    void shouldDecideABatchLikeSinglePackets()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        final byte[][] frames = {
            FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(),
            FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 81).build(),
            FrameBuilder.arp(),
            FrameBuilder.udp("10.0.0.9", 999, "10.0.0.1", 53).firstFragment().build(),
        };
        final PacketBatch batch = new PacketBatch(frames.length);
        for (final byte[] frame : frames)
        {
            batch.add(java.lang.foreign.MemorySegment.ofArray(frame), 0, frame.length, frame.length, NIC);
        }
        final int[] out = new int[frames.length];
        assertTrue(filter.batched());
        filter.lookupBatch(batch, NIC, out);
        assertEquals(List.of(STACK_A, HOST, HOST, SwitchLogic.DROP), List.of(out[0], out[1], out[2], out[3]));
        assertEquals(DropReason.FILTERED, batch.packet(3).dropReason());
        assertNull(batch.packet(0).dropReason());
    }

    @Test
    void shouldWorkWithoutASwitch()
    {
        final ThreeTupleFilter bare = new ThreeTupleFilter();
        bare.reserve(5, Tuple.parse("tcp:10.0.0.1:80"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> bare.reserve(6, Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals("tcp:10.0.0.1:80 is already reserved by port 5", ex.getMessage());
        assertEquals(5, bare.lookup(FrameBuilder.packet(FrameBuilder.tcp("1.2.3.4", 9, "10.0.0.1", 80).build(), 0),
            0));
        assertEquals("filter3", bare.name());
    }
}
