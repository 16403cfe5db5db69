package net.vswitch.logic.openflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.LogicState;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.openflow.action.DropCause;
import net.vswitch.logic.openflow.action.FrameInjector;
import net.vswitch.logic.openflow.action.PacketEmitter;
import net.vswitch.logic.openflow.action.PortMap;
import net.vswitch.logic.openflow.cache.DatapathCounters;
import net.vswitch.logic.openflow.cache.PortDatapath;
import net.vswitch.logic.openflow.control.PacketInQueue;
import net.vswitch.logic.openflow.ct.Conntrack;
import net.vswitch.logic.openflow.ct.CtCommands;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.Pipeline;
import net.vswitch.logic.openflow.pipeline.PipelineState;
import net.vswitch.logic.openflow.softflow.SoftFlowActions;

/**
 * {@code --logic openflow}: an OpenFlow multi-table pipeline behind a megaflow cache, as Open vSwitch's userspace
 * datapath runs it (Pfaff et al., NSDI'15). Per ingress port a {@link PortDatapath} tries the exact-match cache,
 * then the megaflows, and on a miss translates the packet through the {@link Pipeline} and installs a megaflow.
 * Tables change through {@code ctl} commands ({@link OpenFlowCommands}) and are revalidated before the next
 * batch; a {@link Revalidator} thread expires idle megaflows and timed-out entries. Flows and groups survive a
 * restart of the daemon ({@link LogicState}, {@link OpenFlowState}).
 */
public final class OpenFlowLogic implements SwitchLogic, LogicControl, LogicState
{
    public static final int EMC_INSERT_INVERSE_DEFAULT = 100;
    public static final int MEGAFLOW_LIMIT_DEFAULT = 200_000;
    public static final long MEGAFLOW_IDLE_MS_DEFAULT = 10_000;
    public static final long SWEEP_INTERVAL_MS_DEFAULT = 500;

    private final Pipeline pipeline = new Pipeline();
    private final PortMap ports = new PortMap();
    private final PacketInQueue packetIns;
    /** The tracker of the pipeline's ct() actions: started and stopped with the logic. */
    private final Conntrack conntrack;
    /** SoftFlow actions by name (one instance of every factory found), sharing the tracker. */
    private final SoftFlowActions softflow;
    private final PortDatapath.Config config;
    private final long sweepIntervalMs;
    private final AtomicLong sweepErrors = new AtomicLong();
    private final Clock fixedClock;
    private volatile PortDatapath[] datapaths = new PortDatapath[0];
    private volatile Clock clock = Clock.SYSTEM;
    private volatile PacketEmitter emitter = PacketEmitter.FABRIC;
    private Revalidator revalidator;
    private final List<Attachment> attachments = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Upcalls and time at the previous sweep, for {@code upcalls_per_second} (revalidator thread only). */
    private long lastUpcalls;
    private long lastSweepNanos = Long.MIN_VALUE;
    private volatile long upcallsPerSecond;
    private volatile LogicContext context;
    private String switchName = "openflow";

    /** With default settings and the switch's clock. */
    public OpenFlowLogic()
    {
        this(new Settings(EMC_INSERT_INVERSE_DEFAULT, MEGAFLOW_LIMIT_DEFAULT, MEGAFLOW_IDLE_MS_DEFAULT,
            SWEEP_INTERVAL_MS_DEFAULT, PacketInQueue.CAPACITY_DEFAULT, null));
    }

    /** Tunables; {@code clock} null means the switch's. {@code emcInsertInverse} 0 disables the EMC. */
    public record Settings(int emcInsertInverse, int megaflowLimit, long megaflowIdleMs, long sweepIntervalMs,
        int packetInQueue, Clock clock)
    {
    }

    public OpenFlowLogic(final Settings settings)
    {
        this.config = new PortDatapath.Config(settings.emcInsertInverse(), settings.megaflowLimit(),
            TimeUnit.MILLISECONDS.toNanos(settings.megaflowIdleMs()));
        this.sweepIntervalMs = settings.sweepIntervalMs();
        this.packetIns = new PacketInQueue(settings.packetInQueue());
        this.conntrack = new Conntrack(ConntrackConfig.defaults(), settings.clock() != null ? settings.clock()
            : Clock.SYSTEM);
        this.softflow = new SoftFlowActions(conntrack::tracker);
        this.fixedClock = settings.clock();
        if (fixedClock != null)
        {
            clock = fixedClock;
        }
        pipeline.listener(version -> revalidateAll());
    }

