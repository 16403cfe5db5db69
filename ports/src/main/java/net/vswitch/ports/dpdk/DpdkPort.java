package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.PortSpec;

/**
 * A switch port on one DPDK ethdev, of any PMD: {@code net_pcap}, {@code net_null}, {@code net_ring},
 * {@code net_memif}, {@code net_af_packet}, {@code net_tap}, or a NIC bound to vfio-pci.
 *
 * <p>Receive: while attached, a poll worker ({@link DpdkRxAgent}, thread {@code rx-NAME}) takes
 * bursts of up to {@link DpdkPortConfig#rxBurst()} frames (at most the switch's batch size) from each
 * RX queue and forwards them in place, zero copy, then frees the mbufs. When idle it backs off
 * (spin, yield, then park up to 1 ms), so an idle port costs little CPU.
 *
 * <p>Send: the switch copies frames for this port into its output ring; {@link #outputReady()}
 * flushes them to TX queue 0 with the shim's copy-burst, retrying short sends
 * ({@link DpdkPortConfig#txRetries()}) and counting what the device still refuses as
 * {@code TX_ERROR}.
 *
 * <p>Open with {@link #open(PortSpec.Dpdk, DpdkSettings)}, which also starts DPDK's EAL on first use
 * ({@link Eal}). Close after detaching: the device is stopped and closed, a virtual device removed.
 */
public final class DpdkPort extends Port
{
    private static final long IDLE_MAX_SPINS = 100;
    private static final long IDLE_MAX_YIELDS = 10;
    private static final long IDLE_MIN_PARK_NS = 1_000;
    private static final long IDLE_MAX_PARK_NS = 1_000_000;

    private final PortSpec.Dpdk spec;
    private final DpdkPortConfig config;
    private final EthDevice device;
    private final Arena arena = Arena.ofShared();
    private final OutputRing output;
    private final DpdkTxFlusher tx;
    private final AtomicLong workerErrors = new AtomicLong();
    private volatile Throwable lastWorkerError;
    private volatile boolean paused;
    private AgentRunner runner;
    private boolean closed;

    private DpdkPort(final PortSpec.Dpdk spec, final DpdkPortConfig config, final EthDevice device)
    {
        super(spec.name());
        this.spec = spec;
        this.config = config;
        this.device = device;
        final Ring ring = Ring.allocate(arena, config.outputSlots(), config.bufferSize());
        this.output = new OutputRing(ring, counters());
        this.tx = new DpdkTxFlusher(ring, counters(), device.portId(), device.mempool(), config.txBurst(),
            config.txRetries());
    }

    /**
     * Opens the DPDK device {@code spec} names, starting EAL with {@code settings} if it does not run
     * yet. A device EAL does not have (a virtual device not in the EAL arguments, a NIC not probed)
     * is hot-plugged with {@code rte_dev_probe}. {@code dpdk:N} with a number opens ethdev port N.
     *
     * @throws net.vswitch.natives.dpdk.DpdkUnavailableException when DPDK is not installed
     * @throws DpdkException naming the device and DPDK's error when it cannot be created or set up
     */
    public static DpdkPort open(final PortSpec.Dpdk spec, final DpdkSettings settings)
    {
        final Eal eal = Eal.start(settings, List.of(spec));
        final EthDevice device = EthDevice.open(eal, spec, spec.name(), settings.port());
        try
        {
            return new DpdkPort(spec, settings.port(), device);
        }
        catch (final RuntimeException ex)
        {
            device.close();
            throw ex;
        }
    }

    /** Opens a device by SPEC text ({@code dpdk:DEVARGS[,name=X]} or just {@code DEVARGS}). */
    public static DpdkPort open(final String devargs, final DpdkSettings settings)
    {
        final PortSpec parsed = PortSpec.parse(devargs.startsWith("dpdk:") ? devargs : "dpdk:" + devargs);
        return open((PortSpec.Dpdk)parsed, settings);
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return spec.text();
    }

    public DpdkPortConfig config()
    {
        return config;
    }

    /** DPDK's device name (e.g. {@code net_pcap0}, or the port id given as {@code dpdk:N}). */
    public String device()
    {
        return device.device();
    }

    /** The ethdev port id. */
    public int portId()
    {
        return device.portId();
    }

    /** The PMD driving the device, e.g. {@code net_pcap}. */
    public String driver()
    {
        return device.driver();
    }

    /** RX and TX descriptors per queue after clamping to the device's limits. */
    public int rxDescriptors()
    {
        return device.rxDescriptors();
    }

    public int txDescriptors()
    {
        return device.txDescriptors();
    }

    /** The device's own counters. */
    public EthStats deviceStats()
    {
        return device.stats();
    }

    /** The device's extended counters by name ({@code rte_eth_xstats}). */
    public Map<String, Long> deviceXstats()
    {
        return device.xstats();
    }

    public LinkStatus link()
    {
        return device.link();
    }

    public boolean promiscuous()
    {
        return device.promiscuous();
    }

    /** Exceptions the poll worker caught (each lost at most one burst). */
    public long workerErrors()
    {
        return workerErrors.get();
    }

    public Throwable lastWorkerError()
    {
        return lastWorkerError;
    }

    /**
     * Stops or resumes polling the device (administratively down/up): while paused, received
     * frames wait in the device's RX queues, which drop what does not fit. Sending is unaffected.
     * A port may be paused before it is attached, to attach several ports before traffic flows.
     */
    public DpdkPort paused(final boolean paused)
    {
        this.paused = paused;
        return this;
    }

    public boolean paused()
    {
        return paused;
    }

    Ingress ingressOrNull()
    {
        return ingress();
    }

    void workerError(final Throwable ex)
    {
        workerErrors.incrementAndGet();
        lastWorkerError = ex;
    }

    @Override
    protected void outputReady()
    {
        tx.flush();
    }

    @Override
    protected synchronized void attached(final Switch owner)
    {
        if (!config.rx())
        {
            return;
        }
        final int burst = Math.min(config.rxBurst(), owner.config().maxBatch());
        final DpdkRxAgent agent = new DpdkRxAgent(this, device.portId(), config.rxQueues(), burst);
        runner = new AgentRunner(
            new BackoffIdleStrategy(IDLE_MAX_SPINS, IDLE_MAX_YIELDS, IDLE_MIN_PARK_NS, IDLE_MAX_PARK_NS),
            this::workerError, null, agent);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(task, agent.roleName());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected synchronized void detached()
    {
        if (runner != null)
        {
            runner.close();
            runner = null;
        }
    }

    @Override
    public synchronized void close()
    {
        requireDetached();
        if (closed)
        {
            return;
        }
        closed = true;
        tx.close();
        device.close();
        arena.close();
    }

    @Override
    public String toString()
    {
        return name() + "#" + index() + "[" + device + "]";
    }
}
