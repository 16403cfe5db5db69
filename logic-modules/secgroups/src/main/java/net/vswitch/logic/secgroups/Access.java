package net.vswitch.logic.secgroups;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionView;

/**
 * The one question security groups ask of a new connection — does an egress rule of the sender's groups
 * and an ingress rule of the receiver's groups allow it? — asked both of packets and of connections
 * already in the tracker (when a change must stop those no rule allows any more).
 */
final class Access
{
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMPV6_ECHO_REQUEST = 128;

    private Access()
    {
    }

    /**
     * @param sender   the sending port's policy, {@code null} for a port in no group (no egress check)
     * @param receiver the receiving port's policy, {@code null} for none or unknown (no ingress check)
     * @param port     TCP/UDP destination port, ICMP type, or -1
     */
    static boolean allows(final Policy policy, final PortPolicy sender, final PortPolicy receiver, final int version,
        final int protocol, final int port, final int code, final long srcHigh, final long srcLow,
        final long dstHigh, final long dstLow)
    {
        if (sender != null && sender.egress.match(version, protocol, port, code, dstHigh, dstLow,
            policy.groupsOf(dstHigh, dstLow)) == RuleSet.NO_MATCH)
        {
            return false;
        }
        return receiver == null || receiver.ingress.match(version, protocol, port, code, srcHigh, srcLow,
            policy.groupsOf(srcHigh, srcLow)) != RuleSet.NO_MATCH;
    }

    /** {@link #allows} for the packet's own addresses and ports. */
    static boolean allows(final Policy policy, final PortPolicy sender, final PortPolicy receiver,
        final Packet packet)
    {
        final int version = packet.ipVersion();
        final int protocol = packet.ipProto();
        int port = -1;
        int code = -1;
        final int l4 = packet.l4Offset();
        if (Protocol.hasPorts(protocol))
        {
            port = packet.l4DstPort();
        }
        else if (Protocol.isIcmp(protocol) && l4 >= 0)
        {
            port = packet.u8(l4);
            code = packet.u8(l4 + 1);
        }
        if (version == 4)
        {
            return allows(policy, sender, receiver, 4, protocol, port, code, 0, Address.ipv4Low(packet.ipv4Src()), 0,
                Address.ipv4Low(packet.ipv4Dst()));
        }
        return allows(policy, sender, receiver, 6, protocol, port, code, packet.ipv6SrcHigh(), packet.ipv6SrcLow(),
            packet.ipv6DstHigh(), packet.ipv6DstLow());
    }

    /**
     * Whether a committed connection is still allowed under {@code policy}. Its ports come from the mark
     * the logic gave it ({@link #mark}); a connection the logic did not mark is left alone.
     */
    static boolean stillAllowed(final Policy policy, final ConnectionView c)
    {
        final int mark = c.mark();
        if (mark == 0)
        {
            return true;
        }
        final PortPolicy sender = policy.port((mark >>> 16) - 1);
        final PortPolicy receiver = policy.port((mark & 0xFFFF) - 1);
        final int version = c.ipVersion();
        final long srcHigh = version == 4 ? 0 : c.origSrcHigh();
        final long srcLow = version == 4 ? Address.ipv4Low((int)c.origSrcLow()) : c.origSrcLow();
        final long dstHigh = version == 4 ? 0 : c.origDstHigh();
        final long dstLow = version == 4 ? Address.ipv4Low((int)c.origDstLow()) : c.origDstLow();
        if (sender != null && !sender.ownsAddress(srcHigh, srcLow))
        {
            return false;
        }
        final int protocol = c.protocol();
        int port = -1;
        int code = -1;
        if (Protocol.hasPorts(protocol))
        {
            port = c.origDstPort();
        }
        else if (protocol == Packet.IPPROTO_ICMP)
        {
            port = ICMP_ECHO_REQUEST;
            code = 0;
        }
        else if (protocol == Packet.IPPROTO_ICMPV6)
        {
            port = ICMPV6_ECHO_REQUEST;
            code = 0;
        }
        return allows(policy, sender, receiver, version, protocol, port, code, srcHigh, srcLow, dstHigh, dstLow);
    }

    /** The ct_mark recording a connection's sending and receiving port (index + 1 each; 0: unknown). */
    static int mark(final int sender, final int receiver)
    {
        return ((sender + 1) & 0xFFFF) << 16 | ((receiver + 1) & 0xFFFF);
    }
}
