package net.vswitch.logic.secgroups;

import net.vswitch.fabric.Packet;

/**
 * A rule's IP protocol: {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code any}, or a number
 * 0..255. {@link #ANY} is -1.
 */
public final class Protocol
{
    public static final int ANY = -1;

    private Protocol()
    {
    }

    /** @throws IllegalArgumentException naming the words accepted */
    public static int parse(final String text)
    {
        switch (text.toLowerCase(java.util.Locale.ROOT))
        {
            case "tcp":
                return Packet.IPPROTO_TCP;
            case "udp":
                return Packet.IPPROTO_UDP;
            case "icmp":
                return Packet.IPPROTO_ICMP;
            case "icmpv6", "ipv6-icmp":
                return Packet.IPPROTO_ICMPV6;
            case "any":
                return ANY;
            default:
                break;
        }
        try
        {
            final int number = Integer.parseInt(text);
            if (number >= 0 && number <= 255)
            {
                return number;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("--protocol must be tcp, udp, icmp, icmpv6, any or a number 0..255, got '"
            + text + "'");
    }

    /** The word shown for a protocol number. */
    public static String name(final int protocol)
    {
        return switch (protocol)
        {
            case ANY -> "any";
            case Packet.IPPROTO_TCP -> "tcp";
            case Packet.IPPROTO_UDP -> "udp";
            case Packet.IPPROTO_ICMP -> "icmp";
            case Packet.IPPROTO_ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }

    static boolean hasPorts(final int protocol)
    {
        return protocol == Packet.IPPROTO_TCP || protocol == Packet.IPPROTO_UDP;
    }

    static boolean isIcmp(final int protocol)
    {
        return protocol == Packet.IPPROTO_ICMP || protocol == Packet.IPPROTO_ICMPV6;
    }
}