    // ---------------------------------------------------------------- data path

    @Override
    public boolean batched()
    {
        return true;
    }

    @Override
    public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        final PortDatapath dp = datapath(ingressPort);
        final long now = clock.nanoTime();
        dp.lock().lock();
        try
        {
            // read under the lock: a revalidation the control side just finished is never undone by an older view
            final PipelineState state = pipeline.state();
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                destinations[i] = decide(dp, batch.packet(i), ingressPort, state, now);
            }
        }
        finally
        {
            dp.lock().unlock();
        }
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        final PortDatapath dp = datapath(ingressPort);
        dp.lock().lock();
        try
        {
            return decide(dp, packet, ingressPort, pipeline.state(), clock.nanoTime());
        }
        finally
        {
            dp.lock().unlock();
        }
    }

    /** A throwing translation or action loses this packet only. */
    private static int decide(final PortDatapath dp, final Packet packet, final int ingress, final PipelineState state,
        final long now)
    {
        try
        {
            return dp.process(packet, ingress, state, now);
        }
        catch (final RuntimeException ex)
        {
            packet.clearOutputs();
            return SwitchLogic.drop(packet, DropReason.LOGIC_ERROR);
        }
    }

    private PortDatapath datapath(final int ingress)
    {
        final PortDatapath[] d = datapaths;
        if (ingress < d.length && d[ingress] != null)
        {
            return d[ingress];
        }
        return createDatapath(ingress);
    }

    private synchronized PortDatapath createDatapath(final int ingress)
    {
        PortDatapath[] d = datapaths;
        if (ingress >= d.length)
        {
            d = java.util.Arrays.copyOf(d, Math.max(ingress + 1, d.length * 2));
        }
        else
        {
            d = d.clone();
        }
        if (d[ingress] == null)
        {
            d[ingress] = new PortDatapath(config, ports, packetIns, emitter, conntrack, softflow);
        }
        datapaths = d;
        return d[ingress];
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(final LogicContext context)
    {
        switchName = context.switchName();
        if (fixedClock == null)
        {
            clock = context.clock();
        }
        this.context = context;
        ports.ports(context);
        pipeline.touch();
        conntrack.start(clock);
        revalidator = new Revalidator(this, sweepIntervalMs);
        revalidator.start(switchName);
        for (final Attachment a : attachments)
        {
            a.start(context);
        }
    }

    /**
     * Something that lives as long as the logic, such as the OpenFlow channel: started after the logic, stopped
     * before it, and told of port changes and of entries the revalidator removed (idle or hard timeout).
     */
    public interface Attachment
    {
        void start(LogicContext context);

        void stop();

        default void portAttached(final int portIndex, final int portNumber, final String portName)
        {
        }

        default void portDetached(final int portIndex)
        {
        }

        default void flowsExpired(final List<FlowEntry> entries)
        {
        }

        /** Adds the attachment's counters to the logic's. */
        default void counters(final Map<String, Long> into)
        {
        }
    }

    /** Adds an attachment (before {@link #start}). */
    public OpenFlowLogic attach(final Attachment attachment)
    {
        attachments.add(attachment);
        return this;
    }

    /**
     * Returns once every batch that was classifying when called has finished; batches after it read the tables
     * published before the call (they read the version under the same lock). An OpenFlow barrier waits on this.
     */
    public void quiesce()
    {
        // the lock handshake is this logic's grace period: LogicContext.synchronize() would give the same guarantee
        // at the price of a switch view per barrier (measured: 58 flows/s against 390 with ovs-ofctl add-flows)
        for (final PortDatapath dp : datapathList())
        {
            dp.lock().lock();
            dp.lock().unlock();
        }
    }

    /** Packets received on the port at {@code index} as the pipeline counted them (port stats). */
    public long packetsFrom(final int index)
    {
        final PortDatapath[] d = datapaths;
        if (index < 0 || index >= d.length || d[index] == null)
        {
            return 0;
        }
        final DatapathCounters c = new DatapathCounters();
        d[index].addCounters(c);
        return c.packets();
    }

    @Override
    public void stop()
    {
        for (final Attachment a : attachments)
        {
            a.stop();
        }
        if (revalidator != null)
        {
            revalidator.stop();
            revalidator = null;
        }
        conntrack.stop();
    }

    @Override
    public void portAttached(final int portIndex, final int portNumber, final String portName)
    {
        ports.attach(portIndex, portNumber, portName);
        pipeline.touch();
        for (final Attachment a : attachments)
        {
            a.portAttached(portIndex, portNumber, portName);
        }
    }

    @Override
    public void portDetached(final int portIndex)
    {
        ports.detach(portIndex);
        pipeline.touch();
        for (final Attachment a : attachments)
        {
            a.portDetached(portIndex);
        }
    }

    @Override
    public String name()
    {
        return "openflow";
    }

    // ---------------------------------------------------------------- control side

    /** The connection tracker behind ct() (dump-conntrack, tests). */
    public Conntrack conntrack()
    {
        return conntrack;
    }

    /** The SoftFlow actions softflow() runs (register your own here or through ServiceLoader). */
    public SoftFlowActions softflow()
    {
        return softflow;
    }

    /** The tables (add, modify, delete flows and groups). */
    public Pipeline pipeline()
    {
        return pipeline;
    }

    public PortMap ports()
    {
        return ports;
    }

    /**
     * Packet-out: runs {@code actions} (ovs-ofctl syntax; {@code TABLE} for the whole pipeline) on {@code frame}
     * as if it arrived on OpenFlow port {@code inPort} (0: from the controller), sending results through
     * {@code injector}.
     *
     * @return how many frames were sent
     */
    public int packetOut(final byte[] frame, final int inPort, final String actions, final FrameInjector injector)
    {
        return new PacketOut(this).send(frame, inPort, actions, injector);
    }

    /**
     * Packet-out into the switch this logic runs on: each resulting frame is injected through the fabric
     * ({@link LogicContext#inject}) as if received on its destination port and sent straight back out of it.
     */
    public int packetOut(final byte[] frame, final int inPort, final String actions)
    {
        final LogicContext c = context;
        if (c == null)
        {
            throw new IllegalStateException("packet-out before the openflow logic was started on a switch");
        }
        return packetOut(frame, inPort, actions, (port, bytes) -> c.inject(port,
            java.lang.foreign.MemorySegment.ofArray(bytes), 0, bytes.length, (p, in) -> SwitchLogic.hairpin(port)));
    }

    /** Packet-ins waiting for the OpenFlow channel. */
    public PacketInQueue packetIns()
    {
        return packetIns;
    }

    public Clock clock()
    {
        return clock;
    }

    /**
     * Replaces the output adapter (tests record per-output bytes; the fabric's {@code Packet.emit} plugs in here).
     * Takes effect for ingress ports first seen afterwards: call before traffic.
     */
    public OpenFlowLogic emitter(final PacketEmitter newEmitter)
    {
        emitter = newEmitter;
        return this;
    }

    List<PortDatapath> datapathList()
    {
        final List<PortDatapath> list = new ArrayList<>();
        for (final PortDatapath dp : datapaths)
        {
            if (dp != null)
            {
                list.add(dp);
            }
        }
        return list;
    }

    private void revalidateAll()
    {
        final PipelineState state = pipeline.state();
        final long now = clock.nanoTime();
        for (final PortDatapath dp : datapathList())
        {
            dp.revalidate(state, now);
        }
    }

    /** Credits every megaflow hit to its flow entries, so entry counters are exact. */
    public void credit()
    {
        final long now = clock.nanoTime();
        for (final PortDatapath dp : datapathList())
        {
            dp.credit(now);
        }
    }

    /**
     * One revalidator round: credit, expire idle megaflows, then remove flow entries past their idle or hard
     * timeout. Returns the entries removed.
     */
    public List<FlowEntry> sweep()
    {
        final long now = clock.nanoTime();
        for (final PortDatapath dp : datapathList())
        {
            dp.sweep(now, config.idleNanos());
        }
        rate(now);
        final Set<FlowEntry> expired = new HashSet<>();
        for (final Classifier table : pipeline.state().tables())
        {
            for (final FlowEntry e : table.entries())
            {
                final long idle = TimeUnit.SECONDS.toNanos(e.idleTimeout());
                final long hard = TimeUnit.SECONDS.toNanos(e.hardTimeout());
                if (e.idleTimeout() > 0 && now - e.stats().lastUsedNanos() >= idle
                    || e.hardTimeout() > 0 && now - e.stats().createdNanos() >= hard)
                {
                    expired.add(e);
                }
            }
        }
        if (expired.isEmpty())
        {
            return List.of();
        }
        final List<FlowEntry> removed = pipeline.delete(expired);
        for (final Attachment a : attachments)
        {
            a.flowsExpired(removed);
        }
        return removed;
    }

    private synchronized void rate(final long now)
    {
        final long upcalls = datapathCounters().misses();
        if (lastSweepNanos != Long.MIN_VALUE && now > lastSweepNanos)
        {
            upcallsPerSecond = (upcalls - lastUpcalls) * 1_000_000_000L / (now - lastSweepNanos);
        }
        lastUpcalls = upcalls;
        lastSweepNanos = now;
    }

    void sweepFailed(final RuntimeException ex)
    {
        sweepErrors.incrementAndGet();
    }

    /** The fast path's counters summed over ingress ports. */
    public DatapathCounters datapathCounters()
    {
        final DatapathCounters total = new DatapathCounters();
        for (final PortDatapath dp : datapathList())
        {
            dp.addCounters(total);
        }
        return total;
    }

    @Override
    public Map<String, Long> counters()
    {
        final DatapathCounters c = datapathCounters();
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", c.packets());
        m.put("emc_hits", c.emcHits());
        m.put("megaflow_hits", c.megaflowHits());
        m.put("slow_path_hits", c.misses());
        m.put("upcalls", c.misses());
        m.put("upcalls_per_second", upcallsPerSecond);
        m.put("lost", c.lost());
        m.put("recirculations", c.recirculations());
        long megaflows = 0;
        for (final PortDatapath dp : datapathList())
        {
            megaflows += dp.megaflowCount();
        }
        m.put("megaflows", megaflows);
        m.put("revalidations", c.revalidations());
        m.put("revalidated_away", c.revalidatedAway());
        m.put("evictions", c.evictions());
        m.put("megaflows_expired", c.expired());
        for (final DropCause cause : DropCause.values())
        {
            m.put("drops_" + cause.label(), c.drops(cause));
        }
        int flows = 0;
        for (final Classifier table : pipeline.state().tables())
        {
            flows += table.size();
        }
        m.put("flows", (long)flows);
        m.put("groups", (long)pipeline.state().groups().size());
        for (final Map.Entry<String, Long> e : conntrack.counters().entrySet())
        {
            m.put("ct_" + e.getKey(), e.getValue());
        }
        m.putAll(softflow.counters());
        m.put("packet_in_queued", packetIns.queued());
        m.put("packet_in_overflow", packetIns.overflows());
        m.put("sweep_errors", sweepErrors.get());
        for (final Attachment a : attachments)
        {
            a.counters(m);
        }
        return m;
    }

    @Override
    public Set<String> commands()
    {
        final Set<String> all = new HashSet<>(OpenFlowCommands.NAMES);
        all.addAll(CtCommands.NAMES);
        return all;
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        if (CtCommands.NAMES.contains(command))
        {
            return CtCommands.run(conntrack, command, args, json);
        }
        return new OpenFlowCommands(this).run(command, args, json);
    }

    // ---------------------------------------------------------------- durable state

    @Override
    public String stateFormat()
    {
        return OpenFlowState.FORMAT;
    }

    @Override
    public int stateVersion()
    {
        return OpenFlowState.VERSION;
    }

    @Override
    public Object exportState()
    {
        return OpenFlowState.export(pipeline, ports);
    }

    /** Timeouts restart from zero and counters from nothing: only the tables are state. */
    @Override
    public void importState(final int version, final Object state, final String[] portNames)
    {
        OpenFlowState.load(pipeline, ports, version, state, portNames, clock.nanoTime());
    }

    @Override
    public boolean mutates(final String command, final List<String> args)
    {
        return !command.startsWith("dump-");
    }
}
