package net.vswitch.logic.filter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.ControlJson;
import net.vswitch.fabric.plugin.LogicControl;

/**
 * MultiStack (mSwitch §5.3): ports reserve {@code <protocol, local IP, local port>} tuples, and the
 * switch demultiplexes the traffic of one NIC-side port (the uplink) between them.
 *
 * <ul>
 * <li>From the uplink: a TCP/UDP packet whose destination tuple is reserved goes to its holder;
 *     everything else goes to the default port (the host stack).</li>
 * <li>From any other port (output verification): a TCP/UDP packet whose source tuple the sender
 *     holds goes to the uplink; the default port may also send any tuple that no port holds.
 *     Anything else is dropped as {@link DropReason#SPOOFED}.</li>
 * <li>Traffic without a tuple (ARP, non-IP, ICMP, ...) follows {@link OtherTraffic}, by default
 *     from the uplink to the default port and from any port to the uplink.</li>
 * <li>IP fragments are dropped as {@link DropReason#FILTERED} (later fragments carry no ports, so a
 *     fragment could not be delivered to the right holder); an IP header or a TCP/UDP header that
 *     does not fit in the frame is dropped as {@link DropReason#MALFORMED}.</li>
 * </ul>
 *
 * <p>Reservations are made through {@link #reserve}; a colliding one is refused naming the holder.
 * {@link #release} and port detach free them. Lookups are lock-free and allocation-free
 * ({@link TupleTable}); control calls are serialized and may run while traffic flows.
 */
public final class ThreeTupleFilter implements SwitchLogic, LogicControl
{
    public static final int UPLINK_PORT_DEFAULT = 0;
    public static final int DEFAULT_PORT_DEFAULT = 1;
    public static final int TABLE_LIMIT_DEFAULT = 1 << 18;
    public static final OtherTraffic OTHER_FROM_UPLINK_DEFAULT = OtherTraffic.FORWARD;
    public static final OtherTraffic OTHER_FROM_PORTS_DEFAULT = OtherTraffic.FORWARD;

    /** The data path reads these together, once per packet or batch; replaced whole. */
    private record Settings(int uplink, int defaultPort, OtherTraffic fromUplink, OtherTraffic fromPorts)
    {
    }

    private final TupleTable table;
    private volatile Settings settings;
    private volatile LogicContext context;

    /** Uplink port 0, default port 1, default policies, {@link #TABLE_LIMIT_DEFAULT} reservations. */
    public ThreeTupleFilter()
    {
        this(UPLINK_PORT_DEFAULT, DEFAULT_PORT_DEFAULT);
    }

    public ThreeTupleFilter(final int uplinkPort, final int defaultPort)
    {
        this(uplinkPort, defaultPort, TABLE_LIMIT_DEFAULT);
    }

    /**
     * @param uplinkPort  index of the NIC-side port whose traffic is demultiplexed
     * @param defaultPort index of the port that gets what no reservation claims (the host stack)
     * @param tableLimit  most tuples held at once (1..16777216)
     */
    public ThreeTupleFilter(final int uplinkPort, final int defaultPort, final int tableLimit)
    {
        checkPorts(uplinkPort, defaultPort);
        this.table = new TupleTable(tableLimit);
        this.settings = new Settings(uplinkPort, defaultPort, OTHER_FROM_UPLINK_DEFAULT, OTHER_FROM_PORTS_DEFAULT);
    }

    private static void checkPorts(final int uplinkPort, final int defaultPort)
    {
        if (uplinkPort < 0 || defaultPort < 0)
        {
            throw new IllegalArgumentException("uplink and default port indexes must be >= 0: uplink " + uplinkPort
                + ", default " + defaultPort);
        }
        if (uplinkPort == defaultPort)
        {
            throw new IllegalArgumentException("the uplink and the default port must differ: both are " + uplinkPort);
        }
    }

    // ------------------------------------------------------------------ configuration

    public int uplinkPort()
    {
        return settings.uplink;
    }

    public int defaultPort()
    {
        return settings.defaultPort;
    }

    public OtherTraffic otherFromUplink()
    {
        return settings.fromUplink;
    }

    public OtherTraffic otherFromPorts()
    {
        return settings.fromPorts;
    }

