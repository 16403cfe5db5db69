package net.vswitch.logic.openflow.match;

import net.vswitch.fabric.Packet;

/**
 * What a match must already pin down before a field may be matched or set, as OpenFlow requires (tp_dst
 * needs a transport protocol, arp_spa an ARP EtherType). Checked against the exact eth_type and ip_proto
 * of a {@link Match}.
 */
public enum Prerequisite
{
    NONE("", new int[0], new int[0]),
    IP("ip or ipv6", new int[] {Packet.ETHERTYPE_IPV4, Packet.ETHERTYPE_IPV6}, new int[0]),
    IPV4("ip", new int[] {Packet.ETHERTYPE_IPV4}, new int[0]),
    IPV4_OR_ARP("ip or arp", new int[] {Packet.ETHERTYPE_IPV4, Packet.ETHERTYPE_ARP, FlowKey.ETHERTYPE_RARP},
        new int[0]),
    IPV6("ipv6", new int[] {Packet.ETHERTYPE_IPV6}, new int[0]),
    ARP("arp", new int[] {Packet.ETHERTYPE_ARP, FlowKey.ETHERTYPE_RARP}, new int[0]),
    TCP("tcp or tcp6", IP.etherTypes, new int[] {Packet.IPPROTO_TCP}),
    UDP("udp or udp6", IP.etherTypes, new int[] {Packet.IPPROTO_UDP}),
    SCTP("sctp or sctp6", IP.etherTypes, new int[] {FlowKey.IPPROTO_SCTP}),
    TRANSPORT("tcp, udp or sctp", IP.etherTypes,
        new int[] {Packet.IPPROTO_TCP, Packet.IPPROTO_UDP, FlowKey.IPPROTO_SCTP}),
    ICMP("icmp", IPV4.etherTypes, new int[] {Packet.IPPROTO_ICMP}),
    ICMPV6("icmp6", IPV6.etherTypes, new int[] {Packet.IPPROTO_ICMPV6}),
    /** ICMPv6 neighbour solicitation/advertisement; the type is checked separately. */
    ND("icmp6 with icmp_type=135 or 136", IPV6.etherTypes, new int[] {Packet.IPPROTO_ICMPV6});

    private final String words;
    private final int[] etherTypes;
    private final int[] protocols;

    Prerequisite(final String words, final int[] etherTypes, final int[] protocols)
    {
        this.words = words;
        this.etherTypes = etherTypes;
        this.protocols = protocols;
    }

    /** What a user must add, e.g. {@code "tcp, udp or sctp"}. */
    public String words()
    {
        return words;
    }

    /** Whether {@code match} satisfies this prerequisite. */
    public boolean satisfiedBy(final Match match)
    {
        if (etherTypes.length > 0 && !exactOneOf(match, Field.ETH_TYPE, etherTypes))
        {
            return false;
        }
        if (protocols.length > 0 && !exactOneOf(match, Field.IP_PROTO, protocols))
        {
            return false;
        }
        if (this == ND)
        {
            return exactOneOf(match, Field.ICMPV6_TYPE, new int[] {135, 136});
        }
        return true;
    }

    private static boolean exactOneOf(final Match match, final Field field, final int[] allowed)
    {
        if (!match.isExact(field))
        {
            return false;
        }
        final long value = match.value(field);
        for (final int a : allowed)
        {
            if (a == value)
            {
                return true;
            }
        }
        return false;
    }
}
