package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.vswitch.natives.dpdk.RteDev;
import net.vswitch.natives.dpdk.RteErrno;
import net.vswitch.natives.dpdk.RteEthConf;
import net.vswitch.natives.dpdk.RteEthDevInfo;
import net.vswitch.natives.dpdk.RteEthLink;
import net.vswitch.natives.dpdk.RteEthStats;
import net.vswitch.natives.dpdk.RteEthXstat;
import net.vswitch.natives.dpdk.RteEthdev;
import net.vswitch.natives.dpdk.RteMbuf;
import net.vswitch.natives.dpdk.RteMempool;
import net.vswitch.ports.PortSpec;

/**
 * One DPDK ethdev opened for a switch port: found (or hot-plugged) by name or port id, configured
 * with its queues and mempool, started; and later stopped, closed, removed. Control path only: the
 * data path uses {@link #portId()} and {@link #mempool()} with the shim's burst calls.
 */
final class EthDevice implements AutoCloseable
{
    private static final AtomicInteger POOL_SEQUENCE = new AtomicInteger();

    private final Eal eal;
    private final String device;
    private final int portId;
    private final String portName;
    private final String driver;
    private final MemorySegment rteDevice;
    private final MemorySegment mempool;
    private final int rxDescriptors;
    private final int txDescriptors;
    private boolean closed;

    private EthDevice(final Eal eal, final String device, final int portId, final String portName,
        final String driver, final MemorySegment rteDevice, final MemorySegment mempool, final int rxDescriptors,
        final int txDescriptors)
    {
        this.eal = eal;
        this.device = device;
        this.portId = portId;
        this.portName = portName;
        this.driver = driver;
        this.rteDevice = rteDevice;
        this.mempool = mempool;
        this.rxDescriptors = rxDescriptors;
        this.txDescriptors = txDescriptors;
    }

    /**
     * Finds the device a spec names (hot-plugging it when EAL does not have it yet), claims it for
     * {@code portName}, and configures and starts it.
     */
    static EthDevice open(final Eal eal, final PortSpec.Dpdk spec, final String portName, final DpdkPortConfig config)
    {
        final int portId = resolve(eal, spec);
        eal.claim(portId, spec.device(), portName);
        try
        {
            return setUp(eal, spec.device(), portId, portName, config, spec.isVdev());
        }
        catch (final RuntimeException ex)
        {
            eal.release(portId);
            throw ex;
        }
    }

    private static int resolve(final Eal eal, final PortSpec.Dpdk spec)
    {
        final String device = spec.device();
        if (!device.isEmpty() && device.chars().allMatch(Character::isDigit))
        {
            final int portId = device.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(device);
            if (portId >= RteEthdev.RTE_MAX_ETHPORTS || RteEthdev.rte_eth_dev_is_valid_port((short)portId) != 1)
            {
                throw new DpdkException("DPDK port id " + device + " out of range: this process has "
                    + eal.portCount() + " ethdev port(s)" + portIds() + "; name a device instead (e.g. dpdk:net_null0)",
                    19);
            }
            return portId;
        }
        final int existing = portByName(device);
        if (existing >= 0)
        {
            return existing;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final int rc = RteDev.rte_dev_probe(arena.allocateFrom(spec.devargs()));
            if (rc < 0)
            {
                throw new DpdkException("DPDK could not create device '" + spec.devargs() + "': "
                    + RteErrno.message(rc) + " (rte_dev_probe " + rc + "); "
                    + (spec.isVdev() ? "check the driver name (net_pcap, net_null, net_ring, net_memif,"
                    + " net_af_packet, net_tap, ...) and its arguments; EAL's log above says why"
                    : "is it a PCI address (0000:01:00.0) of a NIC bound to vfio-pci (dpdk-devbind.py)?"), -rc);
            }
        }
        final int probed = portByName(device);
        if (probed < 0)
        {
            throw new DpdkException("DPDK probed '" + spec.devargs() + "' but it has no ethdev named '" + device
                + "'" + portIds());
        }
        return probed;
    }

