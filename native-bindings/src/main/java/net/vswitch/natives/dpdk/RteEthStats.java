package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct rte_eth_stats} (704 bytes): eight device totals, then per-queue arrays of
 * {@code RTE_ETHDEV_QUEUE_STAT_CNTRS} (16) counters.
 *
 * <pre>
 *  0 ipackets  8 opackets  16 ibytes  24 obytes  32 imissed  40 ierrors  48 oerrors  56 rx_nombuf
 * 64 q_ipackets[16]  192 q_opackets[16]  320 q_ibytes[16]  448 q_obytes[16]  576 q_errors[16]
 * </pre>
 */
public final class RteEthStats
{
    public static final int RTE_ETHDEV_QUEUE_STAT_CNTRS = 16;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("ipackets"),
        JAVA_LONG.withName("opackets"),
        JAVA_LONG.withName("ibytes"),
        JAVA_LONG.withName("obytes"),
        JAVA_LONG.withName("imissed"),
        JAVA_LONG.withName("ierrors"),
        JAVA_LONG.withName("oerrors"),
        JAVA_LONG.withName("rx_nombuf"),
        MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_ipackets"),
        MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_opackets"),
        MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_ibytes"),
        MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_obytes"),
        MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_errors"))
        .withName("rte_eth_stats");

    private RteEthStats()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static long ipackets(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 0);
    }

    public static long opackets(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 8);
    }

    public static long ibytes(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 16);
    }

    public static long obytes(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 24);
    }

    public static long imissed(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 32);
    }

    public static long ierrors(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 40);
    }

    public static long oerrors(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 48);
    }

    public static long rx_nombuf(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, 56);
    }
}
