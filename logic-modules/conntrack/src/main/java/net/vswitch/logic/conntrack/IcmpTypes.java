package net.vswitch.logic.conntrack;

/** Which ICMP / ICMPv6 types are echo requests, echo replies, or errors quoting an IP packet. */
final class IcmpTypes
{
    static final int OTHER = 0;
    static final int REQUEST = 1;
    static final int REPLY = 2;
    static final int ERROR = 3;

    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMPV6_ECHO_REQUEST = 128;
    static final int ICMPV6_ECHO_REPLY = 129;

    private IcmpTypes()
    {
    }

    static int kind(final int ipVersion, final int type)
    {
        if (ipVersion == 4)
        {
            return switch (type)
            {
                case ICMP_ECHO_REQUEST -> REQUEST;
                case ICMP_ECHO_REPLY -> REPLY;
                // destination unreachable, source quench, redirect, time exceeded, parameter problem
                case 3, 4, 5, 11, 12 -> ERROR;
                default -> OTHER;
            };
        }
        return switch (type)
        {
            case ICMPV6_ECHO_REQUEST -> REQUEST;
            case ICMPV6_ECHO_REPLY -> REPLY;
            // destination unreachable, packet too big, time exceeded, parameter problem
            case 1, 2, 3, 4 -> ERROR;
            default -> OTHER;
        };
    }

    /** The echo reply type answering a request of this IP version. */
    static int replyType(final int ipVersion)
    {
        return ipVersion == 4 ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY;
    }

    static int requestType(final int ipVersion)
    {
        return ipVersion == 4 ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST;
    }
}
