package net.vswitch.ports.tap;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of a TAP port, fixed when it opens: {@code batchSize * bufferSize} bytes of RX buffers and
 * an output ring of {@code outputSlots * bufferSize} bytes (defaults: 16 + 32 MiB of address space,
 * touched only as large frames use it).
 *
 * @param outputSlots       slots of the ring the fabric fills for this port (power of two)
 * @param bufferSize        bytes per buffer: the largest frame the port carries (MTU + 18 or more)
 * @param batchSize         most frames read before forwarding them at once
 * @param pollTimeoutMillis longest idle wait (bounds how fast a stop is noticed without a wakeup)
 * @param offloads          IFF_VNET_HDR + TUNSETOFFLOAD: frames come and go with their virtio-net header,
 *                          partial checksums and GSO super-frames (up to 64 KiB) pass as the stack made them
 */
public record TapConfig(int outputSlots, int bufferSize, int batchSize, int pollTimeoutMillis, boolean offloads)
{
    /** System property: {@code false} turns virtio-net headers off. */
    public static final String OFFLOADS_PROP_NAME = "vswitch.tap.offloads";
    public static final int OUTPUT_SLOTS_DEFAULT = 512;
    public static final int BUFFER_SIZE_DEFAULT = RingDescriptor.MAX_BUFFER_SIZE;
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

    /** The defaults (named constants above; offloads on unless {@value #OFFLOADS_PROP_NAME} is false). */
    public static TapConfig defaults()
    {
        return new TapConfig(OUTPUT_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, BATCH_SIZE_DEFAULT,
            POLL_TIMEOUT_MILLIS_DEFAULT, Boolean.parseBoolean(System.getProperty(OFFLOADS_PROP_NAME, "true")));
    }

    /** A copy with virtio-net headers on or off. */
    public TapConfig withOffloads(final boolean offloads)
    {
        return new TapConfig(outputSlots, bufferSize, batchSize, pollTimeoutMillis, offloads);
    }
}