    /**
     * Changes the uplink and default port while traffic flows.
     *
     * @throws IllegalArgumentException when they are equal or the new uplink holds reservations
     */
    public synchronized ThreeTupleFilter ports(final int uplinkPort, final int defaultPort)
    {
        checkPorts(uplinkPort, defaultPort);
        final int held = table.count(uplinkPort);
        if (held > 0)
        {
            throw new IllegalArgumentException(describePort(uplinkPort) + " holds " + held
                + " reservation(s); release them before making it the uplink");
        }
        final Settings s = settings;
        settings = new Settings(uplinkPort, defaultPort, s.fromUplink, s.fromPorts);
        return this;
    }

    /** What happens to traffic without a 3-tuple arriving from the uplink and from the other ports. */
    public synchronized ThreeTupleFilter otherTraffic(final OtherTraffic fromUplink, final OtherTraffic fromPorts)
    {
        Objects.requireNonNull(fromUplink, "fromUplink");
        Objects.requireNonNull(fromPorts, "fromPorts");
        final Settings s = settings;
        settings = new Settings(s.uplink, s.defaultPort, fromUplink, fromPorts);
        return this;
    }

    // ------------------------------------------------------------------ reservations

    /** See {@link #reserve(int, Tuple)}. */
    public Reservation reserve(final int portIndex, final L4Protocol protocol, final InetAddress address,
        final int port)
    {
        return reserve(portIndex, new Tuple(protocol, address, port));
    }

    /**
     * Reserves a tuple for a port: from now on the uplink's packets to it go to that port, and
     * that port may send from it.
     *
     * @throws IllegalArgumentException naming the holder when the tuple is already reserved; when the
     *                                  port is the uplink, or (on a switch) is not attached
     * @throws IllegalStateException    when the table is full
     */
    public synchronized Reservation reserve(final int portIndex, final Tuple tuple)
    {
        Objects.requireNonNull(tuple, "tuple");
        checkHolder(portIndex);
        final int holder = table.insert(meta(tuple), tuple.high(), tuple.low(), portIndex);
        if (holder != TupleTable.NONE)
        {
            throw new IllegalArgumentException(tuple + " is already reserved by " + describePort(holder));
        }
        return new Reservation(tuple, portIndex, portName(portIndex));
    }

    private void checkHolder(final int portIndex)
    {
        if (portIndex < 0)
        {
            throw new IllegalArgumentException("port index must be >= 0: " + portIndex);
        }
        if (portIndex == settings.uplink)
        {
            throw new IllegalArgumentException(describePort(portIndex) + " is the uplink; it cannot reserve tuples");
        }
        final LogicContext ctx = context;
        if (ctx != null)
        {
            final String[] names = ctx.portNames();
            if (portIndex >= names.length || names[portIndex] == null)
            {
                throw new IllegalArgumentException("port " + portIndex + " is not attached to switch "
                    + ctx.switchName());
            }
        }
    }

    /** See {@link #release(int, Tuple)}. */
    public void release(final int portIndex, final L4Protocol protocol, final InetAddress address, final int port)
    {
        release(portIndex, new Tuple(protocol, address, port));
    }

    /**
     * Frees a tuple the port holds.
     *
     * @throws IllegalArgumentException when the tuple is not reserved, or reserved by another port
     */
    public synchronized void release(final int portIndex, final Tuple tuple)
    {
        Objects.requireNonNull(tuple, "tuple");
        final int meta = meta(tuple);
        final int holder = table.holder(meta, tuple.high(), tuple.low());
        if (holder == TupleTable.NONE)
        {
            throw new IllegalArgumentException(tuple + " is not reserved");
        }
        if (holder != portIndex)
        {
            throw new IllegalArgumentException(tuple + " is reserved by " + describePort(holder) + ", not by "
                + describePort(portIndex));
        }
        table.remove(meta, tuple.high(), tuple.low());
    }

    /** Frees every tuple the port holds; returns how many. */
    public synchronized int releaseAll(final int portIndex)
    {
        return table.removeHolder(portIndex);
    }

    /** The port holding the tuple, or -1. */
    public int holder(final Tuple tuple)
    {
        return table.holder(meta(tuple), tuple.high(), tuple.low());
    }

