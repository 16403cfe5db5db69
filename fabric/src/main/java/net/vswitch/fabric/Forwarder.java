package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Forwards the batches of one ingress port, in the caller's thread (mSwitch §3.3).
 *
 * <p>Phase 1 asks the logic for each packet's destination and links the packet into that
 * destination's list ({@link DestinationLists}); floods and multi-output packets go to a separate
 * shared list. Phase 2 visits only the destinations that received something (plus every port when
 * the batch holds a flood), reserves slots in each destination ring, copies without the ring lock,
 * and commits. Every packet ends up delivered or counted under a {@link DropReason}.
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

    private static final byte UNICAST = 0;
    private static final byte FLOOD = 1;
    private static final byte MULTI = 2;

    private final Switch owner;
    private final Port port;
    private final int ingress;
    private final PortCounters counters;
    private final DestinationLists lists;
    private final OutputRing.Lease lease = new OutputRing.Lease();
    private final long[] drops = new long[DropReason.count()];
    private int[] decisions;
    private byte[] kind;
    private int[] order;
    private int[] requestedOutputs = new int[16];
    private long forwarded;
    private long rxBytes;
    private long replicated;
    private boolean flood;
    /** The batch holds a frame with an {@link Offload} word (partial checksum or GSO). */
    private boolean offloaded;

    /** Version of the view a batch is using; 0 when idle. Read by the control side to quiesce. */
    @SuppressWarnings("unused")
    private volatile long active;

    Forwarder(final Switch owner, final Port port, final int ingress, final int maxBatch)
    {
        this.owner = owner;
        this.port = port;
        this.ingress = ingress;
        this.counters = port.counters();
        this.lists = new DestinationLists(maxBatch);
        this.decisions = new int[maxBatch];
        this.kind = new byte[maxBatch];
        this.order = new int[maxBatch];
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
                decisions = new int[n];
                kind = new byte[n];
                order = new int[n];
            }
            lists.begin(view.ports.length, n);
            forwarded = 0;
            replicated = 0;
            flood = false;
            offloaded = false;
            rxBytes = 0;
            final PacketMirror mirror = port.mirror();
            if (mirror != null)
            {
                mirror(mirror, batch);
            }
            if (ingress >= view.ports.length || view.ports[ingress] != port)
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
                decide(view, batch, n);
                counters.rx(n, rxBytes);
                deliver(view, batch);
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

    private void decide(final SwitchView view, final PacketBatch batch, final int n)
    {
        final SwitchLogic logic = view.logic;
        final int[] decisions = this.decisions;
        if (logic.batched())
        {
            try
            {
                logic.lookupBatch(batch, ingress, decisions);
            }
            catch (final Throwable ex)
            {
                owner.logicError(ex);
                for (int i = 0; i < n; i++)
                {
                    decisions[i] = lookupOne(logic, batch.packet(i));
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                decisions[i] = lookupOne(logic, batch.packet(i));
            }
        }
        for (int i = 0; i < n; i++)
        {
            route(view, batch.packet(i), i, decisions[i]);
        }
    }

    private static final int MALFORMED_MARK = Integer.MIN_VALUE;
    private static final int LOGIC_ERROR_MARK = Integer.MIN_VALUE + 1;

    private int lookupOne(final SwitchLogic logic, final Packet packet)
    {
        if (packet.length() < Packet.ETH_HEADER_LENGTH || packet.length() > packet.capacity())
        {
            return MALFORMED_MARK;
        }
        try
        {
            return logic.lookup(packet, ingress);
        }
        catch (final Throwable ex)
        {
            owner.logicError(ex);
            return LOGIC_ERROR_MARK;
        }
    }

    private void route(final SwitchView view, final Packet packet, final int i, final int decision)
    {
        final int length = packet.length();
        rxBytes += length;
        if (packet.offload() != Offload.NONE)
        {
            offloaded = true;
        }
        if (decision == MALFORMED_MARK || length < Packet.ETH_HEADER_LENGTH || length > packet.capacity())
        {
            drops[DropReason.MALFORMED.id()]++;
            return;
        }
        final OutputRing[] outputs = view.outputs;
        if (decision >= 0)
        {
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
                kind[i] = UNICAST;
                lists.append(destination, i, length);
            }
        }
        else if (decision == SwitchLogic.BROADCAST)
        {
            final int targets = view.floodTargets - (outputs[ingress] != null ? 1 : 0);
            if (targets <= 0)
            {
                drops[DropReason.NO_DESTINATION.id()]++;
                return;
            }
            replicated += targets - 1;
            kind[i] = FLOOD;
            flood = true;
            lists.appendShared(i);
        }
        else if (decision == SwitchLogic.MULTIPLE)
        {
            routeMultiple(outputs, packet, i);
        }
        else if (decision == SwitchLogic.DROP)
        {
            final DropReason reason = packet.dropReason();
            drops[(reason == null ? DropReason.NO_ROUTE : reason).id()]++;
        }
        else if (decision == LOGIC_ERROR_MARK)
        {
            drops[DropReason.LOGIC_ERROR.id()]++;
        }
        else
        {
            drops[DropReason.BAD_PORT.id()]++;
        }
    }

    /** Validates and de-duplicates the packet's outputs in place; invalid ones are counted copies dropped. */
    private void routeMultiple(final OutputRing[] outputs, final Packet packet, final int i)
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
            drops[DropReason.NO_DESTINATION.id()]++;
            return;
        }
        replicated += copies - 1;
        if (kept > 0)
        {
            kind[i] = MULTI;
            lists.appendShared(i);
        }
    }

    // ------------------------------------------------------------------ phase 2

    private int requestedAt(final int k)
    {
        return requestedOutputs[k];
    }

    private void deliver(final SwitchView view, final PacketBatch batch)
    {
        final boolean shared = lists.sharedCount() > 0;
        for (int t = 0, touched = lists.touchedCount(); t < touched; t++)
        {
            deliverTo(view, batch, lists.touchedAt(t), shared);
        }
        if (flood)
        {
            final int[] active = view.active;
            for (final int destination : active)
            {
                if (destination != ingress && view.outputs[destination] != null && !lists.touched(destination))
                {
                    deliverTo(view, batch, destination, true);
                }
            }
        }
    }

    private void deliverTo(final SwitchView view, final PacketBatch batch, final int destination,
        final boolean withShared)
    {
        if (offloaded)
        {
            // the one place offloaded frames meet their destination: passed whole or adapted
            deliverOffloaded(view, batch, destination);
            return;
        }
        final OutputRing out = view.outputs[destination];
        final int bufferSize = out.bufferSize();
        final int wanted;
        final boolean listed;
        if (!withShared && lists.maxLength(destination) <= bufferSize)
        {
            wanted = lists.count(destination);
            listed = true;
        }
        else
        {
            wanted = collect(batch, destination, bufferSize);
            listed = false;
        }
        if (wanted == 0)
        {
            return;
        }
        final int granted = out.reserve(wanted, lease);
        if (granted < wanted)
        {
            drops[DropReason.RING_FULL.id()] += wanted - granted;
        }
        if (granted == 0)
        {
            return;
        }
        final Ring ring = out.ring();
        final MemorySegment memory = ring.memory();
        long position = lease.start();
        final long end = position + granted;
        int cursor = listed ? lists.head(destination) : 0;
        try
        {
            while (position != end)
            {
                final int index = listed ? cursor : order[cursor];
                final Packet packet = batch.packet(index);
                final int length = packet.length();
                MemorySegment.copy(packet.segment(), packet.offset(), memory, ring.bufferOffset(position), length);
                ring.slot(position, length);
                lease.addBytes(length);
                position++;
                cursor = listed ? lists.next(cursor) : cursor + 1;
            }
        }
        catch (final RuntimeException ex)
        {
            // a source or destination buffer went away under us: publish empty slots, count the rest
            drops[DropReason.TX_ERROR.id()] += end - position;
            while (position != end)
            {
                ring.slotLength(position++, 0);
            }
            owner.portError(ex);
        }
        forwarded += granted - (end - position);
        publish(view, destination, out, granted);
    }

    private void publish(final SwitchView view, final int destination, final OutputRing out, final int slots)
    {
        final Port target = view.ports[destination];
        final PacketMirror mirror = target.mirror();
        if (mirror != null)
        {
            mirrorSent(mirror, target, out.ring(), lease.start(), slots);
        }
        out.commit(lease);
        try
        {
            target.outputReady();
        }
        catch (final RuntimeException ex)
        {
            owner.portError(ex);
        }
    }

    /**
     * Delivers a batch that holds offloaded frames. A port that {@link Port#acceptsOffloads() accepts
     * them} gets each frame whole with its {@link Offload} word in the slot's flags; any other port gets
     * GSO frames cut by {@link GsoSegmenter} and partial checksums completed by {@link ChecksumOffload}.
     * Books: a frame counts once on the ingress side (forwarded, or dropped under one reason), its
     * segments count one by one as the destination's tx packets; a frame whose segments do not all fit
     * the ring counts as RING_FULL and the segments that did fit still go out.
     */
    private void deliverOffloaded(final SwitchView view, final PacketBatch batch, final int destination)
    {
        final OutputRing out = view.outputs[destination];
        final int bufferSize = out.bufferSize();
        final boolean accepts = view.ports[destination].acceptsOffloads();
        final int count = collect(batch, destination, Integer.MAX_VALUE);
        int slots = 0;
        for (int i = 0; i < count; i++)
        {
            final Packet packet = batch.packet(order[i]);
            final int need = slotsFor(packet, accepts, bufferSize);
            if (need <= 0)
            {
                drops[(need == 0 ? DropReason.TOO_BIG : DropReason.MALFORMED).id()]++;
                order[i] = -1;
                continue;
            }
            slots += need;
        }
        if (slots == 0)
        {
            return;
        }
        final int granted = out.reserve(slots, lease);
        if (granted == 0)
        {
            countRingFull(batch, 0, count);
            return;
        }
        final Ring ring = out.ring();
        final MemorySegment memory = ring.memory();
        long position = lease.start();
        final long end = position + granted;
        int i = 0;
        try
        {
            for (; i < count && position != end; i++)
            {
                if (order[i] < 0)
                {
                    continue;
                }
                final Packet packet = batch.packet(order[i]);
                final int word = packet.offload();
                final int length = packet.length();
                if (!Offload.isGso(word) || accepts && length <= bufferSize)
                {
                    final long to = ring.bufferOffset(position);
                    MemorySegment.copy(packet.segment(), packet.offset(), memory, to, length);
                    ring.slot(position, length);
                    if (accepts)
                    {
                        ring.slotFlags(position, word);
                    }
                    else if (Offload.needsCsum(word))
                    {
                        ChecksumOffload.complete(memory, to, length, Offload.csumStart(word), Offload.csumOffset(word));
                    }
                    lease.addBytes(length);
                    position++;
                    forwarded++;
                    continue;
                }
                final int header = GsoSegmenter.headerLength(packet);
                final int segments = GsoSegmenter.segments(packet, header);
                int k = 0;
                for (; k < segments && position != end; k++)
                {
                    final int written = GsoSegmenter.segment(packet, header, k, memory, ring.bufferOffset(position));
                    ring.slot(position, written);
                    lease.addBytes(written);
                    position++;
                }
                if (k == segments)
                {
                    forwarded++;
                }
                else
                {
                    drops[DropReason.RING_FULL.id()]++;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            drops[DropReason.TX_ERROR.id()]++;
            i++;
            while (position != end)
            {
                ring.slotLength(position++, 0);
            }
            owner.portError(ex);
        }
        countRingFull(batch, i, count);
        publish(view, destination, out, granted);
    }

    /** Output slots a frame takes toward this port; 0 when it can never fit (TOO_BIG), -1 malformed GSO. */
    private static int slotsFor(final Packet packet, final boolean accepts, final int bufferSize)
    {
        final int word = packet.offload();
        final int length = packet.length();
        if (!Offload.isGso(word) || accepts && length <= bufferSize)
        {
            return length <= bufferSize ? 1 : 0;
        }
        final int header = GsoSegmenter.headerLength(packet);
        if (header < 0)
        {
            return -1;
        }
        return GsoSegmenter.maxSegmentLength(packet, header) <= bufferSize ? GsoSegmenter.segments(packet, header) : 0;
    }

    private void countRingFull(final PacketBatch batch, final int from, final int count)
    {
        for (int i = from; i < count; i++)
        {
            if (order[i] >= 0)
            {
                drops[DropReason.RING_FULL.id()]++;
            }
        }
    }

    private void mirror(final PacketMirror mirror, final PacketBatch batch)
    {
        try
        {
            mirror.received(port, batch);
        }
        catch (final RuntimeException ex)
        {
            owner.portError(ex);
        }
    }

    private void mirrorSent(final PacketMirror mirror, final Port target, final Ring ring, final long from,
        final int count)
    {
        try
        {
            mirror.sent(target, ring, from, count);
        }
        catch (final RuntimeException ex)
        {
            owner.portError(ex);
        }
    }

    /** Fills {@link #order} with the packets for {@code destination}, unicast and shared merged in batch order. */
    private int collect(final PacketBatch batch, final int destination, final int bufferSize)
    {
        int count = 0;
        int unicast = lists.touched(destination) ? lists.head(destination) : DestinationLists.END;
        int s = 0;
        final int sharedCount = lists.sharedCount();
        while (unicast != DestinationLists.END || s < sharedCount)
        {
            final int index;
            if (s >= sharedCount || (unicast != DestinationLists.END && unicast < lists.sharedAt(s)))
            {
                index = unicast;
                unicast = lists.next(unicast);
            }
            else
            {
                index = lists.sharedAt(s++);
                if (!sharedGoesTo(batch.packet(index), index, destination))
                {
                    continue;
                }
            }
            if (batch.packet(index).length() > bufferSize)
            {
                drops[DropReason.TOO_BIG.id()]++;
                continue;
            }
            order[count++] = index;
        }
        return count;
    }

    private boolean sharedGoesTo(final Packet packet, final int index, final int destination)
    {
        if (kind[index] == FLOOD)
        {
            return destination != ingress;
        }
        final int[] targets = packet.outputs();
        for (int k = 0, n = packet.outputCount(); k < n; k++)
        {
            if (targets[k] == destination)
            {
                return true;
            }
        }
        return false;
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
