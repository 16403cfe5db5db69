package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.*;

class PacketProperties
{
    private static Packet wrap(final byte[] bytes)
    {
        final MemorySegment m = Arena.ofAuto().allocate(Math.max(bytes.length, 1) + 64);
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new Packet().wrap(m, 0, bytes.length, bytes.length, 0);
    }

    /**
     * Arbitrary bytes, half of them shaped so the parse gets past L2 (an IPv4, IPv6 or VLAN-tagged
     * EtherType, a plausible version/IHL byte and length field): whatever the parser reports must be
     * what the bytes say, and every offset it hands a module must leave the header it names inside the
     * frame.
     */
    @Property(tries = 3000)
    void parsingArbitraryBytesReportsOnlyWhatTheFrameHolds(@ForAll @Size(max = 200) final byte[] raw,
        @ForAll @IntRange(min = 0, max = 5) final int shape)
    {
        final byte[] bytes = shaped(raw, shape);
        final int n = bytes.length;
        final Packet p = wrap(bytes);
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        if (n < 14)
        {
            assertEquals(0, p.etherType());
            assertEquals(n, p.l3Offset());
            assertEquals(0, p.ipVersion());
            assertNotEquals(0, p.parseFlags() & Packet.FLAG_L3_MALFORMED);
            assertEquals(-1, p.l4Offset());
            return;
        }
        final int l3 = p.l3Offset();
        assertEquals(14 + 4 * p.vlanTags(), l3, "L3 starts after the MACs, the tags and the EtherType");
        assertTrue(l3 <= n, "L3 offset " + l3 + " beyond the frame (" + n + " bytes)");
        assertEquals(b.getShort(l3 - 2) & 0xFFFF, p.etherType(), "EtherType is the 2 bytes before L3");
        for (int t = 0; t < p.vlanTags(); t++)
        {
            final int tpid = b.getShort(12 + 4 * t) & 0xFFFF;
            assertTrue(tpid == 0x8100 || tpid == 0x88A8, "tag " + t + " has TPID " + Integer.toHexString(tpid));
        }
        final int l4 = p.l4Offset();
        // the shaping must really reach the IP and L4 branches, or the checks below prove nothing
        Statistics.collect(p.ipVersion(), l4 >= 0);
        Statistics.coverage(coverage ->
        {
            coverage.check(4, true).percentage(share -> share >= 1.5);
            coverage.check(6, true).percentage(share -> share >= 1.5);
        });
        switch (p.ipVersion())
        {
            case 4 ->
            {
                assertEquals(Packet.ETHERTYPE_IPV4, p.etherType());
                final int ihl = (bytes[l3] & 0x0F) * 4;
                assertEquals(4, (bytes[l3] & 0xFF) >>> 4);
                assertTrue(ihl >= 20 && l3 + (b.getShort(l3 + 2) & 0xFFFF) <= n, "IPv4 header/total length in frame");
                assertEquals(bytes[l3 + 9] & 0xFF, p.ipProto());
                assertEquals(b.getInt(l3 + 16), p.ipv4Dst());
                if (l4 >= 0)
                {
                    assertEquals(l3 + ihl, l4, "L4 follows the IPv4 options");
                }
            }
            case 6 ->
            {
                assertEquals(Packet.ETHERTYPE_IPV6, p.etherType());
                assertTrue(l3 + 40 + (b.getShort(l3 + 4) & 0xFFFF) <= n, "IPv6 payload inside the frame");
                assertTrue(l4 < 0 || l4 >= l3 + 40, "L4 after the fixed IPv6 header");
            }
            default ->
            {
                assertEquals(-1, l4, "no L4 without IP");
                assertEquals(-1, p.l4SrcPort());
            }
        }
        if (l4 >= 0)
        {
            final int need = switch (p.ipProto())
            {
                case Packet.IPPROTO_TCP -> 20;
                case Packet.IPPROTO_UDP -> 8;
                default -> 0;
            };
            assertTrue(l4 + need <= n, "L4 header (" + need + " bytes at " + l4 + ") inside the frame (" + n + ")");
            if (need > 0)
            {
                assertEquals(b.getShort(l4) & 0xFFFF, p.l4SrcPort());
                assertEquals(b.getShort(l4 + 2) & 0xFFFF, p.l4DstPort());
            }
            else
            {
                assertEquals(-1, p.l4SrcPort(), "ports only for TCP and UDP");
            }
        }
    }

