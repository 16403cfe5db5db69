package net.vswitch.logic.secgroups;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;

/**
 * Anti-spoofing for frames a member port sends: the source MAC must be one of its own; an IPv4/IPv6
 * source one of its addresses (or its MACs' IPv6 link-local addresses); ARP and neighbour discovery may
 * only speak for those. The unspecified source is allowed only where a host has no address yet: a DHCP
 * client's request, duplicate address detection and MLD reports. Members speak IPv4, IPv6 and ARP only,
 * untagged, and never send router advertisements or redirects.
 */
final class SourceGuard
{
    static final int ICMPV6_MLD_QUERY = 130;
    static final int ICMPV6_MLD_REPORT = 131;
    static final int ICMPV6_MLD_DONE = 132;
    static final int ICMPV6_ROUTER_SOLICITATION = 133;
    static final int ICMPV6_ROUTER_ADVERTISEMENT = 134;
    static final int ICMPV6_NEIGHBOR_SOLICITATION = 135;
    static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    static final int ICMPV6_REDIRECT = 137;
    static final int ICMPV6_MLD2_REPORT = 143;

    private static final int ARP_LENGTH = 28;

    private SourceGuard()
    {
    }

    /** {@code null} when the member may send the frame, else why not. */
    static DropReason check(final Packet packet, final PortPolicy member)
    {
        if (!member.ownsMac(packet.ethSrc()))
        {
            return DropReason.SPOOFED;
        }
        if (packet.vlanTags() != 0)
        {
            return DropReason.FILTERED;
        }
        switch (packet.etherType())
        {
            case Packet.ETHERTYPE_ARP:
                return checkArp(packet, member);
            case Packet.ETHERTYPE_IPV4:
                return checkIpv4(packet, member);
            case Packet.ETHERTYPE_IPV6:
                return checkIpv6(packet, member);
            default:
                return DropReason.FILTERED;
        }
    }

    private static DropReason checkArp(final Packet packet, final PortPolicy member)
    {
        final int l3 = packet.l3Offset();
        if (l3 + ARP_LENGTH > packet.length())
        {
            return DropReason.MALFORMED;
        }
        // Ethernet/IPv4 ARP: sender MAC at +8, sender IP at +14
        if (packet.u16(l3) != 1 || packet.u16(l3 + 2) != Packet.ETHERTYPE_IPV4)
        {
            return DropReason.FILTERED;
        }
        if (!member.ownsMac(packet.mac(l3 + 8)))
        {
            return DropReason.SPOOFED;
        }
        final int senderIp = packet.u32(l3 + 14);
        return senderIp == 0 || member.ownsAddress(0, Address.ipv4Low(senderIp)) ? null : DropReason.SPOOFED;
    }

    private static DropReason checkIpv4(final Packet packet, final PortPolicy member)
    {
        if (packet.ipVersion() != 4)
        {
            return DropReason.MALFORMED;
        }
        final int src = packet.ipv4Src();
        if (member.ownsAddress(0, Address.ipv4Low(src)))
        {
            return null;
        }
        return src == 0 && isDhcpClient(packet) ? null : DropReason.SPOOFED;
    }

    private static DropReason checkIpv6(final Packet packet, final PortPolicy member)
    {
        if (packet.ipVersion() != 6)
        {
            return DropReason.MALFORMED;
        }
        final long high = packet.ipv6SrcHigh();
        final long low = packet.ipv6SrcLow();
        final int icmpType = icmpv6Type(packet);
        if (icmpType == ICMPV6_ROUTER_ADVERTISEMENT || icmpType == ICMPV6_REDIRECT)
        {
            return DropReason.FILTERED;
        }
        if (member.ownsAddress(high, low))
        {
            if (icmpType == ICMPV6_NEIGHBOR_ADVERTISEMENT)
            {
                return ndTargetOwned(packet, member) ? null : DropReason.SPOOFED;
            }
            return null;
        }
        if (high == 0 && low == 0)
        {
            if (icmpType == ICMPV6_NEIGHBOR_SOLICITATION)
            {
                return ndTargetOwned(packet, member) ? null : DropReason.SPOOFED;
            }
            return icmpType == ICMPV6_MLD2_REPORT || icmpType == ICMPV6_MLD_REPORT ? null : DropReason.SPOOFED;
        }
        return DropReason.SPOOFED;
    }

    /** The target address of a neighbour solicitation/advertisement (at ICMPv6 +8) is one of the member's. */
    private static boolean ndTargetOwned(final Packet packet, final PortPolicy member)
    {
        final int l4 = packet.l4Offset();
        if (l4 + 24 > packet.length())
        {
            return false;
        }
        return member.ownsAddress(packet.u64(l4 + 8), packet.u64(l4 + 16));
    }

    /** The ICMPv6 type, or -1 when the packet is not a whole ICMPv6 message. */
    static int icmpv6Type(final Packet packet)
    {
        if (packet.ipProto() != Packet.IPPROTO_ICMPV6 || packet.l4Offset() < 0)
        {
            return -1;
        }
        return packet.u8(packet.l4Offset());
    }

    /** Neighbour discovery and MLD, which members send and receive without rules (as OpenStack allows). */
    static boolean isNeighborDiscovery(final Packet packet)
    {
        final int type = icmpv6Type(packet);
        return (type >= ICMPV6_MLD_QUERY && type <= ICMPV6_NEIGHBOR_ADVERTISEMENT) || type == ICMPV6_MLD2_REPORT;
    }

    /** DHCP (client port 68 to server 67) or DHCPv6 (546 to 547) client traffic. */
    static boolean isDhcpClient(final Packet packet)
    {
        if (packet.ipProto() != Packet.IPPROTO_UDP)
        {
            return false;
        }
        final int src = packet.l4SrcPort();
        final int dst = packet.l4DstPort();
        return packet.ipVersion() == 4 ? src == 68 && dst == 67 : src == 546 && dst == 547;
    }

    /** A DHCP server's answer to a client (67 to 68, or DHCPv6 547 to 546). */
    static boolean isDhcpServer(final Packet packet)
    {
        if (packet.ipProto() != Packet.IPPROTO_UDP)
        {
            return false;
        }
        final int src = packet.l4SrcPort();
        final int dst = packet.l4DstPort();
        return packet.ipVersion() == 4 ? src == 67 && dst == 68 : src == 547 && dst == 546;
    }
}
