package net.vswitch.vswitchd.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchConfig;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicState;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.pcap.PcapCapture;
import net.vswitch.vswitchd.config.SwitchDefinition;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.metrics.LatencyRecorder;
import net.vswitch.vswitchd.state.SavedSwitch;
import net.vswitch.vswitchd.util.Log;

/**
 * One running switch of the daemon: the fabric {@link Switch}, the ports the daemon created for it,
 * the logic's NAME and settings, and counters of ports already removed (so switch totals never go
 * backwards). Control operations are serialized on this object; the data path never takes its lock.
 */
public final class SwitchInstance implements AutoCloseable
{
    private static final long ERROR_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final Switch fabric;
    private final PortFactory factory;
    private final LogicRegistry registry;
    private final Log log;
    private final LatencyRecorder latency;
    private final Map<String, ManagedPort> ports = new LinkedHashMap<>();
    private final Map<String, PcapCapture> captures = new LinkedHashMap<>();
    private final long[] retiredDrops = new long[DropReason.count()];
    private final AtomicLong lastErrorLog = new AtomicLong(System.nanoTime() - ERROR_LOG_INTERVAL_NANOS);
    private long retiredRxPackets;
    private long retiredRxBytes;
    private long retiredTxPackets;
    private long retiredTxBytes;
    private final java.util.Set<String> deletedConfigPorts = new java.util.LinkedHashSet<>();
    private String logicName;
    private Map<String, String> settings;
    private boolean logicSetByCtl;

    /**
     * @param latency per-batch timing for metrics, or {@code null} to leave the data path untimed
     */
    public SwitchInstance(final SwitchDefinition definition, final LogicRegistry registry, final PortFactory factory,
        final Log log, final LatencyRecorder latency)
    {
        this.registry = registry;
        this.factory = factory;
        this.log = log;
        this.latency = latency;
        final SwitchLogic logic = registry.create(definition.logic(), definition.settings());
        this.fabric = new Switch(definition.name(), logic,
            new SwitchConfig(definition.maxPorts(), definition.maxBatch(), SwitchConfig.defaults().clock()));
        this.logicName = definition.logic();
        this.settings = definition.settings();
        fabric.errorListener(this::onDataPathError);
        if (latency != null)
        {
            fabric.forwardTimer(latency);
        }
    }

    /** Runs on a data path thread: log at most once a second, never allocate otherwise. */
    private void onDataPathError(final Throwable ex)
    {
        final long now = System.nanoTime();
        final long last = lastErrorLog.get();
        if (now - last >= ERROR_LOG_INTERVAL_NANOS && lastErrorLog.compareAndSet(last, now))
        {
            log.warn("datapath_error", "switch", name(), "logic_errors", fabric.logicErrors(),
                "port_errors", fabric.portErrors(), "error", ex.toString());
        }
    }

    public String name()
    {
        return fabric.name();
    }

    public Switch fabric()
    {
        return fabric;
    }

    public LatencyRecorder latency()
    {
        return latency;
    }

    public synchronized String logicName()
    {
        return logicName;
    }

    public synchronized Map<String, String> settings()
    {
        return settings;
    }

    /** Ports in index order. */
    public synchronized List<ManagedPort> ports()
    {
        final List<ManagedPort> list = new ArrayList<>(ports.values());
        list.sort((a, b) -> Integer.compare(a.port().index(), b.port().index()));
        return list;
    }

    /** Port names by index ({@code null} where no port is attached), as a logic's {@code portNames()} sees them. */
    public synchronized String[] portNames()
    {
        int size = 0;
        for (final ManagedPort managed : ports.values())
        {
            size = Math.max(size, managed.port().index() + 1);
        }
        final String[] names = new String[size];
        for (final ManagedPort managed : ports.values())
        {
            names[managed.port().index()] = managed.name();
        }
        return names;
    }

    public synchronized ManagedPort port(final String name)
    {
        return ports.get(name);
    }

    /** A port of a batch could not be created or attached; {@link #position()} says which. */
    public static final class PortFailure extends IllegalArgumentException
    {
        private final int position;

        PortFailure(final int position, final String message, final Throwable cause)
        {
            super(message, cause);
            this.position = position;
        }

        /** Index of the failing SPEC in the list given to {@link #addPorts}. */
        public int position()
        {
            return position;
        }
    }

