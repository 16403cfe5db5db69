package net.vswitch.vswitchd.metrics;

import java.util.concurrent.atomic.LongAdder;

import net.vswitch.fabric.ForwardTimer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Per-batch forwarding time of one switch. Data path threads record into an HdrHistogram
 * {@link Recorder} (wait-free, allocation-free, fixed range); a scrape folds the interval into a
 * cumulative histogram that Prometheus reads as buckets.
 */
public final class LatencyRecorder implements ForwardTimer
{
    /** Longest time a bucket distinguishes; slower batches are recorded as this. */
    public static final long MAX_NANOS = 10_000_000_000L;
    private static final int DIGITS = 2;

    private final Recorder recorder = new Recorder(1, MAX_NANOS, DIGITS);
    private final LongAdder sumNanos = new LongAdder();
    private final LongAdder packets = new LongAdder();
    private final Histogram cumulative = new Histogram(1, MAX_NANOS, DIGITS);
    private Histogram interval;

    @Override
    public void batchForwarded(final int packets, final long nanos)
    {
        final long value = Math.max(1, Math.min(nanos, MAX_NANOS));
        recorder.recordValue(value);
        sumNanos.add(value);
        this.packets.add(packets);
    }

    /** Everything recorded so far (folds in what arrived since the last call); control threads only. */
    public synchronized Histogram snapshot()
    {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        return cumulative.copy();
    }

    public long sumNanos()
    {
        return sumNanos.sum();
    }

    public long packets()
    {
        return packets.sum();
    }
}
