package net.vswitch.vswitchd.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.dpdk.DpdkSettings;
import net.vswitch.ports.virtual.VirtualPortConfig;
import net.vswitch.vswitchd.config.ConfigException;
import net.vswitch.vswitchd.config.CtlPath;
import net.vswitch.vswitchd.config.DaemonConfig;
import net.vswitch.vswitchd.config.PortDefinition;
import net.vswitch.vswitchd.config.SwitchDefinition;
import net.vswitch.vswitchd.ctl.ControlServer;
import net.vswitch.vswitchd.ctl.CtlDispatcher;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.metrics.LatencyRecorder;
import net.vswitch.vswitchd.metrics.MetricsServer;
import net.vswitch.vswitchd.state.DaemonState;
import net.vswitch.vswitchd.state.SavedSwitch;
import net.vswitch.vswitchd.state.StateFileException;
import net.vswitch.vswitchd.state.StateStore;
import net.vswitch.vswitchd.state.StateWriteException;
import net.vswitch.vswitchd.util.Log;

/**
 * The running daemon: its switches, the control socket, the optional metrics endpoint and the
 * pid/lock file. {@link #start} brings everything up or nothing (what was started is undone on
 * failure); {@link #close} detaches and closes every port and logs its counters. Tests run it
 * in-process; {@code vswitch run} wraps it with signal handling.
 */
public final class Daemon implements AutoCloseable
{
    private final ConfigSource source;
    private final LogicRegistry registry;
    private final Log log;
    private final Switches switches = new Switches();
    private final StateStore store;
    private final CtlDispatcher dispatcher;
    private volatile DaemonConfig config;
    private PortFactory factory;
    private PidLock lock;
    private ControlServer control;
    private MetricsServer metrics;
    private boolean closed;

    private Daemon(final ConfigSource source, final LogicRegistry registry, final Log log, final StateStore store)
    {
        this.source = source;
        this.registry = registry;
        this.log = log;
        this.store = store;
        this.dispatcher = new CtlDispatcher(switches, registry, this::reload, log, store);
    }

    /**
     * Loads the config and starts everything.
     *
     * @throws ConfigException for a bad config (FILE:LINE: reason)
     * @throws DaemonException when something cannot start (socket owned by another daemon, port
     *                         that cannot be created, metrics address in use...)
     */
    public static Daemon start(final ConfigSource source, final LogicRegistry registry, final Log log)
        throws ConfigException, DaemonException
    {
        final DaemonConfig config = source.load();
        final Daemon daemon = new Daemon(source, registry, log, StateStore.at(config.state()));
        daemon.config = config;
        log.threshold(config.logLevel());
        try
        {
            daemon.startParts(config);
        }
        catch (final DaemonException | RuntimeException ex)
        {
            daemon.close();
            throw ex;
        }
        return daemon;
    }

    private void startParts(final DaemonConfig config) throws DaemonException
    {
        lock = PidLock.acquire(CtlPath.pidFile(config.ctl()), config.ctl());
        factory = new PortFactory(VirtualPortConfig.defaults(),
            config.dpdkEal() == null ? DpdkSettings.defaults() : DpdkSettings.of(config.dpdkEal()));
        startDpdk(config);
        final DaemonState saved;
        try
        {
            saved = store.load(config.discardState(), log);
        }
        catch (final StateFileException ex)
        {
            throw new DaemonException(ex.getMessage(), ex);
        }
        for (final SavedSwitch stale : saved.switches())
        {
            if (config.switchNamed(stale.name()) == null)
            {
                log.warn("state_switch_dropped", "switch", stale.name(), "file", store.file(), "reason",
                    "the config has no such switch any more");
            }
        }
        for (final SwitchDefinition definition : config.switches())
        {
            createSwitch(definition, saved.named(definition.name()));
        }
        try
        {
            store.save(switches.saved());
        }
        catch (final StateWriteException ex)
        {
            log.warn("state_not_writable", "file", store.file(), "error", ex.getMessage(), "effect",
                "changes with ctl are refused until it can be written");
        }
        control = ControlServer.start(config.ctl(), dispatcher, log);
        if (config.metrics() != null)
        {
            metrics = MetricsServer.start(config.metrics(), switches);
        }
        log.info("started", "pid", ProcessHandle.current().pid(), "ctl", config.ctl(), "state",
            store.file() == null ? "none" : store.file(), "config",
            config.file() == null ? "none" : config.file(), "switches", names(), "metrics",
            metrics == null ? "off" : metrics.address());
    }

