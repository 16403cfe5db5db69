package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 3-tuple filter on a real switch: what each port receives and what the counters say. */
class ThreeTupleFilterSwitchTest
{
    private static final int NIC = 0;
    private static final int HOST = 1;
    private static final int STACK_A = 2;
    private static final int STACK_B = 3;

    private ThreeTupleFilter filter;
    private SwitchRig rig;

    @BeforeEach
    void setUp()
    {
        filter = new ThreeTupleFilter();
        rig = new SwitchRig(filter, "nic", "host", "stack-a", "stack-b");
    }

    @AfterEach
    void tearDown()
    {
        rig.close();
    }

    private void assertDelivered(final int from, final byte[] frame, final int to)
    {
        assertEquals(1, rig.send(from, frame), "copies delivered");
        for (int port = 0; port < rig.ports.length; port++)
        {
            if (rig.ports[port].owner() == null)
            {
                continue;
            }
            final List<byte[]> got = rig.received(port);
            if (port == to)
            {
                assertEquals(1, got.size(), "frames at port " + port);
                assertArrayEquals(frame, got.get(0));
            }
            else
            {
                assertEquals(0, got.size(), "frames at port " + port);
            }
        }
    }

    private void assertDroppedAndCounted(final int from, final byte[] frame, final DropReason reason)
    {
        final long before = rig.drops(from, reason);
        assertEquals(0, rig.send(from, frame), "copies delivered");
        assertEquals(before + 1, rig.drops(from, reason), reason + " drops at port " + from);
        assertArrayEquals(new int[rig.ports.length], rig.drainCounts(), "frames delivered anywhere");
    }

