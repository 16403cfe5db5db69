package net.vswitch.logic.openflow.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow entry's counters, shared by the versions of the entry that mod-flows creates (OpenFlow keeps
 * counters across a modify). Slow-path packets add here directly; megaflow hits are credited in bulk.
 */
public final class FlowStats
{
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long createdNanos;
    private volatile long lastUsedNanos;

    public FlowStats(final long createdNanos)
    {
        this.createdNanos = createdNanos;
        this.lastUsedNanos = createdNanos;
    }

    public void add(final long packetCount, final long byteCount, final long nowNanos)
    {
        if (packetCount != 0)
        {
            packets.addAndGet(packetCount);
            bytes.addAndGet(byteCount);
            if (nowNanos > lastUsedNanos)
            {
                lastUsedNanos = nowNanos;
            }
        }
    }

    public long packets()
    {
        return packets.get();
    }

    public long bytes()
    {
        return bytes.get();
    }

    public long createdNanos()
    {
        return createdNanos;
    }

    public long lastUsedNanos()
    {
        return lastUsedNanos;
    }
}
