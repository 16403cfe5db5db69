package net.vswitch.logic.conntrack;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts connections in the table and per zone and refuses one past the table limit or its zone's limit.
 * Lock-free (one CAS-style increment each), so stripes need no shared lock to respect the limits.
 */
final class ConnectionLimits
{
    private final int tableLimit;
    private final AtomicIntegerArray zoneLimits = new AtomicIntegerArray(ConntrackConfig.MAX_ZONE + 1);
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicIntegerArray zoneEntries = new AtomicIntegerArray(ConntrackConfig.MAX_ZONE + 1);

    ConnectionLimits(final ConntrackConfig config)
    {
        this.tableLimit = config.tableLimit();
        for (int zone = 0; zone <= ConntrackConfig.MAX_ZONE; zone++)
        {
            zoneLimits.set(zone, config.zoneLimit(zone));
        }
    }

    /** Takes room for one connection in {@code zone}; returns null, or the reason it was refused. */
    InvalidReason acquire(final int zone)
    {
        if (entries.incrementAndGet() > tableLimit)
        {
            entries.decrementAndGet();
            return InvalidReason.TABLE_FULL;
        }
        final int limit = zoneLimits.get(zone);
        if (zoneEntries.incrementAndGet(zone) > limit && limit > 0)
        {
            zoneEntries.decrementAndGet(zone);
            entries.decrementAndGet();
            return InvalidReason.ZONE_FULL;
        }
        return null;
    }

    /** Changes a zone's limit at run time; connections already past it stay, new ones are refused. */
    void zoneLimit(final int zone, final int limit)
    {
        zoneLimits.set(zone, limit);
    }

    int zoneLimit(final int zone)
    {
        return zoneLimits.get(zone);
    }

    void release(final int zone)
    {
        zoneEntries.decrementAndGet(zone);
        entries.decrementAndGet();
    }

    int entries()
    {
        return entries.get();
    }

    int entries(final int zone)
    {
        return zoneEntries.get(zone);
    }
}
