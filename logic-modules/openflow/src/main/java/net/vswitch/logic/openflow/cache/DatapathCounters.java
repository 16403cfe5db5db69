package net.vswitch.logic.openflow.cache;

import net.vswitch.logic.openflow.action.DropCause;

/**
 * The fast path's counters for one ingress port, written under its datapath's lock. The tiers are disjoint:
 * {@code emcHits + megaflowHits + misses + lost == packets + recirculations} (a packet {@code ct(table=T)} sends
 * through the pipeline again is looked up once more per pass).
 */
public final class DatapathCounters
{
    long packets;
    long emcHits;
    long megaflowHits;
    long misses;
    long lost;
    long revalidations;
    long revalidatedAway;
    long evictions;
    long expired;
    long recirculations;
    final long[] drops = new long[DropCause.values().length];

    /** Adds this port's counters into {@code total}. */
    void addTo(final DatapathCounters total)
    {
        total.packets += packets;
        total.emcHits += emcHits;
        total.megaflowHits += megaflowHits;
        total.misses += misses;
        total.lost += lost;
        total.revalidations += revalidations;
        total.revalidatedAway += revalidatedAway;
        total.evictions += evictions;
        total.expired += expired;
        total.recirculations += recirculations;
        for (int i = 0; i < drops.length; i++)
        {
            total.drops[i] += drops[i];
        }
    }

    /** Extra passes through the cache after ct(table=T). */
    public long recirculations()
    {
        return recirculations;
    }

    public long packets()
    {
        return packets;
    }

    public long emcHits()
    {
        return emcHits;
    }

    public long megaflowHits()
    {
        return megaflowHits;
    }

    /** Upcalls: packets the slow path translated. */
    public long misses()
    {
        return misses;
    }

    /** Packets too short to classify (dropped as malformed). */
    public long lost()
    {
        return lost;
    }

    /** Megaflows re-translated after a table change. */
    public long revalidations()
    {
        return revalidations;
    }

    /** Megaflows a revalidation found stale and removed. */
    public long revalidatedAway()
    {
        return revalidatedAway;
    }

    public long evictions()
    {
        return evictions;
    }

    /** Megaflows removed for being idle. */
    public long expired()
    {
        return expired;
    }

    public long drops(final DropCause cause)
    {
        return drops[cause.ordinal()];
    }
}
