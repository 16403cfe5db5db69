package net.vswitch.logic.filter;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;

/**
 * What both filters do with a frame that is not a whole, unfragmented TCP/UDP packet: bad headers
 * are MALFORMED and fragments FILTERED whatever the module; the rest (not IP, or IP of another
 * protocol) is left to the module's own policy.
 */
final class UnusualPacket
{
    private UnusualPacket()
    {
    }

    /** The reason the frame must drop, or {@code null} when it is other traffic for the module to decide. */
    static DropReason mustDrop(final Packet packet)
    {
        if (packet.length() < Packet.ETH_HEADER_LENGTH)
        {
            return DropReason.MALFORMED;
        }
        if (packet.ipVersion() == 0)
        {
            final int type = packet.etherType();
            return type == Packet.ETHERTYPE_IPV4 || type == Packet.ETHERTYPE_IPV6 ? DropReason.MALFORMED : null;
        }
        final int flags = packet.parseFlags();
        if ((flags & Packet.FLAG_FRAGMENT) != 0)
        {
            return DropReason.FILTERED;
        }
        final int protocol = packet.ipProto();
        if ((flags & (Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED)) != 0 || protocol == Packet.IPPROTO_TCP
            || protocol == Packet.IPPROTO_UDP)
        {
            // a TCP/UDP packet here had no whole L4 header
            return DropReason.MALFORMED;
        }
        return null;
    }
}
