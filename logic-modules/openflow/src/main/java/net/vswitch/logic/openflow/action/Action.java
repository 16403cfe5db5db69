package net.vswitch.logic.openflow.action;

import net.vswitch.logic.openflow.match.Match;

/**
 * One OpenFlow action: the SPI later actions (SoftFlow, {@code ct()}) implement. An action never touches a
 * packet itself; on the slow path it {@link #translate translates} against the flow key, updating the key
 * for later lookups, un-wildcarding what it read, and appending ops to the resolved {@link Program} the fast
 * path runs per packet. Parsers are registered by name in {@link ActionParser}.
 */
public interface Action
{
    /** Applies the action to a translation in progress. */
    void translate(Translation xlate);

    /**
     * Checks the action against the match of the flow that carries it (e.g. set_field on tcp_dst needs a
     * tcp match).
     *
     * @throws IllegalArgumentException naming the action and what is missing
     */
    default void check(final Match match)
    {
    }

    /** The ovs-ofctl text, e.g. {@code output:2}. */
    @Override
    String toString();
}
