package net.vswitch.logic.openflow.cache;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.action.DropCause;
import net.vswitch.logic.openflow.action.PacketEmitter;
import net.vswitch.logic.openflow.action.PacketInSink;
import net.vswitch.logic.openflow.action.PortMap;
import net.vswitch.logic.openflow.action.Program;
import net.vswitch.logic.openflow.action.ProgramExecutor;
import net.vswitch.logic.openflow.action.Recirculator;
import net.vswitch.logic.openflow.ct.Conntrack;
import net.vswitch.logic.openflow.ct.Recirculation;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.softflow.SoftFlowActions;
import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.PipelineState;
import net.vswitch.logic.openflow.pipeline.Translated;
import net.vswitch.logic.openflow.pipeline.Translator;

/**
 * The fast path of one ingress port, like an OVS PMD thread's: EMC -> megaflows -> upcall to the
 * {@link Translator}. The fabric calls one ingress port from one thread at a time, so the data path takes this
 * datapath's lock once per batch, uncontended; the control side and the revalidator take it to revalidate,
 * expire, credit and dump. Allocates nothing per packet on a cache hit.
 */
public final class PortDatapath implements Recirculator
{
    /** Settings shared by every port's datapath. */
    public record Config(int emcInsertInverse, int megaflowLimit, long idleNanos)
    {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final long[] key = new long[FlowKey.WORDS];
    private final Translator translator;
    private final ProgramExecutor executor;
    private final ExactMatchCache emc;
    private final MegaflowCache megaflows;
    private final DatapathCounters counters = new DatapathCounters();
    private final PortMap ports;
    private long version;
    /** The pipeline version and time of the batch being processed, for recirculated passes. */
    private PipelineState current;
    private long currentNanos;

    /**
     * @param conntrack the tracker the pipeline's ct() actions use
     * @param softflow  the SoftFlow actions softflow() runs
     */
    public PortDatapath(final Config config, final PortMap ports, final PacketInSink packetIns,
        final PacketEmitter emitter, final Conntrack conntrack, final SoftFlowActions softflow)
    {
        this.ports = ports;
        this.translator = new Translator(ports);
        this.executor = new ProgramExecutor(ports, packetIns, emitter, conntrack, this, softflow);
        this.emc = new ExactMatchCache(config.emcInsertInverse());
        this.megaflows = new MegaflowCache(config.megaflowLimit());
    }

    /** Taken by the data path around a batch, and by control-side work. */
    public ReentrantLock lock()
    {
        return lock;
    }

    /**
     * Decides one packet (caller holds {@link #lock()}).
     *
     * @return the fabric's decision for it
     */
    public int process(final Packet packet, final int ingress, final PipelineState state, final long nowNanos)
    {
        if (state.version() != version)
        {
            revalidate(state, nowNanos);
        }
        counters.packets++;
        final int length = packet.length();
        if (length < Packet.ETH_HEADER_LENGTH)
        {
            counters.lost++;
            counters.drops[DropCause.MALFORMED.ordinal()]++;
            return net.vswitch.fabric.SwitchLogic.drop(packet, DropCause.MALFORMED.reason());
        }
        FlowKey.extract(packet, ports.ofport(ingress), key);
        current = state;
        currentNanos = nowNanos;
        final Megaflow flow = classify(state, length, nowNanos);
        final int decision = executor.run(flow.program(), packet, ingress);
        if (decision == net.vswitch.fabric.SwitchLogic.DROP && executor.lastDrop() != null)
        {
            counters.drops[executor.lastDrop().ordinal()]++;
        }
        return decision;
    }

    /**
     * A packet's next pass after {@code ct(table=T)}: its key is extracted again (rewrites and ct fields
     * included), the frozen metadata and registers restored, and looked up like a first pass (EMC, megaflows,
     * upcall). Counted in {@code recirculations}; its hits count in the tiers as any lookup's.
     */
    @Override
    public Program recirculate(final Packet packet, final int ingress, final int recircId)
    {
        counters.recirculations++;
        FlowKey.extract(packet, ports.ofport(ingress), key);
        Recirculation.restore(recircId, key);
        if (Field.RECIRC_ID.get(key) == 0)
        {
            // an id never handed out cannot come from a program; keep the key apart from first passes anyway
            Field.RECIRC_ID.put(key, 0, recircId);
        }
        return classify(current, packet.length(), currentNanos).program();
    }