    /** Tuples held now, by port index then tuple (for {@code show}). */
    public List<Reservation> reservations()
    {
        final String[] names = names();
        final List<Reservation> list = new ArrayList<>();
        table.forEach((meta, high, low, holder) -> list.add(new Reservation(tuple(meta, high, low), holder,
            holder < names.length ? names[holder] : null)));
        list.sort(Comparator.comparingInt(Reservation::port).thenComparing(r -> r.tuple().toString()));
        return list;
    }

    public int size()
    {
        return table.size();
    }

    public int tableLimit()
    {
        return table.limit();
    }

    private static int meta(final Tuple tuple)
    {
        return TupleTable.meta(tuple.ipv6(), tuple.protocol().number(), tuple.port());
    }

    private static Tuple tuple(final int meta, final long high, final long low)
    {
        final byte[] bytes;
        if (TupleTable.metaIpv6(meta))
        {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++)
            {
                bytes[i] = (byte)(high >>> (56 - 8 * i));
                bytes[8 + i] = (byte)(low >>> (56 - 8 * i));
            }
        }
        else
        {
            bytes = new byte[] {(byte)(low >>> 24), (byte)(low >>> 16), (byte)(low >>> 8), (byte)low};
        }
        try
        {
            final InetAddress address = bytes.length == 4 ? Inet4Address.getByAddress(bytes)
                : Inet6Address.getByAddress(null, bytes, -1);
            return new Tuple(L4Protocol.byNumber(TupleTable.metaProtocol(meta)), address, TupleTable.metaPort(meta));
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private String[] names()
    {
        final LogicContext ctx = context;
        return ctx == null ? new String[0] : ctx.portNames();
    }

    private String portName(final int portIndex)
    {
        final String[] names = names();
        return portIndex >= 0 && portIndex < names.length ? names[portIndex] : null;
    }

    private String describePort(final int portIndex)
    {
        return describePort(portIndex, portName(portIndex));
    }

    /** {@code port 2 (stack-a)}, or {@code port 2} when the name is unknown. */
    static String describePort(final int portIndex, final String name)
    {
        return name == null ? "port " + portIndex : "port " + portIndex + " (" + name + ")";
    }

    // ------------------------------------------------------------------ data path

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        final Settings s = settings;
        for (int attempt = 0; attempt < TupleTable.optimisticTries(); attempt++)
        {
            final long version = table.readBegin();
            final int decision = decide(packet, ingressPort, s, table.readSlots());
            if (table.readValidate(version))
            {
                return decision;
            }
        }
        synchronized (table)
        {
            return decide(packet, ingressPort, s, table.readSlots());
        }
    }

    @Override
    public boolean batched()
    {
        return true;
    }

