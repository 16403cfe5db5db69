package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct rte_eth_xstat} ({@code uint64_t id, value}; 16 bytes) and
 * {@code struct rte_eth_xstat_name} ({@code char name[RTE_ETH_XSTATS_NAME_SIZE]}; 64 bytes).
 */
public final class RteEthXstat
{
    public static final int RTE_ETH_XSTATS_NAME_SIZE = 64;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("id"),
        JAVA_LONG.withName("value")).withName("rte_eth_xstat");

    public static final StructLayout NAME_LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(RTE_ETH_XSTATS_NAME_SIZE, JAVA_BYTE).withName("name"))
        .withName("rte_eth_xstat_name");

    private RteEthXstat()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static long id(final MemorySegment xstats, final int index)
    {
        return xstats.get(JAVA_LONG, index * LAYOUT.byteSize());
    }

    public static long value(final MemorySegment xstats, final int index)
    {
        return xstats.get(JAVA_LONG, index * LAYOUT.byteSize() + 8);
    }

    /** The name at {@code index} of an array of {@code struct rte_eth_xstat_name}. */
    public static String name(final MemorySegment names, final int index)
    {
        return names.asSlice(index * NAME_LAYOUT.byteSize(), NAME_LAYOUT.byteSize()).getString(0);
    }
}
