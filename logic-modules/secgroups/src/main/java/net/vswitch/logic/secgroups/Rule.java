package net.vswitch.logic.secgroups;

/**
 * One access rule of a group, as stored (validated by {@link RuleSpec#toRule}). For TCP/UDP,
 * {@code portMin..portMax} is the destination port range of new connections (-1..-1: all); for ICMP and
 * ICMPv6, {@code portMin} is the type and {@code portMax} the code (-1: any). Exactly one or none of
 * {@code remoteIp}, {@code remoteGroup} is set; none means any remote.
 *
 * @param id          unique over the whole {@link SecurityGroups}, never reused
 * @param group       the group holding the rule
 * @param protocol    an IP protocol number or {@link Protocol#ANY}
 */
public record Rule(int id, String group, Direction direction, EtherType etherType, int protocol, int portMin,
    int portMax, String remoteIp, String remoteGroup)
{
    /** The same rule with another id: what two rules compare by when checking for duplicates. */
    boolean sameAs(final Rule other)
    {
        return direction == other.direction && etherType == other.etherType && protocol == other.protocol
            && portMin == other.portMin && portMax == other.portMax
            && java.util.Objects.equals(remoteIp, other.remoteIp)
            && java.util.Objects.equals(remoteGroup, other.remoteGroup);
    }

    /** The rule in the command's own words, e.g. {@code ingress IPv4 tcp 8080 remote-group A}. */
    public String describe()
    {
        final StringBuilder text = new StringBuilder();
        text.append(direction.word()).append(' ').append(etherType.word()).append(' ')
            .append(Protocol.name(protocol));
        if (portMin >= 0)
        {
            text.append(' ').append(portMin);
            if (portMax >= 0 && (portMax != portMin || Protocol.isIcmp(protocol)))
            {
                text.append(':').append(portMax);
            }
        }
        if (remoteIp != null)
        {
            text.append(" remote-ip ").append(remoteIp);
        }
        else if (remoteGroup != null)
        {
            text.append(" remote-group ").append(remoteGroup);
        }
        return text.toString();
    }
}
