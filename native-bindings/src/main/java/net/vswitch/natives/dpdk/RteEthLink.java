package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct rte_eth_link} (8 bytes, 8-aligned): {@code uint32_t link_speed} (Mbit/s), then a
 * {@code uint16_t} of bit fields: bit 0 {@code link_duplex}, bit 1 {@code link_autoneg}, bit 2
 * {@code link_status}.
 */
public final class RteEthLink
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("link_speed"),
        JAVA_SHORT.withName("link_bits"),
        MemoryLayout.paddingLayout(2)).withByteAlignment(8).withName("rte_eth_link");

    private RteEthLink()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** Link speed in Mbit/s ({@code RTE_ETH_SPEED_NUM_*}); 0 when unknown. */
    public static int link_speed(final MemorySegment link)
    {
        return link.get(JAVA_INT, 0);
    }

    /** Whether the link is full duplex. */
    public static boolean link_duplex(final MemorySegment link)
    {
        return (link.get(JAVA_SHORT, 4) & 1) != 0;
    }

    public static boolean link_autoneg(final MemorySegment link)
    {
        return (link.get(JAVA_SHORT, 4) & 2) != 0;
    }

    /** Whether the link is up. */
    public static boolean link_status(final MemorySegment link)
    {
        return (link.get(JAVA_SHORT, 4) & 4) != 0;
    }
}