    private static int portByName(final String device)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment id = arena.allocate(ValueLayout.JAVA_SHORT);
            final int rc = RteEthdev.rte_eth_dev_get_port_by_name(arena.allocateFrom(device), id);
            return rc == 0 ? Short.toUnsignedInt(id.get(ValueLayout.JAVA_SHORT, 0)) : -1;
        }
    }

    /** " (ids 0 net_null0, 1 net_pcap0)" for error messages. */
    private static String portIds()
    {
        final StringBuilder text = new StringBuilder();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment name = arena.allocate(RteEthdev.RTE_ETH_NAME_MAX_LEN);
            for (int id = 0; id < RteEthdev.RTE_MAX_ETHPORTS; id++)
            {
                if (RteEthdev.rte_eth_dev_is_valid_port((short)id) == 1
                    && RteEthdev.rte_eth_dev_get_name_by_port((short)id, name) == 0)
                {
                    text.append(text.isEmpty() ? " (ids " : ", ").append(id).append(' ').append(name.getString(0));
                }
            }
        }
        return text.isEmpty() ? "" : text.append(')').toString();
    }

    private static EthDevice setUp(final Eal eal, final String device, final int portId, final String portName,
        final DpdkPortConfig config, final boolean virtual)
    {
        final short port = (short)portId;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment info = arena.allocate(RteEthDevInfo.LAYOUT);
            check(RteEthdev.rte_eth_dev_info_get(port, info), "rte_eth_dev_info_get", device);
            final String driver = RteEthDevInfo.driver_name(info);
            // a virtual device is removed on close so its name can be created again; a NIC stays probed
            final MemorySegment rteDevice = virtual ? RteEthDevInfo.device(info) : MemorySegment.NULL;
            if (config.rxQueues() > RteEthDevInfo.max_rx_queues(info)
                || config.txQueues() > RteEthDevInfo.max_tx_queues(info))
            {
                throw new DpdkException("DPDK device " + device + " (" + driver + ") supports at most "
                    + RteEthDevInfo.max_rx_queues(info) + " RX and " + RteEthDevInfo.max_tx_queues(info)
                    + " TX queues; asked for " + config.rxQueues() + " and " + config.txQueues(), 22);
            }
            final MemorySegment conf = arena.allocate(RteEthConf.LAYOUT);
            if (config.rxQueues() > 1)
            {
                RteEthConf.rxmode_mq_mode(conf, RteEthConf.RTE_ETH_MQ_RX_RSS);
            }
            check(RteEthdev.rte_eth_dev_configure(port, (short)config.rxQueues(), (short)config.txQueues(), conf),
                "rte_eth_dev_configure", device);
            final MemorySegment rxd = arena.allocate(ValueLayout.JAVA_SHORT);
            final MemorySegment txd = arena.allocate(ValueLayout.JAVA_SHORT);
            rxd.set(ValueLayout.JAVA_SHORT, 0, (short)config.rxDescriptors());
            txd.set(ValueLayout.JAVA_SHORT, 0, (short)config.txDescriptors());
            check(RteEthdev.rte_eth_dev_adjust_nb_rx_tx_desc(port, rxd, txd), "rte_eth_dev_adjust_nb_rx_tx_desc",
                device);
            final int rxDescriptors = Short.toUnsignedInt(rxd.get(ValueLayout.JAVA_SHORT, 0));
            final int txDescriptors = Short.toUnsignedInt(txd.get(ValueLayout.JAVA_SHORT, 0));
            final int socket = Math.max(RteEthdev.rte_eth_dev_socket_id(port), RteEthdev.SOCKET_ID_ANY);
            final String poolName = "vs_mp_" + portId + "_" + POOL_SEQUENCE.incrementAndGet();
            final MemorySegment pool = RteMbuf.rte_pktmbuf_pool_create(arena.allocateFrom(poolName),
                config.mempoolSize(), config.mempoolCache(), (short)0, (short)RteMbuf.RTE_MBUF_DEFAULT_BUF_SIZE,
                socket);
            if (pool.equals(MemorySegment.NULL))
            {
                final int errno = RteErrno.rte_errno();
                throw new DpdkException("DPDK could not create a pool of " + config.mempoolSize() + " mbufs for "
                    + device + ": " + RteErrno.message(errno) + " (rte_pktmbuf_pool_create); give EAL more memory"
                    + " (-m MB) or lower the mempool size", errno);
            }
            try
            {
                for (int q = 0; q < config.rxQueues(); q++)
                {
                    check(RteEthdev.rte_eth_rx_queue_setup(port, (short)q, (short)rxDescriptors, socket,
                        MemorySegment.NULL, pool), "rte_eth_rx_queue_setup(queue " + q + ")", device);
                }
                for (int q = 0; q < config.txQueues(); q++)
                {
                    check(RteEthdev.rte_eth_tx_queue_setup(port, (short)q, (short)txDescriptors, socket,
                        MemorySegment.NULL), "rte_eth_tx_queue_setup(queue " + q + ")", device);
                }
                check(RteEthdev.rte_eth_dev_start(port), "rte_eth_dev_start", device);
                if (config.promiscuous())
                {
                    final int rc = RteEthdev.rte_eth_promiscuous_enable(port);
                    if (rc < 0 && rc != -95)
                    {
                        check(rc, "rte_eth_promiscuous_enable", device);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                RteEthdev.rte_eth_dev_stop(port);
                RteMempool.rte_mempool_free(pool);
                throw ex;
            }
            return new EthDevice(eal, device, portId, portName, driver, rteDevice, pool, rxDescriptors, txDescriptors);
        }
    }

    private static void check(final int rc, final String call, final String device)
    {
        if (rc < 0)
        {
            throw new DpdkException(call + " failed for DPDK device " + device + ": " + RteErrno.message(rc)
                + " (" + rc + ")", -rc);
        }
    }

    String device()
    {
        return device;
    }

    int portId()
    {
        return portId;
    }

    String driver()
    {
        return driver;
    }

    MemorySegment mempool()
    {
        return mempool;
    }

    int rxDescriptors()
    {
        return rxDescriptors;
    }

    int txDescriptors()
    {
        return txDescriptors;
    }

    EthStats stats()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment stats = arena.allocate(RteEthStats.LAYOUT);
            check(RteEthdev.rte_eth_stats_get((short)portId, stats), "rte_eth_stats_get", device);
            return new EthStats(RteEthStats.ipackets(stats), RteEthStats.opackets(stats), RteEthStats.ibytes(stats),
                RteEthStats.obytes(stats), RteEthStats.imissed(stats), RteEthStats.ierrors(stats),
                RteEthStats.oerrors(stats), RteEthStats.rx_nombuf(stats));
        }
    }

    Map<String, Long> xstats()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final short port = (short)portId;
            final int count = RteEthdev.rte_eth_xstats_get_names(port, MemorySegment.NULL, 0);
            check(count, "rte_eth_xstats_get_names", device);
            final MemorySegment names = arena.allocate(RteEthXstat.NAME_LAYOUT, Math.max(count, 1));
            final MemorySegment values = arena.allocate(RteEthXstat.LAYOUT, Math.max(count, 1));
            final int named = RteEthdev.rte_eth_xstats_get_names(port, names, count);
            check(named, "rte_eth_xstats_get_names", device);
            final int got = RteEthdev.rte_eth_xstats_get(port, values, count);
            check(got, "rte_eth_xstats_get", device);
            final Map<String, Long> xstats = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(got, named); i++)
            {
                final long id = RteEthXstat.id(values, i);
                if (id >= 0 && id < named)
                {
                    xstats.put(RteEthXstat.name(names, (int)id), RteEthXstat.value(values, i));
                }
            }
            return xstats;
        }
    }

    LinkStatus link()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment link = arena.allocate(RteEthLink.LAYOUT);
            check(RteEthdev.rte_eth_link_get_nowait((short)portId, link), "rte_eth_link_get_nowait", device);
            return new LinkStatus(RteEthLink.link_status(link), RteEthLink.link_speed(link),
                RteEthLink.link_duplex(link), RteEthLink.link_autoneg(link));
        }
    }

    boolean promiscuous()
    {
        return RteEthdev.rte_eth_promiscuous_get((short)portId) == 1;
    }

    /** Stops, closes and removes the device (so its name can be probed again), then frees the pool. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final short port = (short)portId;
        try
        {
            RteEthdev.rte_eth_dev_stop(port);
            RteEthdev.rte_eth_dev_close(port);
            if (!rteDevice.equals(MemorySegment.NULL))
            {
                RteDev.rte_dev_remove(rteDevice);
            }
            RteMempool.rte_mempool_free(mempool);
        }
        finally
        {
            eal.release(portId);
        }
    }

    @Override
    public String toString()
    {
        return device + " (ethdev " + portId + ", " + driver + ", port " + portName + ")";
    }
}
