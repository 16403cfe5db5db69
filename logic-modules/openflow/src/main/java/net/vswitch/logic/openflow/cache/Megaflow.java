package net.vswitch.logic.openflow.cache;

import net.vswitch.logic.openflow.action.Program;
import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.Translated;

/**
 * One cached translation: {mask, masked key} -> program. Owned by one {@link PortDatapath}: its counters are
 * plain fields written under that datapath's lock, and credited to the {@link FlowEntry}s that produced it.
 */
public final class Megaflow
{
    final long[] value;
    final long[] mask;
    Program program;
    FlowEntry[] contributors;
    long packets;
    long bytes;
    long creditedPackets;
    long creditedBytes;
    long lastUsedNanos;
    boolean alive = true;

    Megaflow(final long[] key, final Translated translated, final long nowNanos)
    {
        this.mask = translated.mask();
        this.value = new long[FlowKey.WORDS];
        for (int w = 0; w < FlowKey.WORDS; w++)
        {
            value[w] = key[w] & mask[w];
        }
        this.program = translated.program();
        this.contributors = translated.contributors();
        this.lastUsedNanos = nowNanos;
    }

    /** Adds the hits not yet credited to every contributing entry's counters. */
    void credit(final long nowNanos)
    {
        final long p = packets - creditedPackets;
        if (p == 0)
        {
            return;
        }
        final long b = bytes - creditedBytes;
        for (final FlowEntry e : contributors)
        {
            e.stats().add(p, b, lastUsedNanos > 0 ? lastUsedNanos : nowNanos);
        }
        creditedPackets = packets;
        creditedBytes = bytes;
    }

    public long[] value()
    {
        return value;
    }

    public long[] mask()
    {
        return mask;
    }

    public Program program()
    {
        return program;
    }

    public long packets()
    {
        return packets;
    }

    public long bytes()
    {
        return bytes;
    }

    public long lastUsedNanos()
    {
        return lastUsedNanos;
    }
}
