package net.vswitch.logic.secgroups;

/**
 * A rule to add, built fluently: {@code RuleSpec.ingress().protocol("tcp").portRange(8080, 8080)
 * .remoteGroup("web")}. Unset fields mean: ethertype IPv4 (IPv6 when the remote CIDR or the protocol
 * says so), any protocol, all ports, any remote. Checked by {@link SecurityGroups#addRule}.
 */
public final class RuleSpec
{
    private final Direction direction;
    private EtherType etherType;
    private int protocol = Protocol.ANY;
    private int portMin = -1;
    private int portMax = -1;
    private String remoteIp;
    private String remoteGroup;

    /** A rule for traffic members receive ({@link Direction#INGRESS}) or send ({@link Direction#EGRESS}). */
    public RuleSpec(final Direction direction)
    {
        this.direction = java.util.Objects.requireNonNull(direction, "direction");
    }

    /** A rule for new connections members accept. */
    public static RuleSpec ingress()
    {
        return new RuleSpec(Direction.INGRESS);
    }

    /** A rule for new connections members open. */
    public static RuleSpec egress()
    {
        return new RuleSpec(Direction.EGRESS);
    }

    /** IPv4 or IPv6 ({@code null}: IPv4 unless the remote CIDR or the protocol says IPv6). */
    public RuleSpec etherType(final EtherType type)
    {
        this.etherType = type;
        return this;
    }

    /** A protocol number or {@link Protocol#ANY}. */
    public RuleSpec protocol(final int number)
    {
        this.protocol = number;
        return this;
    }

    /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code any} or a number. */
    public RuleSpec protocol(final String name)
    {
        return protocol(Protocol.parse(name));
    }

    /** Destination ports {@code min..max} (TCP/UDP), or ICMP type {@code min} and code {@code max} (-1: any). */
    public RuleSpec portRange(final int min, final int max)
    {
        this.portMin = min;
        this.portMax = max;
        return this;
    }

    /** Parses {@code MIN[:MAX]} as the command does (for ICMP: {@code TYPE[:CODE]}). */
    public RuleSpec portRange(final String text)
    {
        final int colon = text.indexOf(':');
        final int min = number("--port-range", colon < 0 ? text : text.substring(0, colon), text);
        final int max = colon < 0 ? Integer.MIN_VALUE : number("--port-range", text.substring(colon + 1), text);
        this.portMin = min;
        this.portMax = max;
        return this;
    }

    private static int number(final String what, final String part, final String whole)
    {
        try
        {
            return Integer.parseInt(part.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " must be MIN[:MAX] with numbers, got '" + whole + "'");
        }
    }

    /** Only remotes in this prefix, e.g. {@code 10.0.0.0/8} ({@code null}: any). */
    public RuleSpec remoteIp(final String cidr)
    {
        this.remoteIp = cidr;
        return this;
    }

    /** Only remotes whose address belongs to a member of this group ({@code null}: any). */
    public RuleSpec remoteGroup(final String group)
    {
        this.remoteGroup = group;
        return this;
    }

    /** Validates and normalises the rule (group existence is the caller's check). */
    Rule toRule(final int id, final String group)
    {
        if (remoteIp != null && remoteGroup != null)
        {
            throw new IllegalArgumentException("give --remote-ip or --remote-group, not both");
        }
        Cidr cidr = null;
        if (remoteIp != null)
        {
            try
            {
                cidr = Cidr.parse(remoteIp);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--remote-ip: " + ex.getMessage());
            }
        }
        EtherType type = etherType;
        if (type == null)
        {
            type = (cidr != null && cidr.version() == 6) || protocol == net.vswitch.fabric.Packet.IPPROTO_ICMPV6
                ? EtherType.IPV6 : EtherType.IPV4;
        }
        if (cidr != null && cidr.version() != type.ipVersion())
        {
            throw new IllegalArgumentException("--remote-ip " + remoteIp + " is not an " + type.word() + " prefix");
        }
        if (protocol < Protocol.ANY || protocol > 255)
        {
            throw new IllegalArgumentException("--protocol must be tcp, udp, icmp, icmpv6, any or a number 0..255, got "
                + protocol);
        }
        if (protocol == net.vswitch.fabric.Packet.IPPROTO_ICMP && type == EtherType.IPV6)
        {
            throw new IllegalArgumentException("--protocol icmp is IPv4 only; use icmpv6 with --ethertype IPv6");
        }
        if (protocol == net.vswitch.fabric.Packet.IPPROTO_ICMPV6 && type == EtherType.IPV4)
        {
            throw new IllegalArgumentException("--protocol icmpv6 is IPv6 only; use icmp with --ethertype IPv4");
        }
        int min = portMin;
        int max = portMax;
        if (min != -1 || (max != -1 && max != Integer.MIN_VALUE))
        {
            if (Protocol.hasPorts(protocol))
            {
                if (max == Integer.MIN_VALUE)
                {
                    max = min;
                }
                if (min < 1 || min > 65535 || max < 1 || max > 65535 || min > max)
                {
                    throw new IllegalArgumentException("--port-range must be MIN[:MAX] with 1 <= MIN <= MAX <= 65535, got "
                        + min + ":" + max);
                }
            }
            else if (Protocol.isIcmp(protocol))
            {
                if (max == Integer.MIN_VALUE)
                {
                    max = -1;
                }
                if (min < 0 || min > 255 || max < -1 || max > 255)
                {
                    throw new IllegalArgumentException("--port-range for " + Protocol.name(protocol)
                        + " is TYPE[:CODE], each 0..255, got " + min + (max >= 0 ? ":" + max : ""));
                }
            }
            else
            {
                throw new IllegalArgumentException("--port-range needs --protocol tcp, udp, icmp or icmpv6 (got "
                    + Protocol.name(protocol) + ")");
            }
        }
        else
        {
            min = -1;
            max = -1;
        }
        if (Protocol.hasPorts(protocol) && min == 1 && max == 65535)
        {
            min = -1;
            max = -1;
        }
        return new Rule(id, group, direction, type, protocol, min, max, cidr == null ? null : cidr.toString(),
            remoteGroup);
    }
}
