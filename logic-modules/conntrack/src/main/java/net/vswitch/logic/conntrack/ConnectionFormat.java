package net.vswitch.logic.conntrack;

import net.vswitch.fabric.Packet;

/**
 * Formats a connection as {@code ovs-appctl dpctl/dump-conntrack} prints it (lib/ct-dpif.c): protocol,
 * {@code orig=(...)}, {@code reply=(...)}, then {@code zone}, {@code mark} and {@code labels} when not zero,
 * and TCP's {@code protoinfo=(state=...)}.
 */
final class ConnectionFormat
{
    private ConnectionFormat()
    {
    }

    static String line(final Connection c)
    {
        final StringBuilder text = new StringBuilder(160);
        text.append(protocolName(c.protocol));
        text.append(",orig=(");
        tuple(text, c, false);
        text.append("),reply=(");
        tuple(text, c, true);
        text.append(')');
        if (c.zone != 0)
        {
            text.append(",zone=").append(c.zone);
        }
        if (c.mark != 0)
        {
            text.append(",mark=").append(Integer.toUnsignedString(c.mark));
        }
        if (c.labelHigh != 0 || c.labelLow != 0)
        {
            text.append(",labels=0x");
            if (c.labelHigh != 0)
            {
                text.append(Long.toHexString(c.labelHigh)).append(String.format("%016x", c.labelLow));
            }
            else
            {
                text.append(Long.toHexString(c.labelLow));
            }
        }
        if (c.protocol == Packet.IPPROTO_TCP)
        {
            text.append(",protoinfo=(state=").append(c.protoState()).append(')');
        }
        return text.toString();
    }

    /**
     * The connection as one JSON object (for {@code dump-conntrack --json}): {@code protocol}, {@code zone},
     * {@code orig} and {@code reply} tuples, {@code state}, {@code mark}, {@code labels} (hex) and
     * {@code expires_in_seconds}.
     */
    static String json(final Connection c)
    {
        final StringBuilder text = new StringBuilder(256);
        text.append("{\"protocol\":\"").append(protocolName(c.protocol)).append("\",\"ip_version\":")
            .append(c.ipVersion).append(",\"zone\":").append(c.zone).append(",\"orig\":");
        jsonTuple(text, c, false);
        text.append(",\"reply\":");
        jsonTuple(text, c, true);
        text.append(",\"state\":\"").append(c.protoState()).append("\",\"mark\":")
            .append(Integer.toUnsignedString(c.mark)).append(",\"labels\":\"0x")
            .append(c.labelHigh == 0 ? Long.toHexString(c.labelLow)
                : Long.toHexString(c.labelHigh) + String.format("%016x", c.labelLow))
            .append("\",\"expires_in_seconds\":").append(c.expiresInNanos() / 1_000_000_000L).append('}');
        return text.toString();
    }

    private static void jsonTuple(final StringBuilder text, final Connection c, final boolean reply)
    {
        text.append("{\"src\":\"");
        address(text, c.ipVersion, reply ? c.dstHigh : c.srcHigh, reply ? c.dstLow : c.srcLow);
        text.append("\",\"dst\":\"");
        address(text, c.ipVersion, reply ? c.srcHigh : c.dstHigh, reply ? c.srcLow : c.dstLow);
        text.append('"');
        if (c.icmp())
        {
            final int type = reply ? IcmpTypes.replyType(c.ipVersion) : IcmpTypes.requestType(c.ipVersion);
            text.append(",\"id\":").append(c.echoId()).append(",\"type\":").append(type).append(",\"code\":0");
        }
        else if (c.protocol == Packet.IPPROTO_TCP || c.protocol == Packet.IPPROTO_UDP)
        {
            text.append(",\"sport\":").append(reply ? c.dstPort : c.srcPort);
            text.append(",\"dport\":").append(reply ? c.srcPort : c.dstPort);
        }
        text.append('}');
    }

    static String protocolName(final int protocol)
    {
        return switch (protocol)
        {
            case Packet.IPPROTO_ICMP -> "icmp";
            case Packet.IPPROTO_ICMPV6 -> "icmpv6";
            case Packet.IPPROTO_TCP -> "tcp";
            case Packet.IPPROTO_UDP -> "udp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            case 33 -> "dccp";
            case 2 -> "igmp";
            default -> Integer.toString(protocol);
        };
    }

    private static void tuple(final StringBuilder text, final Connection c, final boolean reply)
    {
        text.append("src=");
        address(text, c.ipVersion, reply ? c.dstHigh : c.srcHigh, reply ? c.dstLow : c.srcLow);
        text.append(",dst=");
        address(text, c.ipVersion, reply ? c.srcHigh : c.dstHigh, reply ? c.srcLow : c.dstLow);
        if (c.icmp())
        {
            final int type = reply ? IcmpTypes.replyType(c.ipVersion) : IcmpTypes.requestType(c.ipVersion);
            text.append(",id=").append(c.echoId()).append(",type=").append(type).append(",code=0");
        }
        else if (c.protocol == Packet.IPPROTO_TCP || c.protocol == Packet.IPPROTO_UDP)
        {
            text.append(",sport=").append(reply ? c.dstPort : c.srcPort);
            text.append(",dport=").append(reply ? c.srcPort : c.dstPort);
        }
    }

    /** IPv4 dotted quad, or IPv6 in RFC 5952's shortest form (as inet_ntop prints it). */
    static void address(final StringBuilder text, final int ipVersion, final long high, final long low)
    {
        if (ipVersion == 4)
        {
            text.append((low >>> 24) & 0xFF).append('.').append((low >>> 16) & 0xFF).append('.')
                .append((low >>> 8) & 0xFF).append('.').append(low & 0xFF);
            return;
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)(high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int)(low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // the longest run of two or more zero groups (the first on a tie) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++)
        {
            int j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
    }
}
