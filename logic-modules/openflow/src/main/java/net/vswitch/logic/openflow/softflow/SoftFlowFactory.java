package net.vswitch.logic.openflow.softflow;

import java.util.Map;

/**
 * Creates a {@link SoftFlowAction}: register an implementation in
 * {@code META-INF/services/net.vswitch.logic.openflow.softflow.SoftFlowFactory} (as logic modules register a
 * {@code LogicProvider}); each openflow logic creates one instance of every factory found.
 */
public interface SoftFlowFactory
{
    /** The action's name. */
    String name();

    /**
     * @param settings the action's settings (empty when none were given)
     * @param context  what the switch shares with actions (its connection tracker)
     * @throws IllegalArgumentException naming a bad setting
     */
    SoftFlowAction create(Map<String, String> settings, SoftFlowContext context);
}
