package net.vswitch.logic.openflow.pipeline;

import net.vswitch.logic.openflow.action.Program;

/**
 * What a slow-path translation yields: the megaflow mask (every bit the result depends on), the program to run
 * on every packet under it, and the flow entries that produced it (whose counters its hits credit).
 */
public record Translated(long[] mask, Program program, FlowEntry[] contributors)
{
}
