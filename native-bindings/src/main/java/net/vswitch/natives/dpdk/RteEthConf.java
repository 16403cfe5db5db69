package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct rte_eth_conf} (2272 bytes). vswitch configures ports with a zeroed conf (no RSS,
 * no offloads, MTU from the device default) and sets only {@code rxmode.mq_mode} when RSS is asked
 * for; the rest is opaque.
 *
 * <pre>
 *   0 link_speeds (u32)   8 rxmode { 8 mq_mode (u32)  12 mtu (u32) ... 24 offloads }
 *  64 txmode { ... }   120 lpbk_mode (u32)   ...
 * </pre>
 */
public final class RteEthConf
{
    /** {@code RTE_ETH_MQ_RX_RSS}: spread received frames over the RX queues by hash. */
    public static final int RTE_ETH_MQ_RX_RSS = 1;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("link_speeds"),
        MemoryLayout.paddingLayout(4),
        JAVA_INT.withName("rxmode_mq_mode"),
        JAVA_INT.withName("rxmode_mtu"),
        MemoryLayout.paddingLayout(104),
        JAVA_INT.withName("lpbk_mode"),
        MemoryLayout.paddingLayout(2148)).withByteAlignment(8).withName("rte_eth_conf");

    private RteEthConf()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static void rxmode_mq_mode(final MemorySegment conf, final int mode)
    {
        conf.set(JAVA_INT, 8, mode);
    }
}
