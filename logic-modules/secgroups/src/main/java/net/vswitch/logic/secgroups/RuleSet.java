package net.vswitch.logic.secgroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.vswitch.fabric.Packet;

/**
 * The rules of one direction of one port (the union over its groups), indexed so a new connection
 * tests only the rules of its own family and protocol, and for TCP/UDP only those whose port range can
 * hold its destination port: single-port rules are found by hash, so thousands of port rules cost one
 * probe. Immutable; built by {@link Builder} on the control thread.
 */
final class RuleSet
{
    static final RuleSet EMPTY = new Builder().build();
    static final int NO_MATCH = -1;

    private static final CompiledRule[] NONE = new CompiledRule[0];

    /** By family (0 IPv4, 1 IPv6): TCP, UDP port buckets. */
    private final PortBucket[] tcp;
    private final PortBucket[] udp;
    private final CompiledRule[][] icmp;
    private final CompiledRule[][] other;
    private final CompiledRule[][] any;
    private final int size;

    private RuleSet(final Builder b)
    {
        tcp = new PortBucket[] {new PortBucket(b.lists[0]), new PortBucket(b.lists[5])};
        udp = new PortBucket[] {new PortBucket(b.lists[1]), new PortBucket(b.lists[6])};
        icmp = new CompiledRule[][] {array(b.lists[2]), array(b.lists[7])};
        other = new CompiledRule[][] {array(b.lists[3]), array(b.lists[8])};
        any = new CompiledRule[][] {array(b.lists[4]), array(b.lists[9])};
        int n = 0;
        for (final List<CompiledRule> list : b.lists)
        {
            n += list.size();
        }
        size = n;
    }

    private static CompiledRule[] array(final List<CompiledRule> list)
    {
        return list.isEmpty() ? NONE : list.toArray(NONE);
    }

    int size()
    {
        return size;
    }

    /**
     * The id of a rule allowing a new connection, or {@link #NO_MATCH}.
     *
     * @param version    4 or 6
     * @param protocol   IP protocol
     * @param port       TCP/UDP destination port, or the ICMP type
     * @param code       the ICMP code (unused otherwise)
     * @param peerGroups the remote end's groups (sorted indexes) or {@code null}
     */
    int match(final int version, final int protocol, final int port, final int code, final long peerHigh,
        final long peerLow, final int[] peerGroups)
    {
        final int family = version == 6 ? 1 : 0;
        int id = first(any[family], peerHigh, peerLow, peerGroups);
        if (id != NO_MATCH)
        {
            return id;
        }
        switch (protocol)
        {
            case Packet.IPPROTO_TCP:
                return tcp[family].match(port, peerHigh, peerLow, peerGroups);
            case Packet.IPPROTO_UDP:
                return udp[family].match(port, peerHigh, peerLow, peerGroups);
            case Packet.IPPROTO_ICMP:
            case Packet.IPPROTO_ICMPV6:
                for (final CompiledRule r : icmp[family])
                {
                    if (r.protocol == protocol && r.icmpMatches(port, code) && r.remoteMatches(peerHigh, peerLow,
                        peerGroups))
                    {
                        return r.id;
                    }
                }
                return NO_MATCH;
            default:
                for (final CompiledRule r : other[family])
                {
                    if (r.protocol == protocol && r.remoteMatches(peerHigh, peerLow, peerGroups))
                    {
                        return r.id;
                    }
                }
                return NO_MATCH;
        }
    }

    private static int first(final CompiledRule[] rules, final long high, final long low, final int[] groups)
    {
        for (final CompiledRule r : rules)
        {
            if (r.remoteMatches(high, low, groups))
            {
                return r.id;
            }
        }
        return NO_MATCH;
    }

    /** TCP or UDP rules of one family: all-ports rules, single-port rules by hash, then true ranges. */
    private static final class PortBucket
    {
        private final CompiledRule[] allPorts;
        private final CompiledRule[] ranges;
        private final int[] exactKeys;
        private final CompiledRule[][] exactValues;
        private final int exactMask;

        PortBucket(final List<CompiledRule> rules)
        {
            final List<CompiledRule> all = new ArrayList<>();
            final List<CompiledRule> range = new ArrayList<>();
            final List<CompiledRule> exact = new ArrayList<>();
            for (final CompiledRule r : rules)
            {
                if (r.min < 0)
                {
                    all.add(r);
                }
                else if (r.min == r.max)
                {
                    exact.add(r);
                }
                else
                {
                    range.add(r);
                }
            }
            allPorts = array(all);
            ranges = array(range);
            final int capacity = Integer.highestOneBit(Math.max(2, exact.size() * 2) - 1) << 1;
            exactMask = capacity - 1;
            exactKeys = new int[capacity];
            Arrays.fill(exactKeys, -1);
            exactValues = new CompiledRule[capacity][];
            for (final CompiledRule r : exact)
            {
                int i = slot(r.min);
                while (exactKeys[i] != -1 && exactKeys[i] != r.min)
                {
                    i = (i + 1) & exactMask;
                }
                exactKeys[i] = r.min;
                final CompiledRule[] old = exactValues[i];
                final CompiledRule[] grown = old == null ? new CompiledRule[1] : Arrays.copyOf(old, old.length + 1);
                grown[grown.length - 1] = r;
                exactValues[i] = grown;
            }
        }

        private int slot(final int port)
        {
            return (port * 0x9E3779B1) >>> 16 & exactMask;
        }

        int match(final int port, final long high, final long low, final int[] groups)
        {
            int id = first(allPorts, high, low, groups);
            if (id != NO_MATCH || port < 0)
            {
                return id;
            }
            int i = slot(port);
            while (true)
            {
                final int key = exactKeys[i];
                if (key == port)
                {
                    id = first(exactValues[i], high, low, groups);
                    if (id != NO_MATCH)
                    {
                        return id;
                    }
                    break;
                }
                if (key == -1)
                {
                    break;
                }
                i = (i + 1) & exactMask;
            }
            for (final CompiledRule r : ranges)
            {
                if (port >= r.min && port <= r.max && r.remoteMatches(high, low, groups))
                {
                    return r.id;
                }
            }
            return NO_MATCH;
        }
    }

    /** Collects compiled rules into their buckets. */
    static final class Builder
    {
        @SuppressWarnings("unchecked")
        private final List<CompiledRule>[] lists = new List[10];

        Builder()
        {
            for (int i = 0; i < lists.length; i++)
            {
                lists[i] = new ArrayList<>();
            }
        }

        Builder add(final Rule rule, final CompiledRule compiled)
        {
            final int family = rule.etherType() == EtherType.IPV6 ? 5 : 0;
            final int kind = switch (rule.protocol())
            {
                case Packet.IPPROTO_TCP -> 0;
                case Packet.IPPROTO_UDP -> 1;
                case Packet.IPPROTO_ICMP, Packet.IPPROTO_ICMPV6 -> 2;
                case Protocol.ANY -> 4;
                default -> 3;
            };
            lists[family + kind].add(compiled);
            return this;
        }

        RuleSet build()
        {
            return new RuleSet(this);
        }
    }
}
