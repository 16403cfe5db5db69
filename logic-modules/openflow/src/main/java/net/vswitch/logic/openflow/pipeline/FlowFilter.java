package net.vswitch.logic.openflow.pipeline;

import net.vswitch.logic.openflow.match.Match;

/**
 * Which entries mod-flows, del-flows and dump-flows act on: OpenFlow's non-strict rule (entries at least as
 * specific as the match) or, with {@code strict}, the entry with exactly this match and priority; optionally
 * one table and a cookie under a mask.
 */
public record FlowFilter(int table, Match match, boolean strict, int priority, long cookie, long cookieMask)
{
    public static final int ALL_TABLES = -1;
    public static final FlowFilter ALL = new FlowFilter(ALL_TABLES, Match.ANY, false, 0, 0, 0);

    public boolean accepts(final FlowEntry entry)
    {
        if (table != ALL_TABLES && entry.table() != table)
        {
            return false;
        }
        if ((entry.cookie() & cookieMask) != (cookie & cookieMask))
        {
            return false;
        }
        if (strict)
        {
            return entry.priority() == priority && entry.match().equals(match);
        }
        return entry.match().isSubsetOf(match);
    }
}