    /** EAL starts once, with a {@code --vdev} for every configured virtual device; later DPDK ports hot-plug. */
    private void startDpdk(final DaemonConfig config) throws DaemonException
    {
        final List<PortSpec> specs = new ArrayList<>();
        for (final SwitchDefinition definition : config.switches())
        {
            for (final PortDefinition port : definition.ports())
            {
                specs.add(port.spec());
            }
        }
        try
        {
            factory.startDpdk(specs);
        }
        catch (final RuntimeException ex)
        {
            throw new DaemonException("cannot start DPDK for the dpdk: ports: " + SwitchInstance.message(ex), ex);
        }
    }

    private SwitchInstance createSwitch(final SwitchDefinition definition) throws DaemonException
    {
        return createSwitch(definition, null);
    }

    /**
     * Builds a switch from its config and what the state file saved for it: the logic (and its own state)
     * first, then the ports, so nothing is forwarded before the state is back.
     */
    private SwitchInstance createSwitch(final SwitchDefinition definition, final SavedSwitch saved)
        throws DaemonException
    {
        final SwitchDefinition effective = saved == null || saved.logic() == null ? definition
            : new SwitchDefinition(definition.name(), saved.logic(), saved.settings(), definition.maxPorts(),
            definition.maxBatch(), definition.ports(), definition.where());
        final SwitchInstance instance;
        try
        {
            instance = new SwitchInstance(effective, registry, factory, log,
                config.metrics() != null ? new LatencyRecorder() : null);
        }
        catch (final RuntimeException ex)
        {
            throw new DaemonException((effective == definition ? definition.where() : "state file " + store.file())
                + ": cannot start switch " + definition.name() + ": " + SwitchInstance.message(ex), ex);
        }
        switches.add(instance);
        log.info("switch_started", "switch", instance.name(), "logic", effective.logic(), "settings",
            effective.settings(), "restored", saved != null);
        if (saved == null)
        {
            addPorts(instance, definition.ports());
            return instance;
        }
        final RestoredPorts ports;
        try
        {
            ports = RestoredPorts.of(definition, saved);
        }
        catch (final RuntimeException ex)
        {
            throw new DaemonException("state file " + store.file() + ": switch " + definition.name() + ": "
                + SwitchInstance.message(ex) + " (start with --discard-state to move the file aside)", ex);
        }
        instance.restored(saved.logic() != null, ports.deleted());
        if (saved.module() != null)
        {
            try
            {
                instance.importModule(saved.module(), ports.names());
            }
            catch (final RuntimeException ex)
            {
                throw new DaemonException("state file " + store.file() + ": switch " + definition.name() + ": logic "
                    + effective.logic() + " cannot take back its state: " + SwitchInstance.message(ex)
                    + "; refusing to start without it (start with --discard-state to move the file aside)", ex);
            }
        }
        try
        {
            instance.addPorts(ports.specs(), ports.origins());
        }
        catch (final SwitchInstance.PortFailure ex)
        {
            throw new DaemonException("state file " + store.file() + ": switch " + definition.name() + ": "
                + ex.getMessage(), ex);
        }
        log.info("state_restored", "switch", instance.name(), "file", store.file(), "ports", ports.specs().size(),
            "deleted_config_ports", ports.deleted().size());
        return instance;
    }

    public Log log()
    {
        return log;
    }

    public LogicRegistry registry()
    {
        return registry;
    }

    public DaemonConfig config()
    {
        return config;
    }

    /** Where the daemon keeps what users change at runtime. */
    public StateStore store()
    {
        return store;
    }

    public CtlDispatcher dispatcher()
    {
        return dispatcher;
    }

    /** The running switches, which the ctl dispatcher and the metrics endpoint read. */
    public Switches switches()
    {
        return switches;
    }

    public SwitchInstance switchNamed(final String name)
    {
        return switches.named(name);
    }

