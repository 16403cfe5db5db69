package net.vswitch.vswitchd.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's running switches by name, in creation order. The {@link Daemon} adds and removes them;
 * the ctl dispatcher and the metrics endpoint only read, so neither needs the daemon itself.
 */
public final class Switches
{
    private final Map<String, SwitchInstance> byName = new LinkedHashMap<>();
    private boolean closed;

    /** Switches in creation order (a copy). */
    public synchronized List<SwitchInstance> all()
    {
        return new ArrayList<>(byName.values());
    }

    /** The switch called {@code name}, or {@code null}. */
    public synchronized SwitchInstance named(final String name)
    {
        return byName.get(name);
    }

    /** Whether the daemon has shut down (long-running reads such as {@code stats --watch} end then). */
    public synchronized boolean isClosed()
    {
        return closed;
    }

    synchronized void add(final SwitchInstance instance)
    {
        byName.put(instance.name(), instance);
    }

    synchronized void remove(final String name)
    {
        byName.remove(name);
    }

    /** Marks the registry closed and hands back what it held, for the daemon to close; empty the second time. */
    synchronized List<SwitchInstance> close()
    {
        if (closed)
        {
            return List.of();
        }
        closed = true;
        final List<SwitchInstance> instances = new ArrayList<>(byName.values());
        byName.clear();
        return instances;
    }
}
