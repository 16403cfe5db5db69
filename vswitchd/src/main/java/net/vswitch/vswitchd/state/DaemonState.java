package net.vswitch.vswitchd.state;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the state file holds: per switch, what users changed at runtime. The body of the file is
 * {@code {"switches":[SavedSwitch...]}}; see {@code docs/state.md} for each member.
 */
public record DaemonState(List<SavedSwitch> switches)
{
    public DaemonState
    {
        switches = List.copyOf(switches);
    }

    public static DaemonState empty()
    {
        return new DaemonState(List.of());
    }

    /** The switch's saved state, or {@code null}. */
    public SavedSwitch named(final String name)
    {
        for (final SavedSwitch saved : switches)
        {
            if (saved.name().equals(name))
            {
                return saved;
            }
        }
        return null;
    }

    /** The same state with one switch replaced. */
    public DaemonState with(final SavedSwitch replacement)
    {
        final List<SavedSwitch> next = new ArrayList<>();
        for (final SavedSwitch saved : switches)
        {
            next.add(saved.name().equals(replacement.name()) ? replacement : saved);
        }
        return new DaemonState(next);
    }

    public Map<String, Object> toTree()
    {
        final List<Map<String, Object>> trees = new ArrayList<>();
        for (final SavedSwitch saved : switches)
        {
            trees.add(saved.toTree());
        }
        return object("switches", trees);
    }

    /**
     * @throws IllegalArgumentException naming the member that is missing or of the wrong type
     */
    public static DaemonState fromTree(final Object tree)
    {
        final List<SavedSwitch> switches = new ArrayList<>();
        for (final Object item : Trees.list(Trees.map(tree, "the state"), "switches", "the state"))
        {
            switches.add(SavedSwitch.fromTree(item));
        }
        return new DaemonState(switches);
    }
}
