package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Packet;

class InvalidPacketTest extends TrackerFixture
{
    @Test
    void shouldMarkIpv4FragmentsInvalidAndCountThem()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        assertEquals("+trk+inv", commit(Frames.fragment(flow.clientData(100), true)), "first fragment");
        assertEquals("+trk+inv", commit(Frames.fragment(flow.clientData(100), false)), "later fragment");
        assertEquals("+trk+inv", commit(Frames.fragment(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2), true)));
        assertEquals(3, counter("invalid_fragment"));
        assertEquals(1, tracker.size());
    }

    @Test
    void shouldMarkTruncatedAndMalformedPacketsInvalid()
    {
        final byte[] syn = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80).syn();
        assertEquals("+trk+inv", commit(Frames.truncate(syn, 40)), "IP header claims more than the frame");
        final byte[] badOffset = syn.clone();
        badOffset[14 + 20 + 12] = 0x30;
        assertEquals("+trk+inv", commit(badOffset), "TCP data offset 3 words");
        final byte[] badVersion = syn.clone();
        badVersion[14] = 0x55;
        assertEquals("+trk+inv", commit(badVersion), "IPv4 EtherType, version 5");
        assertEquals("+trk+inv", commit(Frames.truncate(syn, 20)), "no IP header at all");
        final byte[] shortIcmpError = Frames.icmp("10.0.0.9", "10.0.0.1", 3, 1, 0, new byte[4]);
        assertEquals("+trk+inv", commit(shortIcmpError), "an ICMP error quoting too little");
        assertEquals(5, counter("invalid_malformed"));
        assertEquals(5, counter("invalid"));
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldLeaveNonIpFramesUntracked()
    {
        final byte[] arp = new byte[60];
        arp[12] = 0x08;
        arp[13] = 0x06;
        final Packet packet = Frames.packet(arp);
        assertEquals(0, tracker.commit(packet, 0));
        assertEquals(0, packet.ctState());
        assertEquals(0, counter("tracked"));
    }
}