    private void assertAccounting()
    {
        for (int port = 0; port < rig.ports.length; port++)
        {
            final PortCounters c = rig.counters(port);
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(),
                "accounting of port " + port);
        }
    }

    @Test
    void shouldDemultiplexUplinkTrafficByDestinationTuple()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        filter.reserve(STACK_B, Tuple.parse("udp:10.0.0.1:53"));
        assertDelivered(NIC, FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(), STACK_A);
        assertDelivered(NIC, FrameBuilder.udp("192.0.2.7", 40000, "10.0.0.1", 53).build(), STACK_B);
        assertDelivered(NIC, FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 22).build(), HOST);
        assertDelivered(NIC, FrameBuilder.arp(), HOST);
        assertEquals(4, rig.counters(NIC).forwarded());
        assertEquals(1, rig.counters(STACK_A).txPackets());
        assertAccounting();
    }

    @Test
    void shouldDeliverIpv6BothWays()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:[2001:db8::1]:443"));
        assertDelivered(NIC, FrameBuilder.tcp("2001:db8::99", 50000, "2001:db8::1", 443).build(), STACK_A);
        assertDelivered(STACK_A, FrameBuilder.tcp("2001:db8::1", 443, "2001:db8::99", 50000).build(), NIC);
        assertDroppedAndCounted(STACK_B, FrameBuilder.tcp("2001:db8::1", 443, "2001:db8::99", 50000).build(),
            DropReason.SPOOFED);
        assertAccounting();
    }

    @Test
    void shouldDropAndCountSpoofedSources()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        assertDelivered(STACK_A, FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(), NIC);
        assertDroppedAndCounted(STACK_B, FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(),
            DropReason.SPOOFED);
        assertDroppedAndCounted(STACK_B, FrameBuilder.udp("10.0.0.5", 9999, "192.0.2.7", 40000).build(),
            DropReason.SPOOFED);
        assertDroppedAndCounted(HOST, FrameBuilder.tcp("10.0.0.1", 80, "192.0.2.7", 40000).build(),
            DropReason.SPOOFED);
        assertDelivered(HOST, FrameBuilder.tcp("10.0.0.1", 22, "192.0.2.7", 40000).build(), NIC);
        assertEquals(2, rig.drops(STACK_B, DropReason.SPOOFED));
        assertEquals(1, rig.drops(HOST, DropReason.SPOOFED));
        assertAccounting();
    }

    @Test
    void shouldDropAndCountFragmentsAndMalformedHeadersNeverDeliveringThem()
    {
        filter.reserve(STACK_A, Tuple.parse("udp:10.0.0.1:53"));
        filter.reserve(STACK_A, Tuple.parse("tcp:[2001:db8::1]:80"));
        assertDroppedAndCounted(NIC, FrameBuilder.udp("10.0.0.9", 53, "10.0.0.1", 53).firstFragment().build(),
            DropReason.FILTERED);
        assertDroppedAndCounted(NIC, FrameBuilder.udp("10.0.0.9", 53, "10.0.0.1", 53).laterFragment(3).build(),
            DropReason.FILTERED);
        assertDroppedAndCounted(NIC, FrameBuilder.tcp("2001:db8::9", 1, "2001:db8::1", 80).firstFragment().build(),
            DropReason.FILTERED);
        assertDroppedAndCounted(NIC, FrameBuilder.udp("10.0.0.9", 53, "10.0.0.1", 53).l4Bytes(7).build(),
            DropReason.MALFORMED);
        assertDroppedAndCounted(NIC, FrameBuilder.tcp("2001:db8::9", 1, "2001:db8::1", 80).l4Bytes(4).build(),
            DropReason.MALFORMED);
        assertDroppedAndCounted(NIC, FrameBuilder.tcp("10.0.0.9", 1, "10.0.0.1", 80).badIpHeader().build(),
            DropReason.MALFORMED);
        assertDroppedAndCounted(STACK_A, FrameBuilder.udp("10.0.0.1", 53, "10.0.0.9", 53).laterFragment(3).build(),
            DropReason.FILTERED);
        assertEquals(3, rig.drops(NIC, DropReason.FILTERED));
        assertEquals(3, rig.drops(NIC, DropReason.MALFORMED));
        assertAccounting();
    }

    @Test
    void shouldFreeReservationsWhenAPortIsDetached()
    {
        final Tuple tuple = Tuple.parse("tcp:10.0.0.1:80");
        filter.reserve(STACK_A, tuple);
        rig.sw.detach(rig.ports[STACK_A]);
        assertEquals(-1, filter.holder(tuple));
        assertEquals(0, filter.size());
        assertDelivered(NIC, FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(), HOST);
        assertEquals("port 2 is not attached to switch sw0", assertThrows(IllegalArgumentException.class,
            () -> filter.reserve(STACK_A, tuple)).getMessage());
        filter.reserve(STACK_B, tuple);
        assertDelivered(NIC, FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(), STACK_B);
    }

    @Test
    void shouldNameTheHolderWithTheSwitchPortName()
    {
        filter.reserve(STACK_A, Tuple.parse("udp:10.0.0.1:53"));
        assertEquals("udp:10.0.0.1:53 is already reserved by port 2 (stack-a)",
            assertThrows(IllegalArgumentException.class,
                () -> filter.reserve(STACK_B, Tuple.parse("udp:10.0.0.1:53"))).getMessage());
    }

    @Test
    void shouldCountABatchOfMixedTrafficExactly()
    {
        filter.reserve(STACK_A, Tuple.parse("tcp:10.0.0.1:80"));
        final byte[][] frames = {
            FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).build(),
            FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 81).build(),
            FrameBuilder.udp("10.0.0.9", 53, "10.0.0.1", 80).firstFragment().build(),
            FrameBuilder.tcp("192.0.2.7", 40000, "10.0.0.1", 80).l4Bytes(10).build(),
            FrameBuilder.tcp("192.0.2.7", 40001, "10.0.0.1", 80).build(),
        };
        final var port = rig.ports[NIC];
        for (int i = 0; i < frames.length; i++)
        {
            java.lang.foreign.MemorySegment.copy(frames[i], 0, port.txMemory(),
                java.lang.foreign.ValueLayout.JAVA_BYTE, port.txBufferOffset(i), frames[i].length);
            port.txLength(i, frames[i].length);
        }
        assertEquals(3, port.send(frames.length));
        assertEquals(2, rig.received(STACK_A).size());
        assertEquals(1, rig.received(HOST).size());
        assertEquals(1, rig.drops(NIC, DropReason.FILTERED));
        assertEquals(1, rig.drops(NIC, DropReason.MALFORMED));
        assertAccounting();
    }
}
