package net.vswitch.logic.openflow.softflow;

import net.vswitch.logic.conntrack.ConnectionTracker;

/** What an openflow logic shares with its SoftFlow actions. */
public interface SoftFlowContext
{
    /** The logic's connection tracker (the one {@code ct()} uses), started on demand. */
    ConnectionTracker tracker();
}
