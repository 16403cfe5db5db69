package net.vswitch.logic.conntrack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Sums the stripes' counters (each read under its stripe's lock) into the tracker's named counters. */
final class TrackerCounters
{
    private TrackerCounters()
    {
    }

    static Map<String, Long> collect(final Stripe[] stripes, final int entries, final LongAdder[] earlyInvalid,
        final long trackedEarly, final long expiryErrors)
    {
        long tracked = 0;
        long created = 0;
        long expired = 0;
        long removed = 0;
        long related = 0;
        final long[] invalid = new long[InvalidReason.values().length];
        for (final Stripe stripe : stripes)
        {
            synchronized (stripe)
            {
                tracked += stripe.tracked;
                created += stripe.created;
                expired += stripe.expired;
                removed += stripe.removed;
                related += stripe.related;
                for (int i = 0; i < invalid.length; i++)
                {
                    invalid[i] += stripe.invalid[i];
                }
            }
        }
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("entries", (long)entries);
        counters.put("tracked", tracked + trackedEarly);
        counters.put("created", created);
        counters.put("expired", expired);
        counters.put("removed", removed);
        counters.put("related", related);
        long invalidTotal = 0;
        for (final InvalidReason reason : InvalidReason.values())
        {
            final long count = invalid[reason.ordinal()] + earlyInvalid[reason.ordinal()].sum();
            counters.put(reason.counterName(), count);
            if (reason != InvalidReason.TABLE_FULL && reason != InvalidReason.ZONE_FULL)
            {
                invalidTotal += count;
            }
        }
        counters.put("invalid", invalidTotal);
        counters.put("expiry_errors", expiryErrors);
        return counters;
    }
}