    private List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final SwitchInstance instance : switches.all())
        {
            names.add(instance.name());
        }
        return names;
    }

    /** The metrics endpoint's bound port, or -1 when metrics are off. */
    public int metricsPort()
    {
        return metrics == null ? -1 : metrics.port();
    }

    /**
     * Re-reads the config (file + the original flags) and applies the differences: switches and
     * config ports added or removed, logic or settings changed, log level. Ports added with
     * {@code ctl add-port} are left alone. A bad config changes nothing.
     *
     * @return one line per change
     */
    public synchronized List<String> reload() throws ConfigException, DaemonException
    {
        final DaemonConfig next = source.load();
        final List<String> changes = new ArrayList<>();
        final DaemonConfig previous = config;
        config = next;
        if (!next.ctl().equals(previous.ctl()))
        {
            changes.add("ctl path changed to " + next.ctl() + ": takes effect after a restart");
        }
        if (!Objects.equals(next.metrics(), previous.metrics()))
        {
            changes.add("metrics address changed to " + next.metrics() + ": takes effect after a restart");
        }
        if (next.logLevel() != log.threshold())
        {
            log.threshold(next.logLevel());
            changes.add("log level " + next.logLevel().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (final SwitchInstance instance : switches.all())
        {
            if (next.switchNamed(instance.name()) == null)
            {
                switches.remove(instance.name());
                instance.close();
                changes.add("removed switch " + instance.name());
            }
        }
        for (final SwitchDefinition definition : next.switches())
        {
            final SwitchInstance instance = switches.named(definition.name());
            if (instance == null)
            {
                createSwitch(definition);
                changes.add("added switch " + definition.name());
            }
            else
            {
                reconcile(instance, definition, changes);
            }
        }
        log.info("reloaded", "changes", changes.size());
        return changes;
    }

    /**
     * {@link #reload} as SIGHUP runs it: serialized with ctl changes and saved in the state file afterwards
     * (a config-set logic replaces one set with ctl, which the state must no longer bring back).
     *
     * @throws DaemonException when the reload applied but cannot be saved
     */
    public List<String> reloadDurably() throws ConfigException, DaemonException
    {
        synchronized (store.changes())
        {
            final List<String> changes = reload();
            try
            {
                store.save(switches.saved());
            }
            catch (final StateWriteException ex)
            {
                throw new DaemonException("reload applied " + changes.size() + " change(s), but " + ex.getMessage(),
                    ex);
            }
            return changes;
        }
    }

    private void reconcile(final SwitchInstance instance, final SwitchDefinition definition,
        final List<String> changes) throws DaemonException
    {
        if (!definition.logic().equals(instance.logicName()) || !definition.settings().equals(instance.settings()))
        {
            try
            {
                instance.logic(definition.logic(), definition.settings());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new DaemonException(SwitchInstance.message(ex), ex);
            }
            changes.add("switch " + instance.name() + ": logic " + definition.logic() + " " + definition.settings());
        }
        final Map<String, PortDefinition> wanted = new LinkedHashMap<>();
        for (final PortDefinition port : definition.ports())
        {
            wanted.put(port.spec().name(), port);
        }
        for (final ManagedPort port : instance.ports())
        {
            final PortDefinition want = wanted.get(port.name());
            if (port.origin() == ManagedPort.Origin.CONFIG && (want == null || !want.spec().equals(port.spec())))
            {
                instance.removePort(port.name());
                changes.add("switch " + instance.name() + ": removed port " + port.name());
            }
        }
        final List<PortDefinition> missing = new ArrayList<>();
        for (final PortDefinition port : definition.ports())
        {
            if (instance.port(port.spec().name()) == null)
            {
                missing.add(port);
            }
        }
        addPorts(instance, missing);
        for (final PortDefinition port : missing)
        {
            changes.add("switch " + instance.name() + ": added port " + port.spec().name());
        }
    }

    /** Creates the ports, then attaches them together; errors point at the failing port's line. */
    private static void addPorts(final SwitchInstance instance, final List<PortDefinition> definitions)
        throws DaemonException
    {
        final List<PortSpec> specs = new ArrayList<>();
        for (final PortDefinition port : definitions)
        {
            specs.add(port.spec());
        }
        try
        {
            instance.addPorts(specs, ManagedPort.Origin.CONFIG);
        }
        catch (final SwitchInstance.PortFailure ex)
        {
            throw new DaemonException(definitions.get(ex.position()).where() + ": " + ex.getMessage(), ex);
        }
    }

    /** Stops the control socket and metrics, then every switch (ports closed, counters logged); idempotent. */
    @Override
    public void close()
    {
        store.close(); // waits for a change in flight; later ones are refused, never saved half torn down
        final List<SwitchInstance> instances;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            instances = switches.close();
        }
        if (control != null)
        {
            control.close();
        }
        if (metrics != null)
        {
            metrics.close();
        }
        for (final SwitchInstance instance : instances)
        {
            try
            {
                instance.close();
            }
            catch (final RuntimeException ex)
            {
                log.error("switch_close_failed", "switch", instance.name(), "error", ex.toString());
            }
        }
        if (lock != null)
        {
            lock.close();
            log.info("stopped", "pid", ProcessHandle.current().pid());
        }
    }

    public synchronized boolean isClosed()
    {
        return closed;
    }
}
