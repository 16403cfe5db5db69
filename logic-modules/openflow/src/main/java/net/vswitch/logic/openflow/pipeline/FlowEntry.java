package net.vswitch.logic.openflow.pipeline;

import net.vswitch.logic.openflow.match.Match;

/**
 * One OpenFlow flow entry. Immutable: mod-flows replaces the entry with a new one that shares its
 * {@link FlowStats}, so a packet sees either the old instructions or the new, never a mix.
 */
public record FlowEntry(int table, int priority, Match match, Instructions instructions, long cookie,
    int idleTimeout, int hardTimeout, int flags, FlowStats stats)
{
    public static final int DEFAULT_PRIORITY = 32768;
    public static final int FLAG_SEND_FLOW_REM = 1;
    public static final int FLAG_CHECK_OVERLAP = 1 << 1;

    /** The same entry with other instructions (mod-flows). */
    public FlowEntry withInstructions(final Instructions newInstructions, final long newCookie)
    {
        return new FlowEntry(table, priority, match, newInstructions, newCookie, idleTimeout, hardTimeout, flags,
            stats);
    }

    /** Same table, priority and match: OpenFlow's identity of an entry. */
    public boolean sameRule(final FlowEntry other)
    {
        return table == other.table && priority == other.priority && match.equals(other.match);
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o;
    }

    @Override
    public int hashCode()
    {
        return System.identityHashCode(this);
    }
}
