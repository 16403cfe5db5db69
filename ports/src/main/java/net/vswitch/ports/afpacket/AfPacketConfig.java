package net.vswitch.ports.afpacket;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of an AF_PACKET port, fixed when it opens. Kernel ring memory per port is
 * {@code blockSize * blockCount + txFrameSize * txFrames} (defaults: 8 MiB RX + 2 MiB TX), plus the
 * output ring the fabric fills ({@code outputSlots * bufferSize}, default 2 MiB).
 *
 * @param blockSize          bytes per TPACKET_V3 RX block (a multiple of the 4 KiB page, power of two)
 * @param blockCount         RX blocks
 * @param blockTimeoutMillis the kernel hands over a partly filled RX block after this long (rounded
 *                           up to a scheduler tick); bounds the latency a lightly loaded port adds
 * @param txFrameSize        bytes per TX ring frame (header + frame; power of two)
 * @param txFrames           TX ring frames
 * @param outputSlots        slots of the ring the fabric fills for this port (power of two)
 * @param bufferSize         bytes per output slot: the largest frame the port transmits
 * @param batchSize          most frames handed to the fabric at once
 * @param pollTimeoutMillis  longest idle wait (bounds how fast a stop is noticed without a wakeup)
 * @param version            ring format: TPACKET_V3 (RX in blocks: fewest wakeups, but a lightly loaded
 *                           port holds frames up to {@code blockTimeoutMillis}) or TPACKET_V2 (RX frame by
 *                           frame: lowest latency); the RX ring is {@code blockSize * blockCount} bytes either way
 */
public record AfPacketConfig(int blockSize, int blockCount, int blockTimeoutMillis, int txFrameSize, int txFrames,
    int outputSlots, int bufferSize, int batchSize, int pollTimeoutMillis, TpacketVersion version)
{
    /** System property choosing the default ring format: {@code v3} (default) or {@code v2}. */
    public static final String VERSION_PROP_NAME = "vswitch.afpacket.tpacket";
    public static final TpacketVersion VERSION_DEFAULT = TpacketVersion.V3;
    public static final int BLOCK_SIZE_DEFAULT = 1 << 15;
    public static final int BLOCK_COUNT_DEFAULT = 256;
    public static final int BLOCK_TIMEOUT_MILLIS_DEFAULT = 1;
    public static final int TX_FRAME_SIZE_DEFAULT = 2048;
    public static final int TX_FRAMES_DEFAULT = 1024;
    public static final int OUTPUT_SLOTS_DEFAULT = 1024;
    public static final int BUFFER_SIZE_DEFAULT = 2048;
    public static final int BATCH_SIZE_DEFAULT = 256;
    public static final int POLL_TIMEOUT_MILLIS_DEFAULT = 100;
    private static final int PAGE = 4096;

    public AfPacketConfig
    {
        if (blockSize < PAGE || Integer.bitCount(blockSize) != 1)
        {
            throw new IllegalArgumentException("blockSize must be a power of two >= 4096: " + blockSize);
        }
        if (blockCount < 2 || (long)blockSize * blockCount > (1L << 30))
        {
            throw new IllegalArgumentException("blockCount must be >= 2 and the RX ring at most 1 GiB: " + blockCount);
        }
        if (blockTimeoutMillis < 1)
        {
            throw new IllegalArgumentException("blockTimeoutMillis must be >= 1: " + blockTimeoutMillis);
        }
        if (txFrameSize < 128 || Integer.bitCount(txFrameSize) != 1)
        {
            throw new IllegalArgumentException("txFrameSize must be a power of two >= 128: " + txFrameSize);
        }
        if (Integer.bitCount(txFrames) != 1 || (long)txFrameSize * txFrames < PAGE
            || (long)txFrameSize * txFrames > (1L << 30))
        {
            throw new IllegalArgumentException("txFrames must be a power of two, the TX ring 4 KiB..1 GiB: "
                + txFrames);
        }
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
        if (version == null)
        {
            throw new IllegalArgumentException("version must not be null");
        }
    }

    /** The defaults; the ring format comes from {@value #VERSION_PROP_NAME} (v3 unless set). */
    public static AfPacketConfig defaults()
    {
        return new AfPacketConfig(BLOCK_SIZE_DEFAULT, BLOCK_COUNT_DEFAULT, BLOCK_TIMEOUT_MILLIS_DEFAULT,
            TX_FRAME_SIZE_DEFAULT, TX_FRAMES_DEFAULT, OUTPUT_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, BATCH_SIZE_DEFAULT,
            POLL_TIMEOUT_MILLIS_DEFAULT,
            TpacketVersion.parse(System.getProperty(VERSION_PROP_NAME, VERSION_DEFAULT.name())));
    }

    /** A copy with another RX ring shape. */
    public AfPacketConfig withBlocks(final int blockSize, final int blockCount)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version);
    }

    /** A copy with another largest batch. */
    public AfPacketConfig withBatchSize(final int batchSize)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version);
    }

    /** A copy with another TX ring shape. */
    public AfPacketConfig withTxFrames(final int txFrameSize, final int txFrames)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version);
    }

    /** A copy with another ring format. */
    public AfPacketConfig withVersion(final TpacketVersion version)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version);
    }
}
