package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct rte_eth_dev_info} of DPDK 22.11 (376 bytes), with the fields a port reads; the rest is
 * padding. The offsets were taken with {@code offsetof} against the 22.11 headers; a test compares
 * the size with the one the shim was compiled with ({@link VsDpdkShim#vs_abi_sizes}).
 *
 * <pre>
 *   0 device*   8 driver_name*  16 if_index  20 min_mtu  22 max_mtu  24 dev_flags*
 *  32 min_rx_bufsize  36 max_rx_pktlen  40 max_lro_pkt_size  44 max_rx_queues  46 max_tx_queues
 *  48 max_mac_addrs   72 rx_offload_capa  80 tx_offload_capa
 * 262 rx_desc_lim {nb_max, nb_min, nb_align, nb_seg_max, nb_mtu_seg_max}  272 tx_desc_lim
 * 284 speed_capa  288 nb_rx_queues  290 nb_tx_queues
 * </pre>
 */
public final class RteEthDevInfo
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("device"),
        ADDRESS.withName("driver_name"),
        JAVA_INT.withName("if_index"),
        JAVA_SHORT.withName("min_mtu"),
        JAVA_SHORT.withName("max_mtu"),
        ADDRESS.withName("dev_flags"),
        JAVA_INT.withName("min_rx_bufsize"),
        JAVA_INT.withName("max_rx_pktlen"),
        JAVA_INT.withName("max_lro_pkt_size"),
        JAVA_SHORT.withName("max_rx_queues"),
        JAVA_SHORT.withName("max_tx_queues"),
        JAVA_INT.withName("max_mac_addrs"),
        MemoryLayout.paddingLayout(20),
        JAVA_LONG.withName("rx_offload_capa"),
        JAVA_LONG.withName("tx_offload_capa"),
        MemoryLayout.paddingLayout(174),
        MemoryLayout.sequenceLayout(5, JAVA_SHORT).withName("rx_desc_lim"),
        MemoryLayout.sequenceLayout(5, JAVA_SHORT).withName("tx_desc_lim"),
        MemoryLayout.paddingLayout(2),
        JAVA_INT.withName("speed_capa"),
        JAVA_SHORT.withName("nb_rx_queues"),
        JAVA_SHORT.withName("nb_tx_queues"),
        MemoryLayout.paddingLayout(84)).withName("rte_eth_dev_info");

    private static final long DEVICE = offset("device");
    private static final long DRIVER_NAME = offset("driver_name");
    private static final long IF_INDEX = offset("if_index");
    private static final long MAX_MTU = offset("max_mtu");
    private static final long MAX_RX_PKTLEN = offset("max_rx_pktlen");
    private static final long MAX_RX_QUEUES = offset("max_rx_queues");
    private static final long MAX_TX_QUEUES = offset("max_tx_queues");
    private static final long RX_DESC_LIM = offset("rx_desc_lim");
    private static final long TX_DESC_LIM = offset("tx_desc_lim");

    private RteEthDevInfo()
    {
    }

    private static long offset(final String name)
    {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** {@code struct rte_device *device}: what {@link RteDev#rte_dev_remove} takes. */
    public static MemorySegment device(final MemorySegment info)
    {
        return info.get(ADDRESS, DEVICE);
    }

    /** {@code const char *driver_name}, e.g. {@code net_pcap}. */
    public static String driver_name(final MemorySegment info)
    {
        final MemorySegment name = info.get(ADDRESS, DRIVER_NAME);
        return name.equals(MemorySegment.NULL) ? "" : name.reinterpret(256).getString(0);
    }

    public static int if_index(final MemorySegment info)
    {
        return info.get(JAVA_INT, IF_INDEX);
    }

    public static int max_mtu(final MemorySegment info)
    {
        return Short.toUnsignedInt(info.get(JAVA_SHORT, MAX_MTU));
    }

    public static int max_rx_pktlen(final MemorySegment info)
    {
        return info.get(JAVA_INT, MAX_RX_PKTLEN);
    }

    public static int max_rx_queues(final MemorySegment info)
    {
        return Short.toUnsignedInt(info.get(JAVA_SHORT, MAX_RX_QUEUES));
    }

    public static int max_tx_queues(final MemorySegment info)
    {
        return Short.toUnsignedInt(info.get(JAVA_SHORT, MAX_TX_QUEUES));
    }

    /** {@code rx_desc_lim.nb_max}: most RX descriptors per queue. */
    public static int rx_desc_max(final MemorySegment info)
    {
        return Short.toUnsignedInt(info.get(JAVA_SHORT, RX_DESC_LIM));
    }

    /** {@code tx_desc_lim.nb_max}: most TX descriptors per queue. */
    public static int tx_desc_max(final MemorySegment info)
    {
        return Short.toUnsignedInt(info.get(JAVA_SHORT, TX_DESC_LIM));
    }
}
