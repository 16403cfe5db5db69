package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The header flyweights read what the packet's shared parse found, and write where it points. */
class HeaderFlyweightsTest
{
    private static Packet wrap(final byte[] bytes)
    {
        final MemorySegment m = MemorySegment.ofArray(new byte[bytes.length + 64]);
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new Packet().wrap(m, 0, bytes.length, bytes.length + 64, 0);
    }

    private static ByteBuffer ethernet(final int length, final int vlan, final int etherType)
    {
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short)0x0200).putInt(0x0000_0001).putShort((short)0x0200).putInt(0x0000_0002);
        if (vlan >= 0)
        {
            b.putShort((short)Packet.ETHERTYPE_VLAN).putShort((short)((3 << 13) | vlan));
        }
        return b.putShort((short)etherType);
    }

    @Property(tries = 300)
    void flyweightsAgreeWithThePacketsAccessors(@ForAll @IntRange(min = -1, max = 4095) final int vlan,
        @ForAll @IntRange(min = 0, max = 65535) final int sport,
        @ForAll @IntRange(min = 0, max = 65535) final int dport,
        @ForAll final int srcIp, @ForAll final int dstIp, @ForAll @IntRange(min = 0, max = 255) final int ttl,
        @ForAll @IntRange(min = 0, max = 0x1FF) final int flags)
    {
        final ByteBuffer b = ethernet(14 + (vlan >= 0 ? 4 : 0) + 40, vlan, Packet.ETHERTYPE_IPV4);
        b.put((byte)0x45).put((byte)0xB9).putShort((short)40).putInt(0)
            .put((byte)ttl).put((byte)6).putShort((short)0)
            .putInt(srcIp).putInt(dstIp).putShort((short)sport).putShort((short)dport).putInt(0).putInt(0)
            .putShort((short)((5 << 12) | flags)).putShort((short)0).putInt(0);
        final Packet p = wrap(b.array());
        final EthernetHeader eth = p.ethernet();
        assertEquals(0x0200_0000_0001L, eth.dst());
        assertEquals(0x0200_0000_0002L, eth.src());
        assertEquals(Packet.ETHERTYPE_IPV4, eth.etherType());
        assertEquals(vlan < 0 ? Packet.NO_VLAN : vlan, eth.vlanId());
        assertEquals(vlan < 0 ? 0 : 3, eth.vlanPcp());
        assertEquals(p.l3Offset(), eth.payloadOffset());
        final Ipv4Header ip = p.ipv4();
        assertEquals(4, p.ipVersion());
        assertEquals(p.ipv4Src(), ip.src());
        assertEquals(srcIp, ip.src());
        assertEquals(dstIp, ip.dst());
        assertEquals(ttl, ip.ttl());
        assertEquals(Packet.IPPROTO_TCP, ip.protocol());
        assertEquals(0xB9 >>> 2, ip.dscp());
        assertEquals(1, ip.ecn());
        assertEquals(20, ip.headerLength());
        assertEquals(40, ip.totalLength());
        final TransportHeader l4 = p.transport();
        assertEquals(sport, l4.srcPort());
        assertEquals(dport, l4.dstPort());
        assertEquals(flags, l4.tcpFlags());
        assertEquals(-1, l4.icmpType());
        assertFalse(p.arp().valid());
    }

    @Test
    void theHeaderChecksumIsRecomputed()
    {
        // RFC 1071 style example: 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7
        final ByteBuffer b = ethernet(14 + 0x73, -1, Packet.ETHERTYPE_IPV4);
        b.put(new byte[] {0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0x12, 0x34,
            (byte)0xC0, (byte)0xA8, 0, 1, (byte)0xC0, (byte)0xA8, 0, (byte)0xC7});
        final Packet p = wrap(b.array());
        assertEquals(0xB861, p.ipv4().updateChecksum().checksum());
        p.ipv4().ttl(0x3F).updateChecksum();
        assertEquals(0xB961, p.ipv4().checksum(), "one less TTL, one more in the checksum");
    }

    @Test
    void writesLandWhereTheParsePoints()
    {
        final ByteBuffer b = ethernet(14 + 4 + 28, 7, Packet.ETHERTYPE_IPV4);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putInt(0).put((byte)64).put((byte)17).putShort((short)0)
            .putInt(0x0A000001).putInt(0x0A000002).putShort((short)1).putShort((short)2).putInt(0);
        final Packet p = wrap(b.array());
        p.ethernet().dst(0x0A0B_0C0D_0E0FL).src(0x0102_0304_0506L);
        p.ipv4().src(0xC0A8_0001).dst(0xC0A8_0002);
        assertEquals(0x0A0B_0C0D_0E0FL, p.ethDst());
        assertEquals(0x0102_0304_0506L, p.ethSrc());
        assertEquals(0xC0A8_0001, p.u32(18 + 12));
        assertEquals(0xC0A8_0002, p.ipv4Dst());
        assertSame(p.ipv4(), p.ipv4(), "one flyweight per packet: nothing allocated per access");
    }

    @Test
    void ipv6AndIcmpv6()
    {
        final ByteBuffer b = ethernet(14 + 40 + 8, -1, Packet.ETHERTYPE_IPV6);
        b.putInt(0x6_12_3_4567).putShort((short)8).put((byte)58).put((byte)255)
            .putLong(0x2001_0db8_0000_0000L).putLong(1).putLong(0x2001_0db8_0000_0000L).putLong(2)
            .put((byte)135).put((byte)0).putShort((short)0).putInt(0);
        final Packet p = wrap(b.array());
        final Ipv6Header ip = p.ipv6();
        assertEquals(6, p.ipVersion());
        assertEquals(0x12, ip.trafficClass());
        assertEquals(0x34567, ip.flowLabel());
        assertEquals(8, ip.payloadLength());
        assertEquals(58, ip.nextHeader());
        assertEquals(255, ip.hopLimit());
        assertEquals(0x2001_0db8_0000_0000L, ip.srcHigh());
        assertEquals(1, ip.srcLow());
        assertEquals(p.ipv6DstHigh(), ip.dstHigh());
        assertEquals(2, ip.dstLow());
        assertEquals(135, p.transport().icmpType());
        assertEquals(0, p.transport().icmpCode());
        assertEquals(-1, p.transport().srcPort());
        assertEquals(-1, p.transport().tcpFlags());
    }

    @Test
    void arpRequest()
    {
        final ByteBuffer b = ethernet(60, -1, Packet.ETHERTYPE_ARP);
        b.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1)
            .putShort((short)0x0200).putInt(2).putInt(0x0A000002).putShort((short)0).putInt(0).putInt(0x0A000001);
        final Packet p = wrap(b.array());
        final ArpHeader arp = p.arp();
        assertTrue(arp.valid());
        assertEquals(ArpHeader.OP_REQUEST, arp.op());
        assertEquals(0x0200_0000_0002L, arp.sha());
        assertEquals(0x0A000002, arp.spa());
        assertEquals(0, arp.tha());
        assertEquals(0x0A000001, arp.tpa());
        arp.op(ArpHeader.OP_REPLY).tha(0x0200_0000_0002L).sha(0x0200_0000_0009L).tpa(0x0A000002).spa(0x0A000001);
        assertEquals(ArpHeader.OP_REPLY, p.u16(20));
        assertEquals(0x0200_0000_0009L, p.mac(22));
        assertFalse(wrap(java.util.Arrays.copyOf(b.array(), 30)).arp().valid(), "a truncated ARP is not valid");
        assertEquals(0, p.ipVersion());
    }
}
