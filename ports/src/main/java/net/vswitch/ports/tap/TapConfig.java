package net.vswitch.ports.tap;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of a TAP port, fixed when it opens: {@code batchSize * bufferSize} bytes of RX buffers and
 * an output ring of {@code outputSlots * bufferSize} bytes (defaults: 512 KiB + 2 MiB).
 *
 * @param outputSlots       slots of the ring the fabric fills for this port (power of two)
 * @param bufferSize        bytes per buffer: the largest frame the port carries (MTU + 18 or more)
 * @param batchSize         most frames read before forwarding them at once
 * @param pollTimeoutMillis longest idle wait (bounds how fast a stop is noticed without a wakeup)
 */
public record TapConfig(int outputSlots, int bufferSize, int batchSize, int pollTimeoutMillis)
{
    public static final int OUTPUT_SLOTS_DEFAULT = 1024;
    public static final int BUFFER_SIZE_DEFAULT = 2048;
    public static final int BATCH_SIZE_DEFAULT = 256;
    public static final int POLL_TIMEOUT_MILLIS_DEFAULT = 100;

    public TapConfig
    {
        RingDescriptor.checkCapacity(outputSlots);
        RingDescriptor.checkBufferSize(bufferSize);
        if (batchSize < 1 || batchSize > 65536)
        {
            throw new IllegalArgumentException("batchSize must be in 1..65536: " + batchSize);
        }
        if (pollTimeoutMillis < 1)
        {
            throw new IllegalArgumentException("pollTimeoutMillis must be >= 1: " + pollTimeoutMillis);
        }
    }

    /** The defaults (named constants above). */
    public static TapConfig defaults()
    {
        return new TapConfig(OUTPUT_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, BATCH_SIZE_DEFAULT,
            POLL_TIMEOUT_MILLIS_DEFAULT);
    }
}
