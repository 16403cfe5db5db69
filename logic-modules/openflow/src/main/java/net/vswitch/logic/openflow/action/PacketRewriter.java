package net.vswitch.logic.openflow.action;

import java.lang.foreign.MemorySegment;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.FlowKey;

/**
 * Writes header fields into a packet and fixes the checksums that cover them (IPv4 header, TCP/UDP/ICMPv6
 * pseudo-header, ICMP), incrementally as RFC 1624 does. Also pushes and pops 802.1Q tags. No allocation.
 */
public final class PacketRewriter
{
    private PacketRewriter()
    {
    }

    /** Whether {@code field} lives in the packet's bytes (metadata and registers live only in the key). */
    public static boolean isHeader(final Field field)
    {
        final int w = field.word();
        return w != FlowKey.W_METADATA && (w < FlowKey.W_XREG0 || w >= FlowKey.W_XREG0 + 8) && field != Field.IN_PORT;
    }

    /**
     * Writes {@code value} under {@code mask} into the field; a field the packet does not carry (it changed
     * since translation, or its header is truncated) is left alone.
     */
    public static void write(final Packet p, final Field field, final long high, final long value, final long maskHigh,
        final long mask)
    {
        final int l3 = p.l3Offset();
        switch (field)
        {
            case ETH_SRC -> p.mac(6, merge(p.mac(6), value, mask));
            case ETH_DST -> p.mac(0, merge(p.mac(0), value, mask));
            case VLAN_TCI, VLAN_VID, DL_VLAN, DL_VLAN_PCP -> vlan(p, field, value, mask);
            case IPV4_SRC, IPV4_DST, ARP_SPA, ARP_TPA -> ipv4Address(p, l3, field, value, mask);
            case IPV6_SRC, IPV6_DST ->
                ipv6Address(p, l3, field == Field.IPV6_SRC ? 8 : 24, high, value, maskHigh, mask);
            case NW_TOS, IP_DSCP, IP_ECN -> tos(p, l3, field, value, mask);
            case NW_TTL -> ttl(p, l3, (int)merge(ttl(p, l3), value, mask));
            case TP_SRC, TP_DST, TCP_SRC, TCP_DST, UDP_SRC, UDP_DST -> transport(p, field, value, mask);
            case ICMP_TYPE, ICMP_CODE, ICMPV6_TYPE, ICMPV6_CODE -> icmp(p, field, value, mask);
            case ARP_OP -> arp(p, l3, 6, 2, value, mask);
            case ARP_SHA -> arp(p, l3, 8, 6, value, mask);
            case ARP_THA -> arp(p, l3, 18, 6, value, mask);
            case ND_TARGET -> ndTarget(p, high, value, maskHigh, mask);
            default -> throw new IllegalArgumentException("field " + field.fieldName() + " is not writable");
        }
    }

    private static long merge(final long old, final long value, final long mask)
    {
        return (old & ~mask) | (value & mask);
    }

    // ---------------------------------------------------------------- VLAN

    private static void vlan(final Packet p, final Field field, final long value, final long mask)
    {
        if (p.vlanTags() == 0)
        {
            return;
        }
        final int tci = p.u16(14);
        final int updated = switch (field)
        {
            case DL_VLAN_PCP -> (int)((tci & ~0xE000) | ((merge(tci >>> 13, value, mask) & 7) << 13));
            case VLAN_VID, DL_VLAN -> (int)((tci & ~0x0FFF) | (merge(tci & 0x0FFF, value, mask) & 0x0FFF));
            default -> (int)merge(tci, value, mask) & ~FlowKey.VLAN_CFI | (tci & FlowKey.VLAN_CFI);
        };
        p.u16(14, updated);
        p.invalidateParse();
    }

    /** Inserts an 802.1Q tag (TCI 0) after the MACs; false when the buffer has no room. */
    public static boolean pushVlan(final Packet p, final int tpid)
    {
        final int length = p.length();
        if (length + 4 > p.capacity() || length < Packet.ETH_HEADER_LENGTH)
        {
            return false;
        }
        final MemorySegment s = p.segment();
        final int outerTci = p.vlanTags() > 0 ? p.u16(14) : 0;
        MemorySegment.copy(s, p.offset() + 12, s, p.offset() + 16, length - 12);
        p.length(length + 4);
        p.u16(12, tpid).u16(14, outerTci & ~FlowKey.VLAN_CFI);
        p.invalidateParse();
        return true;
    }

