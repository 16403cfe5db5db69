package net.vswitch.logic.openflow.softflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One logic's SoftFlow action instances, by {@link SoftFlowNames} number: one of every {@link SoftFlowFactory}
 * found by {@link ServiceLoader}, plus any registered by hand. Looked up per packet without locking.
 */
public final class SoftFlowActions
{
    private final AtomicReferenceArray<SoftFlowAction> byId = new AtomicReferenceArray<>(SoftFlowNames.MAX + 1);
    private final Map<String, SoftFlowAction> byName = new LinkedHashMap<>();

    /** Instantiates every factory on the class path with empty settings. */
    public SoftFlowActions(final SoftFlowContext context)
    {
        for (final SoftFlowFactory factory : ServiceLoader.load(SoftFlowFactory.class,
            SoftFlowActions.class.getClassLoader()))
        {
            try
            {
                register(factory.create(Map.of(), context));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("softflow action " + factory.name() + " ("
                    + factory.getClass().getName() + ") could not be created: " + ex.getMessage(), ex);
            }
        }
    }

    /** Adds (or replaces) an action under its name; the replaced one is closed. */
    public synchronized void register(final SoftFlowAction action)
    {
        final int id = SoftFlowNames.id(action.name());
        final SoftFlowAction old = byId.getAndSet(id, action);
        byName.put(SoftFlowNames.name(id), action);
        if (old != null && old != action)
        {
            old.close();
        }
    }

    /** The action with number {@code id}, or null. */
    public SoftFlowAction action(final int id)
    {
        return id > 0 && id <= SoftFlowNames.MAX ? byId.get(id) : null;
    }

    /** Every action's counters, as {@code sf_NAME_KEY}. */
    public synchronized Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final SoftFlowAction a : byName.values())
        {
            for (final Map.Entry<String, Long> e : a.counters().entrySet())
            {
                m.put("sf_" + a.name() + "_" + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Closes every action. */
    public synchronized void close()
    {
        for (final SoftFlowAction a : byName.values())
        {
            a.close();
        }
    }
}
