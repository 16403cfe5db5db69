package net.vswitch.ports.dpdk;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of one DPDK port, fixed when it opens. Memory: a mempool of {@code mempoolSize} mbufs of
 * 2176 bytes (≈ 19 MiB at the default, from EAL's {@code -m} budget) plus an output ring of
 * {@code outputSlots × bufferSize} on the Java side.
 *
 * @param rxQueues      RX queues to set up and poll (one poll worker polls them in turn; RSS spreads
 *                      frames over them on NICs that have it)
 * @param txQueues      TX queues to set up; vswitch sends on queue 0 (one flusher at a time)
 * @param rxDescriptors RX ring size per queue (clamped to the device's limits)
 * @param txDescriptors TX ring size per queue (clamped to the device's limits)
 * @param mempoolSize   mbufs in the port's pool (best 2^n - 1); must cover every RX descriptor plus
 *                      the frames in flight on TX
 * @param mempoolCache  per-lcore mbuf cache of the pool
 * @param rxBurst       most frames one poll takes from a queue and forwards as one batch (capped by
 *                      the switch's batch size)
 * @param txBurst       most frames one TX call copies and sends
 * @param txRetries     times a short TX burst is retried before the rest is dropped (TX_ERROR)
 * @param outputSlots   slots of the ring the switch writes this port's frames into (power of two)
 * @param bufferSize    bytes per output slot: the largest frame the port sends (multiple of 64)
 * @param promiscuous   put the device in promiscuous mode (a switch port wants every frame)
 * @param rx            poll the device for frames; false makes a send-only port (e.g. a sink)
 */
public record DpdkPortConfig(int rxQueues, int txQueues, int rxDescriptors, int txDescriptors, int mempoolSize,
    int mempoolCache, int rxBurst, int txBurst, int txRetries, int outputSlots, int bufferSize,
    boolean promiscuous, boolean rx)
{
    public static final int RX_QUEUES_DEFAULT = 1;
    public static final int TX_QUEUES_DEFAULT = 1;
    public static final int RX_DESCRIPTORS_DEFAULT = 1024;
    public static final int TX_DESCRIPTORS_DEFAULT = 1024;
    public static final int MEMPOOL_SIZE_DEFAULT = 8191;
    public static final int MEMPOOL_CACHE_DEFAULT = 256;
    public static final int RX_BURST_DEFAULT = 256;
    public static final int TX_BURST_DEFAULT = 256;
    public static final int TX_RETRIES_DEFAULT = 8;
    public static final int OUTPUT_SLOTS_DEFAULT = 2048;
    public static final int BUFFER_SIZE_DEFAULT = 2048;
    /** DPDK's RTE_MEMPOOL_CACHE_MAX_SIZE. */
    public static final int MEMPOOL_CACHE_MAX = 512;

    public DpdkPortConfig
    {
        check("rxQueues", rxQueues, 1, 1024);
        check("txQueues", txQueues, 1, 1024);
        check("rxDescriptors", rxDescriptors, 1, 65535);
        check("txDescriptors", txDescriptors, 1, 65535);
        check("mempoolSize", mempoolSize, 64, 1 << 26);
        check("mempoolCache", mempoolCache, 0, MEMPOOL_CACHE_MAX);
        check("rxBurst", rxBurst, 1, 65535);
        check("txBurst", txBurst, 1, 65535);
        check("txRetries", txRetries, 0, 1_000_000);
        RingDescriptor.checkCapacity(outputSlots);
        RingDescriptor.checkBufferSize(bufferSize);
        if (mempoolCache > mempoolSize / 1.5)
        {
            throw new IllegalArgumentException("mempoolCache " + mempoolCache + " too large for mempoolSize "
                + mempoolSize + " (DPDK wants cache <= size / 1.5)");
        }
    }

    private static void check(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }

    public static DpdkPortConfig defaults()
    {
        return new DpdkPortConfig(RX_QUEUES_DEFAULT, TX_QUEUES_DEFAULT, RX_DESCRIPTORS_DEFAULT, TX_DESCRIPTORS_DEFAULT,
            MEMPOOL_SIZE_DEFAULT, MEMPOOL_CACHE_DEFAULT, RX_BURST_DEFAULT, TX_BURST_DEFAULT, TX_RETRIES_DEFAULT,
            OUTPUT_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, true, true);
    }

    public DpdkPortConfig withQueues(final int rxQueues, final int txQueues)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withDescriptors(final int rxDescriptors, final int txDescriptors)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withMempool(final int mempoolSize, final int mempoolCache)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withBursts(final int rxBurst, final int txBurst)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withTxRetries(final int txRetries)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withOutput(final int outputSlots, final int bufferSize)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withPromiscuous(final boolean promiscuous)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }

    public DpdkPortConfig withRx(final boolean rx)
    {
        return new DpdkPortConfig(rxQueues, txQueues, rxDescriptors, txDescriptors, mempoolSize, mempoolCache, rxBurst,
            txBurst, txRetries, outputSlots, bufferSize, promiscuous, rx);
    }
}