    /**
     * Creates, attaches and starts a port.
     *
     * @throws IllegalArgumentException naming the SPEC and why it cannot be created or attached
     */
    public synchronized ManagedPort addPort(final PortSpec spec, final ManagedPort.Origin origin)
    {
        return addPorts(List.of(spec), origin).get(0);
    }

    /**
     * Creates every port, then attaches them together so none starts forwarding into a half-built
     * switch (a pcap replay or a NIC would lose its first frames to ports not attached yet).
     * Nothing is attached when one cannot be created.
     *
     * @throws PortFailure naming the SPEC and why it cannot be created or attached
     */
    public synchronized List<ManagedPort> addPorts(final List<PortSpec> specs, final ManagedPort.Origin origin)
    {
        return addPorts(specs, java.util.Collections.nCopies(specs.size(), origin));
    }

    /** As {@link #addPorts(List, ManagedPort.Origin)} with an origin per port (ports re-created from the state file). */
    public synchronized List<ManagedPort> addPorts(final List<PortSpec> specs, final List<ManagedPort.Origin> origins)
    {
        final List<Port> created = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++)
        {
            final PortSpec spec = specs.get(i);
            if (ports.containsKey(spec.name()))
            {
                created.forEach(this::closeQuietly);
                throw new PortFailure(i, "switch " + name() + " already has a port named " + spec.name(), null);
            }
            try
            {
                created.add(factory.create(spec));
            }
            catch (final RuntimeException ex)
            {
                created.forEach(this::closeQuietly);
                throw new PortFailure(i, "cannot create port '" + spec.text() + "': " + message(ex), ex);
            }
        }
        RuntimeException failure = null;
        try
        {
            fabric.attachAll(created);
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        final List<ManagedPort> added = new ArrayList<>();
        for (int i = 0; i < created.size(); i++)
        {
            final Port port = created.get(i);
            if (port.owner() != fabric)
            {
                closeQuietly(port);
                if (failure != null && added.size() == i)
                {
                    failure = new PortFailure(i, "cannot attach port '" + specs.get(i).text() + "' to switch " + name()
                        + ": " + message(failure), failure);
                }
                continue;
            }
            final ManagedPort.Origin origin = origins.get(i);
            final ManagedPort managed = new ManagedPort(port, specs.get(i), origin);
            ports.put(port.name(), managed);
            added.add(managed);
            if (origin == ManagedPort.Origin.CONFIG)
            {
                deletedConfigPorts.remove(port.name()); // reload re-adds a deleted config port: the config wins
            }
            log.info("port_added", "switch", name(), "port", port.name(), "index", port.index(), "spec",
                specs.get(i).text(), "origin", origin.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (failure != null)
        {
            throw failure instanceof PortFailure portFailure ? portFailure
                : new PortFailure(0, "cannot attach ports to switch " + name() + ": " + message(failure), failure);
        }
        return added;
    }

    /**
     * Detaches and closes a port; its counters move into the switch totals.
     *
     * @throws IllegalArgumentException when there is no such port
     */
    public synchronized ManagedPort removePort(final String portName)
    {
        return removePort(portName, false);
    }

    /**
     * As {@link #removePort(String)}; {@code byUser} (a {@code ctl del-port}) keeps a config port removed
     * across restarts.
     */
    public synchronized ManagedPort removePort(final String portName, final boolean byUser)
    {
        final ManagedPort managed = ports.get(portName);
        if (managed == null)
        {
            throw new IllegalArgumentException("switch " + name() + " has no port named '" + portName + "'"
                + (ports.isEmpty() ? "" : " (ports: " + String.join(", ", ports.keySet()) + ")"));
        }
        final Port port = managed.port();
        final int index = port.index();
        if (captures.containsKey(portName))
        {
            stopCapture(portName);
        }
        fabric.detach(port);
        ports.remove(portName);
        if (byUser && managed.origin() == ManagedPort.Origin.CONFIG)
        {
            deletedConfigPorts.add(portName);
        }
        retire(port.counters());
        closeQuietly(port);
        log.info("port_removed", "switch", name(), "port", portName, "index", index, "rx_packets",
            port.counters().rxPackets(), "tx_packets", port.counters().txPackets(), "drops",
            port.counters().totalDrops());
        return managed;
    }

    /**
     * Mirrors a port's traffic (both directions) into a pcap file until {@link #stopCapture}.
     *
     * @throws IllegalArgumentException naming the port or file problem
     */
    public synchronized PcapCapture startCapture(final String portName, final Path file)
    {
        final ManagedPort managed = ports.get(portName);
        if (managed == null)
        {
            throw new IllegalArgumentException("switch " + name() + " has no port named '" + portName + "'");
        }
        final PcapCapture running = captures.get(portName);
        if (running != null)
        {
            throw new IllegalArgumentException("port " + portName + " is already being captured to " + running.file()
                + " (stop with: capture --stop " + portName + ")");
        }
        final PcapCapture capture;
        try
        {
            capture = PcapCapture.start(managed.port(), file);
        }
        catch (final java.io.UncheckedIOException | IllegalStateException ex)
        {
            throw new IllegalArgumentException(message(ex), ex);
        }
        captures.put(portName, capture);
        log.info("capture_started", "switch", name(), "port", portName, "file", file);
        return capture;
    }

    /**
     * Stops a capture, flushing and closing its file.
     *
     * @throws IllegalArgumentException when the port is not being captured
     */
    public synchronized PcapCapture stopCapture(final String portName)
    {
        final PcapCapture capture = captures.remove(portName);
        if (capture == null)
        {
            throw new IllegalArgumentException("port " + portName + " of switch " + name() + " is not being captured");
        }
        capture.stop();
        log.info("capture_stopped", "switch", name(), "port", portName, "file", capture.file(), "captured",
            capture.captured(), "missed", capture.missed(), "failure", String.valueOf(capture.failure()));
        return capture;
    }

    /** The running capture of a port, or {@code null}. */
    public synchronized PcapCapture capture(final String portName)
    {
        return captures.get(portName);
    }

    private void retire(final PortCounters counters)
    {
        retiredRxPackets += counters.rxPackets();
        retiredRxBytes += counters.rxBytes();
        retiredTxPackets += counters.txPackets();
        retiredTxBytes += counters.txBytes();
        for (final DropReason reason : DropReason.values())
        {
            retiredDrops[reason.id()] += counters.drops(reason);
        }
    }

    /**
     * Swaps the logic while traffic flows (the config's: {@code reload}).
     *
     * @throws IllegalArgumentException for an unknown NAME or a bad setting
     */
    public synchronized void logic(final String name, final Map<String, String> newSettings)
    {
        final SwitchLogic fresh = createLogic(name, newSettings);
        carryState(fresh, name);
        useLogic(fresh, name, newSettings, false);
    }

    /**
     * Hands a logic about to replace the running one of the same NAME the running one's state (its tables,
     * reservations...), so swapping a logic for itself loses nothing; a different logic starts empty. Call it
     * under the lock that serializes changes, so no change to the old state lands in between.
     *
     * @throws IllegalArgumentException when the new logic refuses the state; the running logic is untouched
     */
    public synchronized void carryState(final SwitchLogic fresh, final String name)
    {
        if (name.equals(logicName) && fabric.logic() instanceof LogicState old && fresh instanceof LogicState next
            && old.stateFormat().equals(next.stateFormat()))
        {
            try
            {
                next.importState(old.stateVersion(), old.exportState(), portNames());
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("the new " + name + " logic cannot take the state of the running"
                    + " one: " + message(ex) + "; switch " + name() + " keeps its logic", ex);
            }
        }
    }

    /**
     * Builds a logic without using it, so a caller can make the change durable first.
     *
     * @throws IllegalArgumentException for an unknown NAME or a bad setting
     */
    public SwitchLogic createLogic(final String name, final Map<String, String> newSettings)
    {
        return registry.create(name, newSettings);
    }

    /** Swaps in a logic from {@link #createLogic}; {@code byUser} (a {@code ctl set-logic}) keeps it across restarts. */
    public synchronized void useLogic(final SwitchLogic logic, final String name, final Map<String, String> newSettings,
        final boolean byUser)
    {
        final String old = logicName;
        fabric.logic(logic);
        logicName = name;
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(newSettings));
        logicSetByCtl = byUser;
        log.info("logic_changed", "switch", name(), "from", old, "to", name, "settings", newSettings);
    }

    /** Restores what the state file says users changed: a logic set with ctl, config ports they deleted. */
    synchronized void restored(final boolean logicFromState, final List<String> deleted)
    {
        logicSetByCtl = logicFromState;
        deletedConfigPorts.addAll(deleted);
    }

    /**
     * Hands the logic its stored state, before any port is attached.
     *
     * @param portNames the names of the ports by the index they will have
     * @throws IllegalArgumentException when the logic keeps no state, keeps another form, or refuses it
     */
    synchronized void importModule(final SavedSwitch.SavedModule module, final String[] portNames)
    {
        if (!(fabric.logic() instanceof LogicState state))
        {
            throw new IllegalArgumentException("the stored module state is of form '" + module.format()
                + "' but logic " + logicName + " keeps no state");
        }
        if (!state.stateFormat().equals(module.format()))
        {
            throw new IllegalArgumentException("the stored module state is of form '" + module.format()
                + "' but logic " + logicName + " keeps form '" + state.stateFormat() + "'");
        }
        state.importState(module.version(), module.state(), portNames);
    }

    /** The logic's state as the state file stores it, or {@code null} when it keeps none. */
    public static SavedSwitch.SavedModule exportModule(final SwitchLogic logic)
    {
        if (logic instanceof LogicState state)
        {
            return new SavedSwitch.SavedModule(state.stateFormat(), state.stateVersion(), state.exportState());
        }
        return null;
    }

    /** What the state file keeps of this switch now. */
    public synchronized SavedSwitch saved()
    {
        final List<SavedSwitch.SavedPort> saved = new ArrayList<>();
        for (final ManagedPort port : ports())
        {
            saved.add(new SavedSwitch.SavedPort(port.name(), port.spec().text(),
                port.origin().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new SavedSwitch(name(), logicSetByCtl ? logicName : null, logicSetByCtl ? settings : null, saved,
            new ArrayList<>(deletedConfigPorts), exportModule(fabric.logic()));
    }

    /** Switch-wide drops by reason: attached ports plus ports removed earlier. */
    public synchronized long drops(final DropReason reason)
    {
        long total = retiredDrops[reason.id()];
        for (final ManagedPort managed : ports.values())
        {
            total += managed.port().counters().drops(reason);
        }
        return total;
    }

    public synchronized long rxPackets()
    {
        return retiredRxPackets + sum(PortCounters::rxPackets);
    }

    public synchronized long rxBytes()
    {
        return retiredRxBytes + sum(PortCounters::rxBytes);
    }

    public synchronized long txPackets()
    {
        return retiredTxPackets + sum(PortCounters::txPackets);
    }

    public synchronized long txBytes()
    {
        return retiredTxBytes + sum(PortCounters::txBytes);
    }

    private long sum(final java.util.function.ToLongFunction<PortCounters> counter)
    {
        long total = 0;
        for (final ManagedPort managed : ports.values())
        {
            total += counter.applyAsLong(managed.port().counters());
        }
        return total;
    }

    /** Logs every port's counters, detaches and closes them, stops the logic. */
    @Override
    public synchronized void close()
    {
        for (final String portName : new ArrayList<>(captures.keySet()))
        {
            stopCapture(portName);
        }
        for (final ManagedPort managed : ports())
        {
            final PortCounters c = managed.port().counters();
            log.info("port_counters", "switch", name(), "port", managed.name(), "rx_packets", c.rxPackets(),
                "rx_bytes", c.rxBytes(), "tx_packets", c.txPackets(), "tx_bytes", c.txBytes(), "drops",
                c.totalDrops());
        }
        fabric.close();
        for (final ManagedPort managed : ports.values())
        {
            retire(managed.port().counters());
            closeQuietly(managed.port());
        }
        ports.clear();
        log.info("switch_stopped", "switch", name(), "rx_packets", retiredRxPackets, "tx_packets", retiredTxPackets,
            "drops", totalRetiredDrops(), "logic_errors", fabric.logicErrors());
    }

    private long totalRetiredDrops()
    {
        long total = 0;
        for (final long count : retiredDrops)
        {
            total += count;
        }
        return total;
    }

    private void closeQuietly(final Port port)
    {
        try
        {
            port.close();
        }
        catch (final RuntimeException ex)
        {
            log.warn("port_close_failed", "switch", name(), "port", port.name(), "error", message(ex));
        }
    }

    static String message(final Throwable ex)
    {
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }
}
