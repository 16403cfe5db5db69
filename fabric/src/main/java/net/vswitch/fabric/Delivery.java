package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Phase 2 of a forwarder (mSwitch §3.3): for each destination phase 1 touched, collect its packets
 * in batch order (its unicast list, the shared flood and multi-output packets that include it, the
 * copies emitted for it), reserve slots in its ring, copy with no lock held, commit, and wake the
 * port. Counts what it cannot deliver (ring full, too big, tx error) into the forwarder's drops.
 * One per forwarder, used by its thread only. A fault while touching a port's memory (an
 * {@link InternalError} from an unsafe access, an {@link IllegalStateException} from a closed arena)
 * {@link Port#quarantine quarantines} that port alone: the rest of the batch still goes to every
 * other destination, and what cannot go is counted as {@link DropReason#QUARANTINED}.
 */
final class Delivery
{
    static final byte UNICAST = 0;
    static final byte FLOOD = 1;
    static final byte MULTI = 2;

    private final Switch owner;
    private final DestinationLists lists;
    private final EmitScratch scratch;
    private final long[] drops;
    private final OutputRing.Lease lease = new OutputRing.Lease();
    /** What goes to one destination: packet indexes, or {@code ~record} for an emitted copy. */
    private int[] order = new int[0];
    private int ingress;
    /** The port the batch came from; null for injected frames. */
    private Port source;
    private byte[] kind;
    private boolean emitted;
    private long forwarded;

    Delivery(final Switch owner, final DestinationLists lists, final EmitScratch scratch, final long[] drops)
    {
        this.owner = owner;
        this.lists = lists;
        this.scratch = scratch;
        this.drops = drops;
    }

    /** Room for one destination receiving {@code entries} frames (packets plus emitted copies). */
    void capacity(final int entries)
    {
        if (order.length < entries)
        {
            order = new int[entries];
        }
    }

    /**
     * Delivers the batch phase 1 routed to every destination it touched (and, with a flood, to every
     * other port but the ingress one).
     *
     * @return the copies written into destination rings
     */
    long deliver(final SwitchView view, final PacketBatch batch, final Port source, final int ingress,
        final byte[] kind, final boolean flood, final boolean emitted)
    {
        this.source = source;
        this.ingress = ingress;
        this.kind = kind;
        this.emitted = emitted;
        forwarded = 0;
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
        return forwarded;
    }

    private void deliverTo(final SwitchView view, final PacketBatch batch, final int destination,
        final boolean withShared)
    {
        final OutputRing out = view.outputs[destination];
        final int bufferSize = out.bufferSize();
        final int wanted;
        final boolean listed;
        final boolean withEmits = emitted && lists.touched(destination)
            && lists.emitHead(destination) != DestinationLists.END;
        if (!withShared && !withEmits && lists.maxLength(destination) <= bufferSize)
        {
            wanted = lists.count(destination);
            listed = true;
        }
        else
        {
            wanted = collect(batch, destination, bufferSize, withEmits);
            listed = false;
        }
        if (wanted == 0)
        {
            return;
        }
        final Port target = view.ports[destination];
        if (target.quarantined() || sourceQuarantined())
        {
            drops[DropReason.QUARANTINED.id()] += wanted;
            return;
        }
        final OutputRing.Lease lease = this.lease;
        final int granted;
        try
        {
            granted = out.reserve(wanted, lease);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // reading the destination's head faulted: its memory is gone (a shared-memory peer)
            drops[DropReason.QUARANTINED.id()] += wanted;
            quarantine(target, ex);
            return;
        }
        if (granted < wanted)
        {
            drops[DropReason.RING_FULL.id()] += wanted - granted;
        }
        if (granted == 0)
        {
            return;
        }
        int cursor = listed ? lists.head(destination) : 0;
        int failed = 0;
        try
        {
            for (int left = granted; left > 0; left--)
            {
                final int entry = listed ? cursor : order[cursor];
                if (entry >= 0)
                {
                    final Packet packet = batch.packet(entry);
                    put(lease, target, packet.segment(), packet.offset(), packet.length());
                }
                else
                {
                    final int record = ~entry;
                    put(lease, target, scratch.memory(), scratch.offset(record), scratch.length(record));
                }
                cursor = listed ? lists.next(cursor) : cursor + 1;
            }
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (target.quarantined())
            {
                // never touch its ring again: the lease stays unpublished, what was copied is lost with it
                drops[DropReason.QUARANTINED.id()] += granted;
                return;
            }
            // publish empty slots for the rest and count them
            failed = lease.abandonRest();
            if (sourceQuarantined())
            {
                drops[DropReason.QUARANTINED.id()] += failed;
            }
            else
            {
                // a source or destination buffer went away under us
                drops[DropReason.TX_ERROR.id()] += failed;
                owner.portError(ex);
            }
        }
        forwarded += granted - failed;
        final PacketMirror mirror = target.mirror();
        if (mirror != null)
        {
            mirrorSent(mirror, target, out.ring(), lease.start(), granted);
        }
        try
        {
            out.commit(lease);
            target.outputReady();
        }
        catch (final RuntimeException | InternalError ex)
        {
            if (faults(out.ring().memory(), 0))
            {
                quarantine(target, ex);
            }
            else
            {
                owner.portError(ex);
            }
        }
    }

    /** Copies one frame into the lease; when the copy fails, quarantines whichever side's memory faults. */
    private void put(final OutputRing.Lease lease, final Port target, final MemorySegment from, final long offset,
        final int length)
    {
        try
        {
            lease.put(from, offset, length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            final long at = lease.ring.bufferOffset(lease.cursor);
            if (faults(lease.memory, at) || faults(lease.memory, at + length - 1))
            {
                quarantine(target, ex);
            }
            if (source != null && (faults(from, offset) || faults(from, offset + length - 1)))
            {
                quarantine(source, ex);
            }
            throw ex;
        }
    }

    /** Whether the ingress port (none for injected frames) is quarantined. */
    private boolean sourceQuarantined()
    {
        return source != null && source.quarantined();
    }

    private void quarantine(final Port faulty, final Throwable ex)
    {
        faulty.quarantine(ex);
        owner.portError(ex);
    }

    /** Whether reading one byte of {@code memory} fails: unmapped, truncated under a mapping, or a closed arena. */
    private static boolean faults(final MemorySegment memory, final long offset)
    {
        try
        {
            memory.get(ValueLayout.JAVA_BYTE, Math.max(0, Math.min(offset, memory.byteSize() - 1)));
            return false;
        }
        catch (final RuntimeException | InternalError ex)
        {
            return true;
        }
    }

    private void mirrorSent(final PacketMirror mirror, final Port target, final Ring ring, final long from,
        final int count)
    {
        try
        {
            mirror.sent(target, ring, from, count);
        }
        catch (final RuntimeException | InternalError ex)
        {
            owner.portError(ex);
        }
    }

    /**
     * Fills {@link #order} with what goes to {@code destination} in batch order: its unicast list, the
     * shared (flood, multi-output) packets that include it, and its emitted copies ({@code ~record};
     * a packet's emitted copies come before its final decision's copy, as the logic made them).
     */
    private int collect(final PacketBatch batch, final int destination, final int bufferSize,
        final boolean withEmits)
    {
        int count = 0;
        int unicast = lists.touched(destination) ? lists.head(destination) : DestinationLists.END;
        int emit = withEmits ? lists.emitHead(destination) : EmitScratch.END;
        int s = 0;
        final int sharedCount = lists.sharedCount();
        while (unicast != DestinationLists.END || s < sharedCount || emit != EmitScratch.END)
        {
            final int packetNext = Math.min(unicast == DestinationLists.END ? Integer.MAX_VALUE : unicast,
                s < sharedCount ? lists.sharedAt(s) : Integer.MAX_VALUE);
            if (emit != EmitScratch.END && scratch.packet(emit) <= packetNext)
            {
                final int record = emit;
                emit = scratch.next(record);
                if (scratch.withdrawn(record))
                {
                    continue;
                }
                if (scratch.length(record) > bufferSize)
                {
                    drops[DropReason.TOO_BIG.id()]++;
                    continue;
                }
                order[count++] = ~record;
                continue;
            }
            final int index;
            if (packetNext == unicast)
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
}