    /** Removes the outer tag, if any. */
    public static void popVlan(final Packet p)
    {
        if (p.vlanTags() == 0)
        {
            return;
        }
        final int length = p.length();
        final MemorySegment s = p.segment();
        MemorySegment.copy(s, p.offset() + 16, s, p.offset() + 12, length - 16);
        p.length(length - 4);
        p.invalidateParse();
    }

    // ---------------------------------------------------------------- IPv4 / IPv6

    private static void ipv4Address(final Packet p, final int l3, final Field field, final long value, final long mask)
    {
        final int type = p.etherType();
        if (type == Packet.ETHERTYPE_ARP || type == FlowKey.ETHERTYPE_RARP)
        {
            final boolean source = field == Field.IPV4_SRC || field == Field.ARP_SPA;
            arp(p, l3, source ? 14 : 24, 4, value, mask);
            return;
        }
        if (p.ipVersion() != 4)
        {
            return;
        }
        final int at = l3 + (field == Field.IPV4_SRC || field == Field.ARP_SPA ? 12 : 16);
        final int old = p.u32(at);
        final int updated = (int)merge(old & 0xFFFF_FFFFL, value, mask);
        p.u32(at, updated);
        fold32(p, l3 + 10, old, updated);
        pseudoHeader32(p, old, updated);
    }

