package net.vswitch.fabric.plugin;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optional side of a {@link net.vswitch.fabric.SwitchLogic} that the daemon drives: named counters it
 * exports as metrics and shows in {@code show}, and {@code ctl} commands it answers (e.g.
 * {@code dump-flows}, {@code secgroup}). Called on control threads only, never on the data path.
 *
 * <p>The daemon names no module: it shows every counter (in {@code stats} and as
 * {@code vswitch_logic_counter{name=...}} metrics) and dispatches every command listed here, so a new
 * module needs no daemon change. Build {@code --json} answers with {@link ControlJson} and text tables
 * with {@link TextTable}.
 */
public interface LogicControl
{
    /** Counters and gauges by stable snake_case name (e.g. {@code megaflow_hits}, {@code conntrack_entries}). */
    default Map<String, Long> counters()
    {
        return Map.of();
    }

    /** The ctl command names this logic answers. */
    default Set<String> commands()
    {
        return Set.of();
    }

    /**
     * Runs one of {@link #commands()}.
     *
     * @param command the command name
     * @param args    the words after it (the daemon removes {@code --json} and {@code --switch NAME})
     * @param json    whether the caller asked for JSON (then return one JSON value)
     * @return what the caller prints
     * @throws IllegalArgumentException with a message naming what is wrong (the ctl exits non-zero)
     */
    default String command(final String command, final List<String> args, final boolean json)
    {
        throw new IllegalArgumentException("unknown command '" + command + "'");
    }
}