    /** EMC, then megaflows, then the slow path, for the key in {@link #key}. */
    private Megaflow classify(final PipelineState state, final int length, final long nowNanos)
    {
        Megaflow flow = null;
        int hash = 0;
        if (emc.enabled())
        {
            hash = FlowKey.hash(key);
            flow = emc.lookup(key, hash);
        }
        if (flow != null)
        {
            counters.emcHits++;
        }
        else
        {
            flow = megaflows.lookup(key);
            if (flow != null)
            {
                counters.megaflowHits++;
                if (emc.enabled())
                {
                    emc.maybeInsert(key, hash, flow);
                }
            }
        }
        if (flow != null)
        {
            flow.packets++;
            flow.bytes += length;
            flow.lastUsedNanos = nowNanos;
        }
        else
        {
            counters.misses++;
            flow = upcall(state, length, nowNanos);
            if (emc.enabled())
            {
                emc.maybeInsert(key, hash, flow);
            }
        }
        return flow;
    }

    /** The slow path: translate, credit this packet to the entries directly, install the megaflow. */
    private Megaflow upcall(final PipelineState state, final int length, final long nowNanos)
    {
        final Translated t = translator.translate(state, key);
        for (final FlowEntry e : t.contributors())
        {
            e.stats().add(1, length, nowNanos);
        }
        final Megaflow flow = new Megaflow(key, t, nowNanos);
        if (megaflows.full())
        {
            final Megaflow victim = megaflows.victim();
            if (victim != null)
            {
                victim.credit(nowNanos);
                megaflows.remove(victim);
                counters.evictions++;
            }
        }
        megaflows.install(flow);
        return flow;
    }

    /**
     * Brings the cache to {@code state}'s version: each megaflow is translated again from its masked key and kept
     * only when mask and program come out identical (so megaflows stay disjoint); the EMC is
     * cleared. Caller holds the lock, or this takes it.
     */
    public void revalidate(final PipelineState state, final long nowNanos)
    {
        lock.lock();
        try
        {
            if (state.version() == version)
            {
                return;
            }
            version = state.version();
            emc.clear();
            for (final Megaflow m : megaflows.all())
            {
                counters.revalidations++;
                m.credit(nowNanos);
                // the masked key takes the same path as the packet that made it: every bit consulted is in the mask
                final Translated t = translator.translate(state, m.value);
                if (Arrays.equals(t.mask(), m.mask) && t.program().equals(m.program))
                {
                    m.contributors = t.contributors();
                }
                else
                {
                    megaflows.remove(m);
                    counters.revalidatedAway++;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Credits all hits to the entries, expires megaflows idle longer than {@code idleNanos}, re-ranks masks. */
    public void sweep(final long nowNanos, final long idleNanos)
    {
        lock.lock();
        try
        {
            final List<Megaflow> idle = new java.util.ArrayList<>();
            megaflows.forEach(m ->
            {
                m.credit(nowNanos);
                if (nowNanos - m.lastUsedNanos > idleNanos)
                {
                    idle.add(m);
                }
            });
            for (final Megaflow m : idle)
            {
                megaflows.remove(m);
                counters.expired++;
            }
            megaflows.rank();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Credits outstanding megaflow hits to the flow entries (before a dump, so counters are exact). */
    public void credit(final long nowNanos)
    {
        lock.lock();
        try
        {
            megaflows.forEach(m -> m.credit(nowNanos));
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Removes every megaflow (crediting them first). */
    public void flush(final long nowNanos)
    {
        lock.lock();
        try
        {
            credit(nowNanos);
            megaflows.clear();
            emc.clear();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** A copy of the installed megaflows. */
    public List<Megaflow> megaflows()
    {
        lock.lock();
        try
        {
            return megaflows.all();
        }
        finally
        {
            lock.unlock();
        }
    }

    public int megaflowCount()
    {
        lock.lock();
        try
        {
            return megaflows.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Adds this port's counters into {@code total}. */
    public void addCounters(final DatapathCounters total)
    {
        lock.lock();
        try
        {
            counters.addTo(total);
        }
        finally
        {
            lock.unlock();
        }
    }
}