    private static void ipv6Address(final Packet p, final int l3, final int offset, final long high, final long low,
        final long maskHigh, final long mask)
    {
        if (p.ipVersion() != 6)
        {
            return;
        }
        for (int half = 0; half < 2; half++)
        {
            final int at = l3 + offset + half * 8;
            final long old = p.u64(at);
            final long updated = half == 0 ? merge(old, high, maskHigh) : merge(old, low, mask);
            p.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
                p.offset() + at, updated);
            pseudoHeader32(p, (int)(old >>> 32), (int)(updated >>> 32));
            pseudoHeader32(p, (int)old, (int)updated);
        }
    }

    private static void tos(final Packet p, final int l3, final Field field, final long value, final long mask)
    {
        final long shifted = field == Field.IP_ECN ? value & mask & 3 : (value & mask & 0x3F) << 2;
        final long bits = field == Field.IP_ECN ? mask & 3 : (mask & 0x3F) << 2;
        if (p.ipVersion() == 4)
        {
            final int old = p.u16(l3);
            final int updated = (int)(old & ~bits | shifted);
            p.u16(l3, updated);
            fold16(p, l3 + 10, old, updated);
        }
        else if (p.ipVersion() == 6)
        {
            final int word = p.u32(l3);
            p.u32(l3, (int)(word & ~(bits << 20) | (shifted << 20)));
        }
    }

    private static int ttl(final Packet p, final int l3)
    {
        return p.ipVersion() == 4 ? p.u8(l3 + 8) : p.ipVersion() == 6 ? p.u8(l3 + 7) : 0;
    }

    /** Sets the TTL / hop limit (dec_ttl and set_field nw_ttl). */
    public static void ttl(final Packet p, final int l3, final int ttl)
    {
        if (p.ipVersion() == 4)
        {
            final int old = p.u16(l3 + 8);
            final int updated = (ttl & 0xFF) << 8 | (old & 0xFF);
            p.u16(l3 + 8, updated);
            fold16(p, l3 + 10, old, updated);
        }
        else if (p.ipVersion() == 6)
        {
            p.u8(l3 + 7, ttl);
        }
    }

    // ---------------------------------------------------------------- L4

    private static void transport(final Packet p, final Field field, final long value, final long mask)
    {
        final int l4 = p.l4Offset();
        final int proto = p.ipProto();
        if (l4 < 0 || proto != Packet.IPPROTO_TCP && proto != Packet.IPPROTO_UDP)
        {
            return;
        }
        final boolean source = field == Field.TP_SRC || field == Field.TCP_SRC || field == Field.UDP_SRC;
        final int at = l4 + (source ? 0 : 2);
        final int old = p.u16(at);
        final int updated = (int)merge(old, value, mask) & 0xFFFF;
        p.u16(at, updated);
        final int checksumAt = l4Checksum(p);
        if (checksumAt >= 0)
        {
            fold16(p, checksumAt, old, updated);
        }
    }

    private static void icmp(final Packet p, final Field field, final long value, final long mask)
    {
        final int l4 = p.l4Offset();
        final int proto = p.ipProto();
        if (l4 < 0 || proto != Packet.IPPROTO_ICMP && proto != Packet.IPPROTO_ICMPV6)
        {
            return;
        }
        final boolean type = field == Field.ICMP_TYPE || field == Field.ICMPV6_TYPE;
        final int old = p.u16(l4);
        final int updated = type ? (int)(merge(old >>> 8, value, mask) & 0xFF) << 8 | (old & 0xFF)
            : (old & 0xFF00) | (int)(merge(old & 0xFF, value, mask) & 0xFF);
        p.u16(l4, updated);
        fold16(p, l4 + 2, old, updated);
    }

    private static void ndTarget(final Packet p, final long high, final long low, final long maskHigh, final long mask)
    {
        final int l4 = p.l4Offset();
        if (l4 < 0 || p.ipProto() != Packet.IPPROTO_ICMPV6 || l4 + 24 > p.length())
        {
            return;
        }
        for (int half = 0; half < 2; half++)
        {
            final int at = l4 + 8 + half * 8;
            final long old = p.u64(at);
            final long updated = half == 0 ? merge(old, high, maskHigh) : merge(old, low, mask);
            p.u32(at, (int)(updated >>> 32)).u32(at + 4, (int)updated);
            fold32(p, l4 + 2, (int)(old >>> 32), (int)(updated >>> 32));
            fold32(p, l4 + 2, (int)old, (int)updated);
        }
    }

    private static void arp(final Packet p, final int l3, final int offset, final int bytes, final long value,
        final long mask)
    {
        if (l3 + 28 > p.length())
        {
            return;
        }
        final int at = l3 + offset;
        switch (bytes)
        {
            case 2 -> p.u16(at, (int)merge(p.u16(at), value, mask));
            case 4 -> p.u32(at, (int)merge(p.u32(at) & 0xFFFF_FFFFL, value, mask));
            default -> p.mac(at, merge(p.mac(at), value, mask));
        }
    }

    // ---------------------------------------------------------------- checksums (RFC 1624: HC' = ~(~HC + ~m + m'))

    /** Offset of the TCP/UDP/ICMPv6 checksum covering the pseudo-header, or -1 (none, or UDP's "no checksum"). */
    private static int l4Checksum(final Packet p)
    {
        final int l4 = p.l4Offset();
        if (l4 < 0)
        {
            return -1;
        }
        return switch (p.ipProto())
        {
            case Packet.IPPROTO_TCP -> l4 + 16;
            case Packet.IPPROTO_UDP -> p.u16(l4 + 6) == 0 && p.ipVersion() == 4 ? -1 : l4 + 6;
            case Packet.IPPROTO_ICMPV6 -> l4 + 2;
            default -> -1;
        };
    }

    private static void pseudoHeader32(final Packet p, final int old, final int updated)
    {
        final int at = l4Checksum(p);
        if (at >= 0)
        {
            fold32(p, at, old, updated);
        }
    }

    private static void fold32(final Packet p, final int at, final int old, final int updated)
    {
        fold16(p, at, old >>> 16, updated >>> 16);
        fold16(p, at, old & 0xFFFF, updated & 0xFFFF);
    }

    /** Adjusts the checksum at {@code at} for one 16-bit word changing from {@code old} to {@code updated}. */
    static void fold16(final Packet p, final int at, final int old, final int updated)
    {
        int sum = (~p.u16(at) & 0xFFFF) + (~old & 0xFFFF) + (updated & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        p.u16(at, ~sum & 0xFFFF);
    }
}
