package net.vswitch.logic.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;

/**
 * L2 learning bridge (the default logic): learn source MAC → ingress port per VLAN, forward by
 * destination MAC, flood unknown unicast, broadcast and multicast. Entries age out after
 * {@link #AGING_SECONDS_DEFAULT} seconds; a full table refuses new addresses (counted) and those
 * frames are flooded. The fabric does the rest. Through {@link LogicControl} it answers
 * {@code fdb show} and exports {@code fdb_entries} and {@code fdb_learn_refused}.
 */
public final class LearningBridge implements SwitchLogic, LogicControl
{
    /** The ctl command this logic answers ({@code fdb show}). */
    public static final String FDB_COMMAND = "fdb";

    public static final int AGING_SECONDS_DEFAULT = 300;
    public static final int TABLE_LIMIT_DEFAULT = 8192;

    /** The I/G bit of a MAC: set on broadcast and multicast addresses. */
    private static final long GROUP_BIT = 0x0100_0000_0000L;

    private final MacTable table;
    private final int agingMillis;
    private final AtomicLong refused = new AtomicLong();
    private volatile Clock clock = Clock.SYSTEM;
    private volatile LogicContext context;

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
        if (agingSeconds > 1_000_000)
        {
            throw new IllegalArgumentException("aging must be <= 1000000 seconds: " + agingSeconds);
        }
        this.agingMillis = agingSeconds * 1000;
        this.table = new MacTable(tableLimit);
    }

    @Override
    public void start(final LogicContext context)
    {
        this.context = context;
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
        // one clock read per batch; within a batch, a repeated source is learnt once and a repeated
        // destination looked up once (until a learn changes the table)
        final int now = millis(clock.nanoTime());
        final int freshSince = now - agingMillis;
        long lastSrc = -1;
        long lastDst = -1;
        int lastPort = BROADCAST;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet packet = batch.packet(i);
            if (packet.length() < Packet.ETH_HEADER_LENGTH)
            {
                destinations[i] = DROP;
                continue;
            }
            // two 8-byte loads give both MACs and the EtherType; only tagged frames need the parser
            final long w0 = packet.u64(0);
            final long w1 = packet.u64(8);
            final int type = (int)(w1 >>> 16) & 0xFFFF;
            final int vlan = type == Packet.ETHERTYPE_VLAN || type == Packet.ETHERTYPE_QINQ ? packet.vlanId()
                : Packet.NO_VLAN;
            final long src = MacTable.key(vlan, ((w0 & 0xFFFF) << 32) | (w1 >>> 32));
            if (src != lastSrc)
            {
                lastSrc = src;
                if (learn(src, ingressPort, now, freshSince))
                {
                    lastDst = -1;
                }
            }
            final long dstMac = w0 >>> 16;
            if ((dstMac & GROUP_BIT) != 0)
            {
                destinations[i] = BROADCAST;
                continue;
            }
            final long dst = MacTable.key(vlan, dstMac);
            if (dst != lastDst)
            {
                lastDst = dst;
                final int port = table.lookup(dst, freshSince);
                lastPort = port < 0 ? BROADCAST : port;
            }
            destinations[i] = lastPort;
        }
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        if (packet.length() < Packet.ETH_HEADER_LENGTH)
        {
            return DROP;
        }
        final int now = millis(clock.nanoTime());
        final int freshSince = now - agingMillis;
        final int vlan = packet.vlanId();
        learn(MacTable.key(vlan, packet.ethSrc()), ingressPort, now, freshSince);
        if (packet.ethDstIsGroup())
        {
            return BROADCAST;
        }
        final int port = table.lookup(MacTable.key(vlan, packet.ethDst()), freshSince);
        return port < 0 ? BROADCAST : port;
    }

    /** Learns a source unless it is a group address; returns whether the table changed. */
    private boolean learn(final long key, final int ingressPort, final int now, final int freshSince)
    {
        if ((key & GROUP_BIT) != 0)
        {
            return false;
        }
        final int result = table.learn(key, ingressPort, now, freshSince);
        if (result == MacTable.REFUSED)
        {
            refused.incrementAndGet();
            return false;
        }
        return result == MacTable.CHANGED;
    }

    private static int millis(final long nanos)
    {
        return (int)(nanos / 1_000_000L);
    }

    @Override
    public void portDetached(final int portIndex)
    {
        table.removePort(portIndex);
    }

    /** Live entries (for {@code fdb show}). */
    public List<MacEntry> entries()
    {
        final int now = millis(clock.nanoTime());
        return table.entries(now, now - agingMillis);
    }

    /** Removes aged entries now (they already read as absent); returns how many. */
    public int expire()
    {
        return table.expire(millis(clock.nanoTime()) - agingMillis);
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
        return agingMillis / 1000;
    }

    /** Addresses not learnt because the table was full. */
    public long learnRefused()
    {
        return refused.get();
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("fdb_entries", (long)size());
        counters.put("fdb_learn_refused", learnRefused());
        return counters;
    }

    @Override
    public Set<String> commands()
    {
        return Set.of(FDB_COMMAND);
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        if (!command.equals(FDB_COMMAND))
        {
            return LogicControl.super.command(command, args, json);
        }
        if (args.size() != 1 || !args.get(0).equals("show"))
        {
            throw new IllegalArgumentException(args.isEmpty() || args.get(0).startsWith("-")
                ? "usage: fdb show [--switch NAME] [--json]"
                : "unknown fdb subcommand '" + args.get(0) + "'; usage: fdb show [--switch NAME] [--json]");
        }
        final LogicContext running = context;
        return FdbShow.render(this, running == null ? "" : running.switchName(),
            running == null ? new String[0] : running.portNames(), json);
    }

    @Override
    public String name()
    {
        return "bridge";
    }
}
