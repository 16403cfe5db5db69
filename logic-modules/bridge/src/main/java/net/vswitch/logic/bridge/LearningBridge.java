package net.vswitch.logic.bridge;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;

/**
 * L2 learning bridge (the default logic): learn source MAC → ingress port per VLAN, forward by
 * destination MAC, flood unknown unicast, broadcast and multicast. Entries age out after
 * {@link #AGING_SECONDS_DEFAULT} seconds; a full table refuses new addresses (counted) and those
 * frames are flooded. The fabric does the rest.
 */
public final class LearningBridge implements SwitchLogic
{
    public static final int AGING_SECONDS_DEFAULT = 300;
    public static final int TABLE_LIMIT_DEFAULT = 8192;

    private final MacTable table;
    private final long agingNanos;
    private final AtomicLong refused = new AtomicLong();
    private volatile Clock clock = Clock.SYSTEM;

    public LearningBridge()
    {
        this(AGING_SECONDS_DEFAULT, TABLE_LIMIT_DEFAULT);
    }

    public LearningBridge(final int agingSeconds, final int tableLimit)
    {
        if (agingSeconds < 1)
        {
            throw new IllegalArgumentException("aging must be >= 1 second: " + agingSeconds);
        }
        this.agingNanos = agingSeconds * 1_000_000_000L;
        this.table = new MacTable(tableLimit);
    }

    @Override
    public void start(final LogicContext context)
    {
        clock = context.clock();
    }

    @Override
    public boolean batched()
    {
        return true;
    }

    @Override
    public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        final long now = clock.nanoTime();
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            destinations[i] = decide(batch.packet(i), ingressPort, now);
        }
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return decide(packet, ingressPort, clock.nanoTime());
    }

    private int decide(final Packet packet, final int ingressPort, final long now)
    {
        if (packet.length() < Packet.ETH_HEADER_LENGTH)
        {
            return DROP;
        }
        final int vlan = packet.vlanId();
        final long freshSince = now - agingNanos;
        final long src = packet.ethSrc();
        if ((src & 0x0100_0000_0000L) == 0 && !table.learn(MacTable.key(vlan, src), ingressPort, now, freshSince))
        {
            refused.incrementAndGet();
        }
        if (packet.ethDstIsGroup())
        {
            return BROADCAST;
        }
        final int port = table.lookup(MacTable.key(vlan, packet.ethDst()), freshSince);
        return port < 0 ? BROADCAST : port;
    }

    @Override
    public void portDetached(final int portIndex)
    {
        table.removePort(portIndex);
    }

    /** Live entries (for {@code fdb show}). */
    public List<MacEntry> entries()
    {
        final long now = clock.nanoTime();
        return table.entries(now, now - agingNanos);
    }

    /** Removes aged entries now (they already read as absent); returns how many. */
    public int expire()
    {
        return table.expire(clock.nanoTime() - agingNanos);
    }

    public void flush()
    {
        table.clear();
    }

    public int size()
    {
        return table.size();
    }

    public int limit()
    {
        return table.limit();
    }

    public int agingSeconds()
    {
        return (int)(agingNanos / 1_000_000_000L);
    }

    /** Addresses not learnt because the table was full. */
    public long learnRefused()
    {
        return refused.get();
    }

    @Override
    public String name()
    {
        return "bridge";
    }
}