    /** Overwrites the bytes the parse branches on, so random input reaches L3/L4 (shapes 0 and 1: as is). */
    private static byte[] shaped(final byte[] raw, final int shape)
    {
        final byte[] bytes = raw.clone();
        final int n = bytes.length;
        final int tag = shape == 4 || shape == 5 ? 4 : 0;
        final int l3 = 14 + tag;
        if (shape < 2 || n < l3 + 1)
        {
            return bytes;
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        if (tag > 0)
        {
            b.putShort(12, (short)0x8100);
        }
        final boolean v6 = shape == 3 || shape == 5;
        b.putShort(12 + tag, (short)(v6 ? 0x86DD : 0x0800));
        bytes[l3] = (byte)(v6 ? 0x60 : 0x40 | (5 + (bytes[l3] & 0x3)));
        if (v6 && n >= l3 + 6)
        {
            b.putShort(l3 + 4, (short)Math.max(0, n - l3 - 40 - (raw[0] & 0x7)));
            if (n >= l3 + 7)
            {
                bytes[l3 + 6] = (byte)((raw[0] & 1) == 0 ? Packet.IPPROTO_UDP : Packet.IPPROTO_TCP);
            }
        }
        else if (!v6 && n >= l3 + 10)
        {
            b.putShort(l3 + 2, (short)(n - l3 - (raw[0] & 0x7)));
            b.putShort(l3 + 6, (short)0); // not a fragment
            bytes[l3 + 9] = (byte)((raw[0] & 1) == 0 ? Packet.IPPROTO_UDP : Packet.IPPROTO_TCP);
        }
        return bytes;
    }

    @Property(tries = 500)
    void parsesTaggedUdpFrames(@ForAll @IntRange(min = 0, max = 4095) final int vlan,
        @ForAll @IntRange(min = 0, max = 2) final int tags, @ForAll @IntRange(min = 0, max = 65535) final int sport,
        @ForAll @IntRange(min = 0, max = 65535) final int dport, @ForAll final int dstIp)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + tags * 4 + 28 + 10);
        b.putShort((short)0x0200).putInt(1).putShort((short)0x0200).putInt(2);
        for (int t = 0; t < tags; t++)
        {
            b.putShort((short)(t == 0 && tags == 2 ? 0x88A8 : 0x8100)).putShort((short)((5 << 13) | vlan));
        }
        b.putShort((short)0x0800).put((byte)0x45).put((byte)0).putShort((short)38).putInt(0)
            .put((byte)64).put((byte)17).putShort((short)0).putInt(0x0A000001).putInt(dstIp)
            .putShort((short)sport).putShort((short)dport).putShort((short)18).putShort((short)0);
        final Packet p = wrap(b.array());
        assertEquals(Packet.ETHERTYPE_IPV4, p.etherType());
        assertEquals(tags == 0 ? Packet.NO_VLAN : vlan, p.vlanId());
        assertEquals(tags, p.vlanTags());
        assertEquals(4, p.ipVersion());
        assertEquals(Packet.IPPROTO_UDP, p.ipProto());
        assertEquals(dstIp, p.ipv4Dst());
        assertEquals(sport, p.l4SrcPort());
        assertEquals(dport, p.l4DstPort());
        assertEquals(0x0200_0000_0001L, p.ethDst());
    }

    @Property(tries = 300)
    void flagsIpv4FragmentsAndTruncatedL4(@ForAll @IntRange(min = 1, max = 8000) final int fragmentOffset,
        @ForAll @IntRange(min = 0, max = 7) final int cut)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 40);
        b.putShort((short)0).putInt(1).putShort((short)0).putInt(2).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)40).putShort((short)0).putShort((short)fragmentOffset)
            .put((byte)64).put((byte)6).putShort((short)0).putInt(1).putInt(2);
        final Packet later = wrap(b.array());
        assertNotEquals(0, later.parseFlags() & Packet.FLAG_LATER_FRAGMENT);
        assertEquals(-1, later.l4Offset());
        assertEquals(-1, later.l4DstPort());

        final byte[] truncated = b.array().clone();
        truncated[20] = 0;
        truncated[21] = 0; // not a fragment
        truncated[17] = (byte)(20 + 19 - cut); // IP total length leaves < 20 bytes for TCP
        final Packet p = wrap(java.util.Arrays.copyOf(truncated, 14 + 20 + 19 - cut));
        assertNotEquals(0, p.parseFlags() & Packet.FLAG_L4_MALFORMED);
        assertEquals(-1, p.l4Offset());
    }

    @Property(tries = 200)
    void parsesIpv6WithExtensionHeaders(@ForAll @IntRange(min = 0, max = 3) final int hopByHop,
        @ForAll @IntRange(min = 0, max = 65535) final int dport)
    {
        final int ext = hopByHop > 0 ? 8 * hopByHop : 0;
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + ext + 8);
        b.putShort((short)0).putInt(1).putShort((short)0).putInt(2).putShort((short)0x86DD);
        b.putInt(0x6000_0000).putShort((short)(ext + 8)).put((byte)(hopByHop > 0 ? 0 : 17)).put((byte)64);
        b.putLong(1).putLong(2).putLong(0x2001_0db8_0000_0000L).putLong(42);
        if (hopByHop > 0)
        {
            b.put((byte)17).put((byte)(hopByHop - 1));
            b.position(b.position() + ext - 2);
        }
        b.putShort((short)7).putShort((short)dport).putShort((short)8).putShort((short)0);
        final Packet p = wrap(b.array());
        assertEquals(6, p.ipVersion());
        assertEquals(Packet.IPPROTO_UDP, p.ipProto());
        assertEquals(dport, p.l4DstPort());
        assertEquals(0x2001_0db8_0000_0000L, p.ipv6DstHigh());
        assertEquals(42, p.ipv6DstLow());
    }
}
