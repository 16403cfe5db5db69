package net.vswitch.fabric;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one port. Each group has one writer at a time: the ingress side (rx, forwarded,
 * replicated, drops) is written by whichever thread forwards this port's batches, the egress side
 * (tx) under the destination ring's commit lock. Writes are release-ordered so readers on other
 * threads (ctl, metrics) see monotonic values without locking the data path.
 *
 * <p>Accounting: for every port, {@code rx + replicated == forwarded + drops(all reasons except the
 * egress ones)}; {@code replicated} counts the extra copies a flood or multi-output makes. The egress
 * reasons ({@code TX_ERROR}, {@code TUNNEL_MTU}) are charged to the egress port (a device or the underlay
 * refused what the switch handed it).
 */
public final class PortCounters
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static final int RX_PACKETS = 0;
    static final int RX_BYTES = 1;
    static final int FORWARDED = 2;
    static final int REPLICATED = 3;
    static final int DROP_BASE = 4;
    // tx lives two cache lines away from the ingress-side counters (different writers)
    static final int TX_PACKETS = 32;
    static final int TX_BYTES = 33;
    private static final int SLOTS = 48;

    private final long[] values = new long[SLOTS];

    private void add(final int slot, final long delta)
    {
        LONGS.setRelease(values, slot, (long)LONGS.get(values, slot) + delta);
    }

    private long read(final int slot)
    {
        return (long)LONGS.getAcquire(values, slot);
    }

    public void rx(final long packets, final long bytes)
    {
        add(RX_PACKETS, packets);
        add(RX_BYTES, bytes);
    }

    public void tx(final long packets, final long bytes)
    {
        add(TX_PACKETS, packets);
        add(TX_BYTES, bytes);
    }

    public void forwarded(final long packets)
    {
        add(FORWARDED, packets);
    }

    public void replicated(final long copies)
    {
        add(REPLICATED, copies);
    }

    public void drop(final DropReason reason, final long packets)
    {
        add(DROP_BASE + reason.id(), packets);
    }

    public long rxPackets()
    {
        return read(RX_PACKETS);
    }

    public long rxBytes()
    {
        return read(RX_BYTES);
    }

    public long txPackets()
    {
        return read(TX_PACKETS);
    }

    public long txBytes()
    {
        return read(TX_BYTES);
    }

    public long forwarded()
    {
        return read(FORWARDED);
    }

    public long replicated()
    {
        return read(REPLICATED);
    }

    public long drops(final DropReason reason)
    {
        return read(DROP_BASE + reason.id());
    }

    public long totalDrops()
    {
        long total = 0;
        for (int i = 0; i < DropReason.count(); i++)
        {
            total += read(DROP_BASE + i);
        }
        return total;
    }

    /** Drops that count against this port's ingress (all but the {@link DropReason#egress()} ones). */
    public long ingressDrops()
    {
        long total = 0;
        for (int i = 0; i < DropReason.count(); i++)
        {
            if (!DropReason.byId(i).egress())
            {
                total += read(DROP_BASE + i);
            }
        }
        return total;
    }
}
