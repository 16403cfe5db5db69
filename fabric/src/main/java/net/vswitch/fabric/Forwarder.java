package net.vswitch.fabric;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Forwards the batches of one ingress port, in the caller's thread (mSwitch §3.3).
 *
 * <p>Phase 1 asks the logic for each packet's destination and links the packet into that
 * destination's list ({@link DestinationLists}); floods and multi-output packets go to a separate
 * shared list. Phase 2 ({@link Delivery}) visits only the destinations that received something
 * (plus every port when the batch holds a flood), reserves slots in each destination ring, copies
 * without the ring lock, and commits. Every packet ends up delivered or counted under a {@link DropReason}.
 *
 * <p>Copies a logic {@link Packet#emit emits} during phase 1 go into {@link EmitScratch} and are
 * linked per destination; phase 2 merges them in batch order with the packets' final decisions. A
 * batch without emits pays a few stores per batch for this, nothing per packet.
 */
final class Forwarder implements Ingress
{
    private static final VarHandle ACTIVE;

    static
    {
        try
        {
            ACTIVE = MethodHandles.lookup().findVarHandle(Forwarder.class, "active", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Switch owner;
    private final Port port;
    /** The ingress port's index; fixed for a port's forwarder, set per frame for the switch's injector. */
    private int ingress;
    private final PortCounters counters;
    private final DestinationLists lists;
    private final EmitScratch scratch;
    private final int maxCopies;
    private final long[] drops = new long[DropReason.count()];
    private final Delivery delivery;
    private int[] decisions;
    private byte[] kind;
    /** Emit calls per packet of the batch being decided; read and cleared by phase 1's routing. */
    private int[] emitted;
    private int[] sortCounts;
    private int[] requestedOutputs = new int[16];
    /** The view the batch being decided uses (emit validates against it); {@code null} between batches. */
    private SwitchView deciding;
    /** Emit calls in this batch (successful or not). */
    private int emits;
    private long forwarded;
    private long rxBytes;
    private long replicated;
    private boolean flood;

    /** Version of the view a batch is using; 0 when idle. Read by the control side to quiesce. */
    @SuppressWarnings("unused")
    private volatile long active;

    Forwarder(final Switch owner, final Port port, final int ingress, final int maxBatch)
    {
        this(owner, port, port.counters(), ingress, maxBatch);
    }

    /**
     * The switch's injector: no port of its own ({@link #port()} is {@code null}), its own counters,
     * an ingress index per {@link #inject} call. Callers serialise on it (it is one forwarder).
     */
    static Forwarder injector(final Switch owner, final PortCounters counters, final int maxBatch)
    {
        return new Forwarder(owner, null, counters, -1, maxBatch);
    }

    private Forwarder(final Switch owner, final Port port, final PortCounters counters, final int ingress,
        final int maxBatch)
    {
        this.owner = owner;
        this.port = port;
        this.ingress = ingress;
        this.counters = counters;
        this.lists = new DestinationLists(maxBatch);
        this.scratch = new EmitScratch(maxBatch);
        this.delivery = new Delivery(owner, lists, scratch, drops);
        this.maxCopies = maxBatch * EmitScratch.COPIES_PER_PACKET;
        grow(maxBatch);
    }

    /** Per-packet scratch for batches of {@code n} (the constructor, or a source batch larger than maxBatch). */
    private void grow(final int n)
    {
        decisions = new int[n];
        kind = new byte[n];
        emitted = new int[n];
        sortCounts = new int[n + 1];
        // one destination may receive every packet plus every emitted copy
        delivery.capacity(n + maxCopies);
    }

    Port port()
    {
        return port;
    }

    long activeVersion()
    {
        return (long)ACTIVE.getVolatile(this);
    }

    @Override
    public int forward(final PacketBatch batch)
    {
        return forward(batch, null);
    }

    /** The injector forwards {@code batch} as if {@code ingressIndex} had received it ({@code logic} if given). */
    int inject(final int ingressIndex, final PacketBatch batch, final SwitchLogic logic)
    {
        ingress = ingressIndex;
        return forward(batch, logic);
    }

    private int forward(final PacketBatch batch, final SwitchLogic logicOrNull)
    {
        final int n = batch.size();
        if (n == 0)
        {
            return 0;
        }
        final ForwardTimer timer = owner.forwardTimer();
        final long started = timer == null ? 0 : System.nanoTime();
        final SwitchView view = enter();
        try
        {
            if (decisions.length < n)
            {
                grow(n);
            }
            lists.begin(view.ports.length, n);
            scratch.begin();
            emits = 0;
            forwarded = 0;
            replicated = 0;
            flood = false;
            rxBytes = 0;
            final PacketMirror mirror = port == null ? null : port.mirror();
            if (mirror != null)
            {
                mirror(mirror, batch);
            }
            // a port's forwarder needs its own port at its index; the injector needs any port there
            final boolean attached = ingress < view.ports.length
                && (port != null ? view.ports[ingress] == port : view.ports[ingress] != null);
            if (!attached)
            {
                for (int i = 0; i < n; i++)
                {
                    rxBytes += batch.packet(i).length();
                }
                counters.rx(n, rxBytes);
                drops[DropReason.DETACHED.id()] += n;
            }
            else
            {
                decide(view, logicOrNull == null ? view.logic : logicOrNull, batch, n);
                counters.rx(n, rxBytes);
                forwarded = delivery.deliver(view, batch, port, ingress, kind, flood, emits != 0);
            }
            flushCounters();
            return (int)forwarded;
        }
        finally
        {
            ACTIVE.setRelease(this, 0L);
            if (timer != null)
            {
                timer.batchForwarded(n, System.nanoTime() - started);
            }
        }
    }

    private SwitchView enter()
    {
        SwitchView view = owner.view();
        while (true)
        {
            ACTIVE.setVolatile(this, view.version);
            final SwitchView again = owner.view();
            if (again == view)
            {
                return view;
            }
            view = again;
        }
    }

    // ------------------------------------------------------------------ phase 1

    private void decide(final SwitchView view, final SwitchLogic logic, final PacketBatch batch, final int n)
    {
        final int[] decisions = this.decisions;
        deciding = view;
        batch.emitter = this;
        try
        {
            if (logic.batched())
            {
                decideBatch(logic, batch, n);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    decisions[i] = lookupOne(logic, batch.packet(i));
                }
            }
        }
        finally
        {
            batch.emitter = null;
            deciding = null;
        }
        if (emits == 0)
        {
            for (int i = 0; i < n; i++)
            {
                route(view, batch.packet(i), i, decisions[i], 0);
            }
        }
        else
        {
            if (!scratch.inOrder())
            {
                relinkEmits(n);
            }
            final int[] emitted = this.emitted;
            for (int i = 0; i < n; i++)
            {
                final int copies = emitted[i];
                emitted[i] = 0;
                route(view, batch.packet(i), i, decisions[i], copies);
            }
        }
    }

    private static final int MALFORMED_MARK = Integer.MIN_VALUE;
    private static final int LOGIC_ERROR_MARK = Integer.MIN_VALUE + 1;

    /** The one frame-length check per packet: a frame that cannot hold an Ethernet header never reaches the logic. */
    private int lookupOne(final SwitchLogic logic, final Packet packet)
    {
        final int length = packet.length();
        rxBytes += length;
        if (length < Packet.ETH_HEADER_LENGTH || length > packet.capacity())
        {
            return MALFORMED_MARK;
        }
        final int firstEmit = scratch.count();
        try
        {
            return logic.lookup(packet, ingress);
        }
        catch (final Throwable ex)
        {
            owner.logicError(ex);
            drops[DropReason.LOGIC_ERROR.id()] += scratch.withdrawFrom(firstEmit);
            return LOGIC_ERROR_MARK;
        }
    }

    /**
     * A batched logic sees the whole batch, malformed frames included (their decisions are ignored).
     * If it throws, nothing it decided is trusted: every packet of the batch, and every copy it
     * emitted, is dropped as LOGIC_ERROR (deciding again would apply rewrites twice).
     */
    private void decideBatch(final SwitchLogic logic, final PacketBatch batch, final int n)
    {
        final int[] decisions = this.decisions;
        // rx counts the bytes received, before the logic rewrites (push VLAN) anything
        long bytes = 0;
        for (int i = 0; i < n; i++)
        {
            bytes += batch.packet(i).length();
        }
        rxBytes += bytes;
        try
        {
            logic.lookupBatch(batch, ingress, decisions);
        }
        catch (final Throwable ex)
        {
            owner.logicError(ex);
            drops[DropReason.LOGIC_ERROR.id()] += scratch.withdrawFrom(0);
            for (int i = 0; i < n; i++)
            {
                decisions[i] = LOGIC_ERROR_MARK;
            }
        }
        for (int i = 0; i < n; i++)
        {
            final Packet packet = batch.packet(i);
            final int length = packet.length();
            if (length < Packet.ETH_HEADER_LENGTH || length > packet.capacity())
            {
                decisions[i] = MALFORMED_MARK;
            }
        }
    }

    /** {@link Packet#emit}: validates the destination, copies the bytes into scratch, links the copy. */
    boolean emit(final Packet packet, final int index, final int port)
    {
        emits++;
        emitted[index]++;
        final OutputRing[] outputs = deciding.outputs;
        final int destination = port & ~SwitchLogic.HAIRPIN_FLAG;
        if (port < 0 || destination >= outputs.length || outputs[destination] == null)
        {
            drops[DropReason.BAD_PORT.id()]++;
            return false;
        }
        if (destination == ingress && (port & SwitchLogic.HAIRPIN_FLAG) == 0)
        {
            drops[DropReason.HAIRPIN.id()]++;
            return false;
        }
        final int length = packet.length();
        if (length < Packet.ETH_HEADER_LENGTH || length > packet.capacity())
        {
            drops[DropReason.MALFORMED.id()]++;
            return false;
        }
        final int record = scratch.add(index, destination, packet.segment(), packet.offset(), length);
        if (record == EmitScratch.END)
        {
            drops[DropReason.NO_BUFFER.id()]++;
            return false;
        }
        lists.appendEmit(destination, record, scratch);
        return true;
    }

    /** A batched logic emitted out of packet order: relink every destination's copies in packet order. */
    private void relinkEmits(final int n)
    {
        for (int t = 0, touched = lists.touchedCount(); t < touched; t++)
        {
            lists.clearEmits(lists.touchedAt(t));
        }
        final int[] sorted = scratch.sortByPacket(n, sortCounts);
        for (int j = 0, count = scratch.count(); j < count; j++)
        {
            final int record = sorted[j];
            scratch.next(record, EmitScratch.END);
            lists.appendEmit(scratch.destination(record), record, scratch);
        }
    }

    /**
     * Routes one packet's final decision. {@code emitted} copies were already made (or counted as
     * dropped) by {@link #emit}; with the decision's own copies they make the packet's deliveries, and
     * every one beyond the first is {@code replicated}. A packet with no delivery at all is one drop.
     */
    private void route(final SwitchView view, final Packet packet, final int i, final int decision,
        final int emitted)
    {
        final OutputRing[] outputs = view.outputs;
        if (decision >= 0)
        {
            replicated += emitted;
            final int destination = decision & ~SwitchLogic.HAIRPIN_FLAG;
            if (destination >= outputs.length || outputs[destination] == null)
            {
                drops[DropReason.BAD_PORT.id()]++;
            }
            else if (destination == ingress && (decision & SwitchLogic.HAIRPIN_FLAG) == 0)
            {
                drops[DropReason.HAIRPIN.id()]++;
            }
            else
            {
                kind[i] = Delivery.UNICAST;
                lists.append(destination, i, packet.length());
            }
        }
        else if (decision == SwitchLogic.BROADCAST)
        {
            final int targets = view.floodTargets - (outputs[ingress] != null ? 1 : 0);
            if (targets <= 0)
            {
                nothingMore(DropReason.NO_DESTINATION, emitted);
                return;
            }
            replicated += targets - 1 + emitted;
            kind[i] = Delivery.FLOOD;
            flood = true;
            lists.appendShared(i);
        }
        else if (decision == SwitchLogic.MULTIPLE)
        {
            routeMultiple(outputs, packet, i, emitted);
        }
        else if (decision == SwitchLogic.DROP)
        {
            final DropReason reason = packet.dropReason();
            nothingMore(reason == null ? DropReason.NO_ROUTE : reason, emitted);
        }
        else
        {
            // the decision itself is a copy that fails
            replicated += emitted;
            final DropReason reason = decision == MALFORMED_MARK ? DropReason.MALFORMED
                : decision == LOGIC_ERROR_MARK ? DropReason.LOGIC_ERROR : DropReason.BAD_PORT;
            drops[reason.id()]++;
        }
    }

    /** The decision adds no copy: a drop when nothing was emitted either, else the emits are the deliveries. */
    private void nothingMore(final DropReason reason, final int emitted)
    {
        if (emitted == 0)
        {
            drops[reason.id()]++;
        }
        else
        {
            replicated += emitted - 1;
        }
    }

    /** Validates and de-duplicates the packet's outputs in place; invalid ones are counted copies dropped. */
    private void routeMultiple(final OutputRing[] outputs, final Packet packet, final int i, final int emitted)
    {
        final int[] targets = packet.outputs();
        final int requested = packet.outputCount();
        if (requestedOutputs.length < requested)
        {
            requestedOutputs = new int[requested];
        }
        System.arraycopy(targets, 0, requestedOutputs, 0, requested);
        int kept = 0;
        int copies = 0;
        for (int j = 0; j < requested; j++)
        {
            final int target = requestedOutputs[j];
            final int destination = target & ~SwitchLogic.HAIRPIN_FLAG;
            boolean duplicate = false;
            for (int k = 0; k < j; k++)
            {
                if ((requestedAt(k) & ~SwitchLogic.HAIRPIN_FLAG) == destination)
                {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate)
            {
                continue;
            }
            copies++;
            if (target < 0 || destination >= outputs.length || outputs[destination] == null)
            {
                drops[DropReason.BAD_PORT.id()]++;
            }
            else if (destination == ingress && (target & SwitchLogic.HAIRPIN_FLAG) == 0)
            {
                drops[DropReason.HAIRPIN.id()]++;
            }
            else
            {
                targets[kept++] = destination;
                lists.touch(destination);
            }
        }
        packet.clearOutputs();
        for (int k = 0; k < kept; k++)
        {
            packet.addOutput(targets[k]);
        }
        if (copies == 0)
        {
            nothingMore(DropReason.NO_DESTINATION, emitted);
            return;
        }
        replicated += copies - 1 + emitted;
        if (kept > 0)
        {
            kind[i] = Delivery.MULTI;
            lists.appendShared(i);
        }
    }

    private int requestedAt(final int k)
    {
        return requestedOutputs[k];
    }

    private void mirror(final PacketMirror mirror, final PacketBatch batch)
    {
        try
        {
            mirror.received(port, batch);
        }
        catch (final RuntimeException | InternalError ex)
        {
            owner.portError(ex);
        }
    }

    private void flushCounters()
    {
        counters.forwarded(forwarded);
        if (replicated != 0)
        {
            counters.replicated(replicated);
        }
        final long[] drops = this.drops;
        for (int r = 0; r < drops.length; r++)
        {
            if (drops[r] != 0)
            {
                counters.drop(DropReason.byId(r), drops[r]);
                drops[r] = 0;
            }
        }
    }
}
