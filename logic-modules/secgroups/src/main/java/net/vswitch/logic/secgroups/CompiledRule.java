package net.vswitch.logic.secgroups;

import java.util.Arrays;

/**
 * A rule as the data path tests it: the port (or ICMP type/code) range and the remote, with the CIDR
 * as masks and the remote group as its index in the {@link Policy}. Protocol and family are implied
 * by the {@link RuleSet} bucket that holds it.
 */
final class CompiledRule
{
    static final int REMOTE_ANY = 0;
    static final int REMOTE_CIDR = 1;
    static final int REMOTE_GROUP = 2;

    final int id;
    final int protocol;
    final int min;
    final int max;
    final int remoteKind;
    final long netHigh;
    final long netLow;
    final long maskHigh;
    final long maskLow;
    final int remoteGroup;

    CompiledRule(final Rule rule, final int remoteGroupIndex)
    {
        this.id = rule.id();
        this.protocol = rule.protocol();
        this.min = rule.portMin();
        this.max = rule.portMax();
        if (rule.remoteIp() != null)
        {
            final Cidr cidr = Cidr.parse(rule.remoteIp());
            final int bits = cidr.version() == 4 ? cidr.prefix() + 96 : cidr.prefix();
            this.remoteKind = REMOTE_CIDR;
            this.maskHigh = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
            this.maskLow = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
            this.netHigh = cidr.network().high();
            this.netLow = cidr.network().low();
            this.remoteGroup = -1;
        }
        else
        {
            this.remoteKind = rule.remoteGroup() != null ? REMOTE_GROUP : REMOTE_ANY;
            this.maskHigh = 0;
            this.maskLow = 0;
            this.netHigh = 0;
            this.netLow = 0;
            this.remoteGroup = remoteGroupIndex;
        }
    }

    /** Whether the remote end (its address, and the sorted indexes of the groups it is a member of) matches. */
    boolean remoteMatches(final long high, final long low, final int[] peerGroups)
    {
        return switch (remoteKind)
        {
            case REMOTE_ANY -> true;
            case REMOTE_CIDR -> (high & maskHigh) == netHigh && (low & maskLow) == netLow;
            default -> peerGroups != null && Arrays.binarySearch(peerGroups, remoteGroup) >= 0;
        };
    }

    /** For ICMP rules: type {@code min} (-1 any) and code {@code max} (-1 any). */
    boolean icmpMatches(final int type, final int code)
    {
        return (min < 0 || min == type) && (max < 0 || max == code);
    }
}
