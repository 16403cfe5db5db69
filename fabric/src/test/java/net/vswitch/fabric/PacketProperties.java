package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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

    @Property(tries = 2000)
    void parsingArbitraryBytesNeverThrowsAndStaysInBounds(@ForAll @Size(max = 200) final byte[] bytes)
    {
        final Packet p = wrap(bytes);
        p.etherType();
        assertTrue(p.l3Offset() <= Math.max(bytes.length, 14) + 64);
        if (p.l4Offset() >= 0)
        {
            assertTrue(p.l4Offset() < bytes.length, "l4 offset inside the frame");
            assertTrue(p.l4SrcPort() >= -1);
        }
        if (p.ipVersion() == 4)
        {
            assertTrue(p.l3Offset() + 20 <= bytes.length);
        }
        if (p.ipVersion() == 6)
        {
            assertTrue(p.l3Offset() + 40 <= bytes.length);
        }
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
