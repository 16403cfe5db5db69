package net.vswitch.fabric;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GsoSegmenterProperties
{
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_CWR = 0x80;

    @Property(tries = 300)
    void tcpSegmentsAreWireFramesThatAddUpToTheSuperFrame(@ForAll @IntRange(min = 4, max = 6) final int version,
        @ForAll @IntRange(min = 1, max = 65000) final int payload,
        @ForAll @IntRange(min = 88, max = 9000) final int mss,
        @ForAll final boolean fin)
    {
        final int ipVersion = version == 5 ? 4 : version;
        final int flags = TCP_ACK | TCP_PSH | TCP_CWR | (fin ? TCP_FIN : 0);
        final byte[] bytes = GsoFrames.frame(ipVersion, Packet.IPPROTO_TCP, Math.min(payload, 65000 - 100), flags,
            payload);
        final int l4 = GsoFrames.ETH + (ipVersion == 4 ? 20 : 40);
        final int word = Offload.of(true, l4, Offload.TCP_CSUM_OFFSET, false,
            ipVersion == 4 ? Offload.GSO_TCPV4 : Offload.GSO_TCPV6, false, mss);
        final Packet packet = GsoFrames.packet(bytes, word);
        final int header = GsoSegmenter.headerLength(packet);
        assertEquals(l4 + 32, header);
        final int segments = GsoSegmenter.segments(packet, header);
        final int data = bytes.length - header;
        assertEquals((data + mss - 1) / mss, segments);

        final MemorySegment out = Arena.ofAuto().allocate(header + mss);
        final ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int k = 0; k < segments; k++)
        {
            final int length = GsoSegmenter.segment(packet, header, k, out, 0);
            assertEquals(header + Math.min(mss, data - k * mss), length, "segment " + k + " length");
            final byte[] seg = out.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            final Packet parsed = new Packet().wrap(out, 0, length, length, 0);
            assertEquals(ipVersion, parsed.ipVersion());
            assertEquals(l4, parsed.l4Offset());
            assertEquals(0, parsed.parseFlags() & (Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED));
            if (ipVersion == 4)
            {
                assertEquals(length - GsoFrames.ETH, parsed.u16(GsoFrames.ETH + 2), "IPv4 total length");
                assertEquals((0x1234 + k) & 0xFFFF, parsed.u16(GsoFrames.ETH + 4), "IPv4 id");
                assertTrue(ChecksumOffload.verifies(out, GsoFrames.ETH, 20, 0), "IPv4 header checksum");
            }
            else
            {
                assertEquals(length - GsoFrames.ETH - 40, parsed.u16(GsoFrames.ETH + 4), "IPv6 payload length");
            }
            assertTrue(ChecksumOffload.verifies(out, l4, length - l4,
                GsoFrames.pseudoSum(seg, ipVersion, Packet.IPPROTO_TCP, length - l4)), "TCP checksum of " + k);
            assertEquals(0x7000_0000 + k * mss, parsed.u32(l4 + 4), "sequence number");
            final int segFlags = parsed.u8(l4 + 13);
            final boolean last = k == segments - 1;
            assertEquals(last && fin, (segFlags & TCP_FIN) != 0, "FIN only on the last");
            assertEquals(last, (segFlags & TCP_PSH) != 0, "PSH only on the last");
            assertEquals(k == 0, (segFlags & TCP_CWR) != 0, "CWR only on the first");
            assertTrue((segFlags & TCP_ACK) != 0);
            assertArrayEquals(Arrays.copyOfRange(bytes, l4 + 14, l4 + 16), Arrays.copyOfRange(seg, l4 + 14, l4 + 16),
                "window");
            assertArrayEquals(Arrays.copyOfRange(bytes, l4 + 18, header), Arrays.copyOfRange(seg, l4 + 18, header),
                "urgent pointer, options");
            joined.writeBytes(Arrays.copyOfRange(seg, header, length));
        }
        assertArrayEquals(Arrays.copyOfRange(bytes, header, bytes.length), joined.toByteArray(), "payload");
    }

    @Property(tries = 200)
    void udpSegmentsAreDatagramsOfGsoSize(@ForAll final boolean ipv6,
        @ForAll @IntRange(min = 1, max = 60000) final int payload,
        @ForAll @IntRange(min = 1, max = 8972) final int size)
    {
        final int ipVersion = ipv6 ? 6 : 4;
        final byte[] bytes = GsoFrames.frame(ipVersion, Packet.IPPROTO_UDP, payload, 0, size);
        final int l4 = GsoFrames.ETH + (ipv6 ? 40 : 20);
        final Packet packet = GsoFrames.packet(bytes,
            Offload.of(true, l4, Offload.UDP_CSUM_OFFSET, false, Offload.GSO_UDP_L4, false, size));
        final int header = GsoSegmenter.headerLength(packet);
        assertEquals(l4 + 8, header);
        final int segments = GsoSegmenter.segments(packet, header);
        assertEquals((payload + size - 1) / size, segments);
        final MemorySegment out = Arena.ofAuto().allocate(header + size);
        for (int k = 0; k < segments; k++)
        {
            final int length = GsoSegmenter.segment(packet, header, k, out, 0);
            final byte[] seg = out.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            assertEquals(header + Math.min(size, payload - k * size), length);
            final Packet parsed = new Packet().wrap(out, 0, length, length, 0);
            assertEquals(length - l4, parsed.u16(l4 + 4), "UDP length");
            assertTrue(parsed.u16(l4 + 6) != 0, "a UDP checksum is sent");
            assertTrue(ChecksumOffload.verifies(out, l4, length - l4,
                GsoFrames.pseudoSum(seg, ipVersion, Packet.IPPROTO_UDP, length - l4)), "UDP checksum of " + k);
        }
    }

    @Property(tries = 300)
    void completedChecksumsVerify(@ForAll final boolean ipv6, @ForAll final boolean tcp,
        @ForAll @IntRange(min = 0, max = 9000) final int payload)
    {
        final int ipVersion = ipv6 ? 6 : 4;
        final int proto = tcp ? Packet.IPPROTO_TCP : Packet.IPPROTO_UDP;
        final byte[] bytes = GsoFrames.frame(ipVersion, proto, payload, TCP_ACK, payload);
        final int l4 = GsoFrames.ETH + (ipv6 ? 40 : 20);
        final MemorySegment m = MemorySegment.ofArray(bytes);
        assertTrue(ChecksumOffload.complete(m, 0, bytes.length, l4,
            tcp ? Offload.TCP_CSUM_OFFSET : Offload.UDP_CSUM_OFFSET));
        assertTrue(ChecksumOffload.verifies(m, l4, bytes.length - l4,
            GsoFrames.pseudoSum(bytes, ipVersion, proto, bytes.length - l4)));
    }

    @Property(tries = 300)
    void offloadWordsRoundTrip(@ForAll @IntRange(min = 0, max = 511) final int csumStart, @ForAll final boolean udp,
        @ForAll final boolean valid, @ForAll @IntRange(min = 1, max = 65535) final int gsoSize,
        @ForAll final boolean ecn)
    {
        final int type = udp ? Offload.GSO_UDP_L4 : Offload.GSO_TCPV6;
        final int word = Offload.of(true, csumStart, udp ? 6 : 16, valid, type, ecn, gsoSize);
        assertTrue(word != Offload.INVALID && word != Offload.NONE);
        assertTrue(Offload.needsCsum(word));
        assertEquals(csumStart, Offload.csumStart(word));
        assertEquals(udp ? 6 : 16, Offload.csumOffset(word));
        assertEquals(valid, Offload.dataValid(word));
        assertEquals(type, Offload.gsoType(word));
        assertEquals(gsoSize, Offload.gsoSize(word));
        assertEquals(ecn, Offload.ecn(word));
        assertEquals(Offload.INVALID, Offload.of(true, 512, 16, false, 0, false, 0), "checksum start past 511 does not fit");
        assertEquals(Offload.INVALID, Offload.of(true, 34, 8, false, 0, false, 0), "SCTP's offset does not fit");
        assertEquals(Offload.INVALID, Offload.of(false, 0, 0, false, Offload.GSO_TCPV4, false, 1448), "GSO needs a partial csum");
    }

    @Property(tries = 200)
    void framesThatContradictTheirGsoTypeAreRefused(@ForAll @IntRange(min = 100, max = 3000) final int payload)
    {
        final byte[] bytes = GsoFrames.frame(4, Packet.IPPROTO_UDP, payload, 0, payload);
        final Packet tcpClaim = GsoFrames.packet(bytes,
            Offload.of(true, 34, Offload.TCP_CSUM_OFFSET, false, Offload.GSO_TCPV4, false, 1448));
        assertEquals(-1, GsoSegmenter.headerLength(tcpClaim), "UDP frame claiming TCP GSO");
        final byte[] v6 = GsoFrames.frame(6, Packet.IPPROTO_TCP, payload, TCP_ACK, payload);
        final Packet v4Claim = GsoFrames.packet(v6,
            Offload.of(true, 54, Offload.TCP_CSUM_OFFSET, false, Offload.GSO_TCPV4, false, 1448));
        assertEquals(-1, GsoSegmenter.headerLength(v4Claim), "IPv6 frame claiming TCPv4 GSO");
    }
}