    /** One optimistic read of the table for the whole batch; a batch that raced a writer is decided again. */
    @Override
    public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        final Settings s = settings;
        final int n = batch.size();
        for (int attempt = 0; attempt < TupleTable.optimisticTries(); attempt++)
        {
            final long version = table.readBegin();
            final long[] slots = table.readSlots();
            for (int i = 0; i < n; i++)
            {
                destinations[i] = decide(batch.packet(i), ingressPort, s, slots);
            }
            if (table.readValidate(version))
            {
                return;
            }
        }
        synchronized (table)
        {
            final long[] slots = table.readSlots();
            for (int i = 0; i < n; i++)
            {
                destinations[i] = decide(batch.packet(i), ingressPort, s, slots);
            }
        }
    }

    /** Parse flags that send a packet down the slow path. */
    private static final int UNUSUAL_FLAGS = Packet.FLAG_FRAGMENT | Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED;

    /** The common case (a whole, unfragmented TCP/UDP packet) kept small enough for the JIT to inline. */
    private static int decide(final Packet packet, final int ingress, final Settings s, final long[] slots)
    {
        final int flags = packet.parseFlags();
        final int protocol = packet.ipProto();
        final int l4 = packet.l4Offset();
        if ((flags & UNUSUAL_FLAGS) != 0 || l4 < 0
            || (protocol != Packet.IPPROTO_TCP && protocol != Packet.IPPROTO_UDP))
        {
            return unusual(packet, ingress, s);
        }
        final boolean v6 = packet.ipVersion() == 6;
        if (ingress == s.uplink)
        {
            final int meta = TupleTable.meta(v6, protocol, packet.u16(l4 + 2));
            final int holder = v6
                ? TupleTable.find(slots, meta, packet.ipv6DstHigh(), packet.ipv6DstLow())
                : TupleTable.find(slots, meta, 0, packet.ipv4Dst() & 0xFFFF_FFFFL);
            return holder == TupleTable.NONE ? s.defaultPort : holder;
        }
        final int meta = TupleTable.meta(v6, protocol, packet.u16(l4));
        final int holder = v6
            ? TupleTable.find(slots, meta, packet.ipv6SrcHigh(), packet.ipv6SrcLow())
            : TupleTable.find(slots, meta, 0, packet.ipv4Src() & 0xFFFF_FFFFL);
        if (holder == ingress || (holder == TupleTable.NONE && ingress == s.defaultPort))
        {
            return s.uplink;
        }
        return SwitchLogic.drop(packet, DropReason.SPOOFED);
    }

    /** Everything but a whole TCP/UDP packet: bad headers, fragments, traffic without a tuple. */
    private static int unusual(final Packet packet, final int ingress, final Settings s)
    {
        final DropReason reason = UnusualPacket.mustDrop(packet);
        return reason == null ? other(packet, ingress, s) : SwitchLogic.drop(packet, reason);
    }

    private static int other(final Packet packet, final int ingress, final Settings s)
    {
        final OtherTraffic policy = ingress == s.uplink ? s.fromUplink : s.fromPorts;
        return switch (policy)
        {
            case FORWARD -> ingress == s.uplink ? s.defaultPort : s.uplink;
            case FLOOD -> BROADCAST;
            case DROP -> SwitchLogic.drop(packet, DropReason.FILTERED);
        };
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start(final LogicContext context)
    {
        this.context = context;
    }

    /** A detached port's reservations are freed; the uplink and default port settings stay. */
    @Override
    public synchronized void portDetached(final int portIndex)
    {
        table.removeHolder(portIndex);
    }

    @Override
    public String name()
    {
        return "filter3";
    }

    /** A summary line, then one line per reservation. */
    @Override
    public String toString()
    {
        final Settings s = settings;
        final StringBuilder text = new StringBuilder();
        text.append("filter3: uplink ").append(describePort(s.uplink)).append(", default ")
            .append(describePort(s.defaultPort)).append(", other traffic from uplink ").append(s.fromUplink)
            .append(", from ports ").append(s.fromPorts).append(", ").append(table.size()).append(" reservation(s)");
        for (final Reservation reservation : reservations())
        {
            text.append(System.lineSeparator()).append("  ").append(reservation);
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ vswitch ctl

    @Override
    public java.util.Map<String, Long> counters()
    {
        return java.util.Map.of("filter3_reservations", (long)size());
    }

    @Override
    public java.util.Set<String> commands()
    {
        return java.util.Set.of("reserve", "release", "reservations");
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        switch (command)
        {
            case "reserve", "release" ->
            {
                FilterCommands.arity(command + " PORT PROTO:ADDRESS:PORT (e.g. tcp:10.0.0.1:80)", args, 2);
                final int port = FilterCommands.port(args.get(0), names());
                final Tuple tuple = Tuple.parse(args.get(1));
                if (command.equals("reserve"))
                {
                    final Reservation reservation = reserve(port, tuple);
                    return json ? ControlJson.write(Map.of("reserved", reservation.toString()))
                        : "reserved " + reservation;
                }
                release(port, tuple);
                return json ? ControlJson.write(Map.of("released", tuple.toString())) : "released " + tuple;
            }
            case "reservations" ->
            {
                FilterCommands.arity("reservations", args, 0);
                final List<Reservation> list = reservations();
                if (json)
                {
                    final List<Map<String, Object>> rows = new ArrayList<>();
                    for (final Reservation r : list)
                    {
                        rows.add(ControlJson.object("tuple", r.tuple().toString(), "port", r.port(),
                            "port_name", String.valueOf(r.portName())));
                    }
                    return ControlJson.write(Map.of("reservations", rows));
                }
                return toString();
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }
}
