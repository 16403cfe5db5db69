package net.vswitch.ports.afpacket;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of an AF_PACKET port, fixed when it opens. Kernel ring memory per port is
 * {@code blockSize * blockCount + txFrameSize * txFrames} (defaults: 16 MiB RX + 16 MiB TX), plus the
 * output ring the fabric fills ({@code outputSlots * bufferSize}, default 32 MiB of address space,
 * touched only as large frames use it).
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
 * @param offloads           PACKET_VNET_HDR: frames come and go with their virtio-net header, so partial
 *                           checksums and GSO super-frames (up to 64 KiB) pass as the kernel made them
 * @param rxRing             receive through a PACKET_MMAP RX ring of {@code version}; false (the default):
 *                           {@code recvmmsg(2)} batches, woken per frame, bursts queued by the socket
 *                           (no block timer, no fixed frame slots: lowest latency with 64 KiB frames)
 */
public record AfPacketConfig(int blockSize, int blockCount, int blockTimeoutMillis, int txFrameSize, int txFrames,
    int outputSlots, int bufferSize, int batchSize, int pollTimeoutMillis, TpacketVersion version, boolean offloads,
    boolean rxRing)
{
    /** System property choosing how frames are received: {@code mmsg} (default) or {@code ring}. */
    public static final String RX_PROP_NAME = "vswitch.afpacket.rx";
    /** System property choosing the ring format (TX ring, RX ring if used): {@code v3} (default) or {@code v2}. */
    public static final String VERSION_PROP_NAME = "vswitch.afpacket.tpacket";
    public static final TpacketVersion VERSION_DEFAULT = TpacketVersion.V3;
    /** System property: {@code false} turns virtio-net headers off (every frame then must fit the MTU). */
    public static final String OFFLOADS_PROP_NAME = "vswitch.afpacket.offloads";
    public static final boolean OFFLOADS_DEFAULT = true;
    public static final int BLOCK_SIZE_DEFAULT = 1 << 17;
    public static final int BLOCK_COUNT_DEFAULT = 128;
    public static final int BLOCK_TIMEOUT_MILLIS_DEFAULT = 1;
    public static final int TX_FRAME_SIZE_DEFAULT = 1 << 17;
    public static final int TX_FRAMES_DEFAULT = 128;
    public static final int OUTPUT_SLOTS_DEFAULT = 512;
    public static final int BUFFER_SIZE_DEFAULT = RingDescriptor.MAX_BUFFER_SIZE;
    /** Without offloads: the sizes of a 1500-byte MTU (raised to the interface's MTU when it opens). */
    public static final int SMALL_TX_FRAME_SIZE = 2048;
    public static final int SMALL_TX_FRAMES = 1024;
    public static final int SMALL_BUFFER_SIZE = 2048;
    public static final int SMALL_OUTPUT_SLOTS = 1024;
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

    /**
     * The defaults; the ring format comes from {@value #VERSION_PROP_NAME} (v3 unless set), offloads
     * from {@value #OFFLOADS_PROP_NAME} (on unless {@code false}).
     */
    public static AfPacketConfig defaults()
    {
        final AfPacketConfig large = new AfPacketConfig(BLOCK_SIZE_DEFAULT, BLOCK_COUNT_DEFAULT,
            BLOCK_TIMEOUT_MILLIS_DEFAULT, TX_FRAME_SIZE_DEFAULT, TX_FRAMES_DEFAULT, OUTPUT_SLOTS_DEFAULT,
            BUFFER_SIZE_DEFAULT, BATCH_SIZE_DEFAULT, POLL_TIMEOUT_MILLIS_DEFAULT,
            TpacketVersion.parse(System.getProperty(VERSION_PROP_NAME, VERSION_DEFAULT.name())), true,
            parseRx(System.getProperty(RX_PROP_NAME, "mmsg")));
        return Boolean.parseBoolean(System.getProperty(OFFLOADS_PROP_NAME, Boolean.toString(OFFLOADS_DEFAULT)))
            ? large : large.withOffloads(false);
    }

    /** A copy with another RX ring shape. */
    public AfPacketConfig withBlocks(final int blockSize, final int blockCount)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    /** A copy with another largest batch. */
    public AfPacketConfig withBatchSize(final int batchSize)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    /** A copy with another TX ring shape. */
    public AfPacketConfig withTxFrames(final int txFrameSize, final int txFrames)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    /** A copy with another ring format. */
    public AfPacketConfig withVersion(final TpacketVersion version)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    /** A copy that receives through an RX ring of {@link #version()} (true) or with recvmmsg (false). */
    public AfPacketConfig withRxRing(final boolean rxRing)
    {
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, txFrameSize, txFrames, outputSlots,
            bufferSize, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    private static boolean parseRx(final String text)
    {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT))
        {
            case "ring" -> true;
            case "mmsg", "recvmmsg" -> false;
            default -> throw new IllegalArgumentException(RX_PROP_NAME + " must be mmsg or ring: '" + text + "'");
        };
    }

    /**
     * A copy with virtio-net headers on or off; off also shrinks the TX ring and output buffers to the
     * sizes of a 1500-byte MTU (they grow to the interface's MTU when the port opens).
     */
    public AfPacketConfig withOffloads(final boolean offloads)
    {
        if (offloads)
        {
            return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, TX_FRAME_SIZE_DEFAULT,
                TX_FRAMES_DEFAULT, OUTPUT_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, batchSize, pollTimeoutMillis, version,
                true, rxRing);
        }
        return new AfPacketConfig(blockSize, blockCount, blockTimeoutMillis, SMALL_TX_FRAME_SIZE, SMALL_TX_FRAMES,
            SMALL_OUTPUT_SLOTS, SMALL_BUFFER_SIZE, batchSize, pollTimeoutMillis, version, false, rxRing);
    }

    /**
     * The largest frame (Ethernet header and one VLAN tag included) the port must carry: a 64 KiB GSO
     * frame with offloads, else what the interface's MTU allows.
     */
    public int maxFrame(final int mtu)
    {
        return offloads ? RingDescriptor.MAX_BUFFER_SIZE : mtu + 18;
    }

    /**
     * This shape grown where {@code mtu} needs it (jumbo frames): TX frames and output buffers hold
     * {@link #maxFrame}, TPACKET_V2 RX frames ({@link #rxFrameSize}) too.
     */
    public AfPacketConfig fitTo(final int mtu, final int txHeaderRoom)
    {
        final int frame = maxFrame(mtu);
        final int tx = Math.max(txFrameSize, Integer.highestOneBit(frame + txHeaderRoom - 1) << 1);
        final int buffer = Math.max(bufferSize, Math.min(RingDescriptor.MAX_BUFFER_SIZE, (frame + 63) & -64));
        final long txBytes = (long)txFrameSize * txFrames;
        final int frames = (int)Math.max(16, Long.highestOneBit(Math.max(1, txBytes / tx)));
        final int block = Math.max(blockSize, rxFrameSize(mtu));
        final int blocks = (int)Math.max(8, (long)blockSize * blockCount / block);
        if (tx == txFrameSize && buffer == bufferSize && block == blockSize)
        {
            return this;
        }
        return new AfPacketConfig(block, blocks, blockTimeoutMillis, tx, tx == txFrameSize ? txFrames : frames,
            outputSlots, buffer, batchSize, pollTimeoutMillis, version, offloads, rxRing);
    }

    /** TPACKET_V2 RX frame size: a power of two that holds the headers and {@link #maxFrame}. */
    public int rxFrameSize(final int mtu)
    {
        return Math.max(2048, Integer.highestOneBit(maxFrame(mtu) + 160 - 1) << 1);
    }
}
