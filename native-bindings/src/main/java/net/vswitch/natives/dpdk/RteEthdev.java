package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Bindings for {@code rte_ethdev.h} (DPDK 22.11): port lookup and information, configuration,
 * queues, start/stop/close, statistics, promiscuous mode and link status. {@code uint16_t} maps to
 * {@code short} as jextract maps it; struct arguments are laid out by {@link RteEthDevInfo},
 * {@link RteEthStats}, {@link RteEthLink}, {@link RteEthXstat} and {@link RteEthConf}. The burst
 * calls are static inline and live in the shim ({@link VsDpdkShim}).
 */
public final class RteEthdev
{
    /** {@code RTE_MAX_ETHPORTS} of the Debian/Ubuntu DPDK 22.11 build. */
    public static final int RTE_MAX_ETHPORTS = 32;
    /** {@code RTE_ETH_NAME_MAX_LEN}. */
    public static final int RTE_ETH_NAME_MAX_LEN = 64;
    /** {@code SOCKET_ID_ANY}. */
    public static final int SOCKET_ID_ANY = -1;

    private static final MethodHandle RTE_ETH_DEV_COUNT_AVAIL = DpdkLibrary.downcall("rte_eth_dev_count_avail",
        FunctionDescriptor.of(JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_IS_VALID_PORT = DpdkLibrary.downcall("rte_eth_dev_is_valid_port",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_GET_PORT_BY_NAME =
        DpdkLibrary.downcall("rte_eth_dev_get_port_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_GET_NAME_BY_PORT =
        DpdkLibrary.downcall("rte_eth_dev_get_name_by_port", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_INFO_GET = DpdkLibrary.downcall("rte_eth_dev_info_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_SOCKET_ID = DpdkLibrary.downcall("rte_eth_dev_socket_id",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_MACADDR_GET = DpdkLibrary.downcall("rte_eth_macaddr_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_CONFIGURE = DpdkLibrary.downcall("rte_eth_dev_configure",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_ADJUST_NB_RX_TX_DESC = DpdkLibrary.downcall(
        "rte_eth_dev_adjust_nb_rx_tx_desc", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_RX_QUEUE_SETUP = DpdkLibrary.downcall("rte_eth_rx_queue_setup",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_TX_QUEUE_SETUP = DpdkLibrary.downcall("rte_eth_tx_queue_setup",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_START = DpdkLibrary.downcall("rte_eth_dev_start",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_STOP = DpdkLibrary.downcall("rte_eth_dev_stop",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_CLOSE = DpdkLibrary.downcall("rte_eth_dev_close",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_STATS_GET = DpdkLibrary.downcall("rte_eth_stats_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_STATS_RESET = DpdkLibrary.downcall("rte_eth_stats_reset",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_XSTATS_GET_NAMES = DpdkLibrary.downcall("rte_eth_xstats_get_names",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    private static final MethodHandle RTE_ETH_XSTATS_GET = DpdkLibrary.downcall("rte_eth_xstats_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    private static final MethodHandle RTE_ETH_PROMISCUOUS_ENABLE = DpdkLibrary.downcall("rte_eth_promiscuous_enable",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_PROMISCUOUS_DISABLE = DpdkLibrary.downcall("rte_eth_promiscuous_disable",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_PROMISCUOUS_GET = DpdkLibrary.downcall("rte_eth_promiscuous_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_LINK_GET_NOWAIT = DpdkLibrary.downcall("rte_eth_link_get_nowait",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));

    private RteEthdev()
    {
    }

    /**
     * {@code uint16_t rte_eth_dev_count_avail(void)}: Ports DPDK has probed and not released.
     */
    public static short rte_eth_dev_count_avail()
    {
        try
        {
            return (short)RTE_ETH_DEV_COUNT_AVAIL.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_is_valid_port(uint16_t port_id)}: 1 when a port with this id exists, else 0.
     */
    public static int rte_eth_dev_is_valid_port(final short portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_IS_VALID_PORT.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_get_port_by_name(const char *name, uint16_t *port_id)}: 0 and the port id, or a
     * negative errno.
     */
    public static int rte_eth_dev_get_port_by_name(final MemorySegment name, final MemorySegment portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_GET_PORT_BY_NAME.invokeExact(name, portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_get_name_by_port(uint16_t port_id, char *name)}: Writes the device name
     * (RTE_ETH_NAME_MAX_LEN bytes) or returns a negative errno.
     */
    public static int rte_eth_dev_get_name_by_port(final short portId, final MemorySegment name)
    {
        try
        {
            return (int)RTE_ETH_DEV_GET_NAME_BY_PORT.invokeExact(portId, name);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_info_get(uint16_t port_id, struct rte_eth_dev_info *dev_info)}: 0 or a negative errno
     * (-ENODEV for a bad port id).
     */
    public static int rte_eth_dev_info_get(final short portId, final MemorySegment devInfo)
    {
        try
        {
            return (int)RTE_ETH_DEV_INFO_GET.invokeExact(portId, devInfo);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_socket_id(uint16_t port_id)}: NUMA socket of the device, or -1 (SOCKET_ID_ANY).
     */
    public static int rte_eth_dev_socket_id(final short portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_SOCKET_ID.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_macaddr_get(uint16_t port_id, struct rte_ether_addr *mac_addr)}: 0 or a negative errno.
     */
    public static int rte_eth_macaddr_get(final short portId, final MemorySegment macAddr)
    {
        try
        {
            return (int)RTE_ETH_MACADDR_GET.invokeExact(portId, macAddr);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_queue, uint16_t nb_tx_queue, const struct
     * rte_eth_conf *eth_conf)}: 0 or a negative errno.
     */
    public static int rte_eth_dev_configure(
        final short portId, final short nbRxQueue, final short nbTxQueue, final MemorySegment ethConf)
    {
        try
        {
            return (int)RTE_ETH_DEV_CONFIGURE.invokeExact(portId, nbRxQueue, nbTxQueue, ethConf);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_adjust_nb_rx_tx_desc(uint16_t port_id, uint16_t *nb_rx_desc, uint16_t *nb_tx_desc)}:
     * Clamps descriptor counts to the device's limits; 0 or a negative errno.
     */
    public static int rte_eth_dev_adjust_nb_rx_tx_desc(
        final short portId, final MemorySegment nbRxDesc, final MemorySegment nbTxDesc)
    {
        try
        {
            return (int)RTE_ETH_DEV_ADJUST_NB_RX_TX_DESC.invokeExact(portId, nbRxDesc, nbTxDesc);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc, unsigned int
     * socket_id, const struct rte_eth_rxconf *rx_conf, struct rte_mempool *mb_pool)}: 0 or a negative errno.
     */
    public static int rte_eth_rx_queue_setup(
        final short portId, final short rxQueueId, final short nbRxDesc, final int socketId,
        final MemorySegment rxConf, final MemorySegment mbPool)
    {
        try
        {
            return (int)RTE_ETH_RX_QUEUE_SETUP.invokeExact(portId, rxQueueId, nbRxDesc, socketId, rxConf, mbPool);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc, unsigned int
     * socket_id, const struct rte_eth_txconf *tx_conf)}: 0 or a negative errno.
     */
    public static int rte_eth_tx_queue_setup(
        final short portId, final short txQueueId, final short nbTxDesc, final int socketId,
        final MemorySegment txConf)
    {
        try
        {
            return (int)RTE_ETH_TX_QUEUE_SETUP.invokeExact(portId, txQueueId, nbTxDesc, socketId, txConf);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_start(uint16_t port_id)}: 0 or a negative errno.
     */
    public static int rte_eth_dev_start(final short portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_START.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_stop(uint16_t port_id)}: 0 or a negative errno.
     */
    public static int rte_eth_dev_stop(final short portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_STOP.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_dev_close(uint16_t port_id)}: 0 or a negative errno; the port id is released.
     */
    public static int rte_eth_dev_close(final short portId)
    {
        try
        {
            return (int)RTE_ETH_DEV_CLOSE.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_stats_get(uint16_t port_id, struct rte_eth_stats *stats)}: 0 or a negative errno.
     */
    public static int rte_eth_stats_get(final short portId, final MemorySegment stats)
    {
        try
        {
            return (int)RTE_ETH_STATS_GET.invokeExact(portId, stats);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_stats_reset(uint16_t port_id)}: 0 or a negative errno.
     */
    public static int rte_eth_stats_reset(final short portId)
    {
        try
        {
            return (int)RTE_ETH_STATS_RESET.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_xstats_get_names(uint16_t port_id, struct rte_eth_xstat_name *xstats_names, unsigned int
     * size)}: Number of extended statistics (call with NULL, 0 to size the array), or a negative errno.
     */
    public static int rte_eth_xstats_get_names(final short portId, final MemorySegment xstatsNames, final int size)
    {
        try
        {
            return (int)RTE_ETH_XSTATS_GET_NAMES.invokeExact(portId, xstatsNames, size);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_xstats_get(uint16_t port_id, struct rte_eth_xstat *xstats, unsigned int n)}: Number of
     * extended statistics, or a negative errno.
     */
    public static int rte_eth_xstats_get(final short portId, final MemorySegment xstats, final int n)
    {
        try
        {
            return (int)RTE_ETH_XSTATS_GET.invokeExact(portId, xstats, n);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_promiscuous_enable(uint16_t port_id)}: 0, -ENOTSUP when the device has no such mode, or a
     * negative errno.
     */
    public static int rte_eth_promiscuous_enable(final short portId)
    {
        try
        {
            return (int)RTE_ETH_PROMISCUOUS_ENABLE.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_promiscuous_disable(uint16_t port_id)}: 0 or a negative errno.
     */
    public static int rte_eth_promiscuous_disable(final short portId)
    {
        try
        {
            return (int)RTE_ETH_PROMISCUOUS_DISABLE.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_promiscuous_get(uint16_t port_id)}: 1, 0, or -1 for a bad port id.
     */
    public static int rte_eth_promiscuous_get(final short portId)
    {
        try
        {
            return (int)RTE_ETH_PROMISCUOUS_GET.invokeExact(portId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code int rte_eth_link_get_nowait(uint16_t port_id, struct rte_eth_link *link)}: 0 or a negative errno.
     */
    public static int rte_eth_link_get_nowait(final short portId, final MemorySegment link)
    {
        try
        {
            return (int)RTE_ETH_LINK_GET_NOWAIT.invokeExact(portId, link);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

}
