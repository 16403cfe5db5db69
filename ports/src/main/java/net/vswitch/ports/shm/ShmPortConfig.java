package net.vswitch.ports.shm;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of a shared-memory port's region, fixed at creation. Both rings get {@code slots} slots of
 * {@code bufferSize} bytes; the file takes about {@code 2 * slots * bufferSize} bytes
 * (defaults: 2 × 1024 × 2 KiB ≈ 4 MiB).
 *
 * @param slots      slots per ring (power of two)
 * @param bufferSize bytes per slot buffer (multiple of 64; the largest frame the port carries)
 * @param batch      the most frames the switch forwards from the client in one batch
 */
public record ShmPortConfig(int slots, int bufferSize, int batch)
{
    public static final int SLOTS_DEFAULT = 1024;
    public static final int BUFFER_SIZE_DEFAULT = 2048;
    public static final int BATCH_DEFAULT = 256;

    public ShmPortConfig
    {
        RingDescriptor.checkCapacity(slots);
        RingDescriptor.checkBufferSize(bufferSize);
        if (batch < 1 || batch > 65536)
        {
            throw new IllegalArgumentException("batch must be in 1..65536: " + batch);
        }
    }

    public static ShmPortConfig defaults()
    {
        return new ShmPortConfig(SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, BATCH_DEFAULT);
    }
}
