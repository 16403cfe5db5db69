package net.vswitch.logic.filter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
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
 * Virtualized middlebox filter (mSwitch §5.2): two 64 K-entry tables, TCP and UDP, map a transport
 * port number to a switch port. A packet goes to the port mapped by its source or its destination
 * transport port, so both directions of a conversation reach the same middlebox; anything else is
 * dropped early as {@link DropReason#FILTERED} instead of being carried to a middlebox that would
 * discard it.
 *
 * <p>When both ports are mapped, the <b>lower port number wins</b>: the choice does not depend on
 * the direction, so a conversation is never split between two middleboxes (and the lower number is
 * usually the service port, e.g. 80 rather than an ephemeral 51234).
 *
 * <p>When the chosen port is the one the packet came from (a middlebox sending its own traffic),
 * the packet goes to the <b>return port</b> if one is set (e.g. the NIC, so a middlebox can sit
 * inline), else it is dropped as FILTERED: the filter never hairpins.
 *
 * <p>Non-TCP/UDP and non-IP traffic and IP fragments are FILTERED; an IP or TCP/UDP header that
 * does not fit in the frame is MALFORMED. Lookups are two array reads with acquire semantics; maps
 * change with release stores at any time while traffic flows.
 */
public final class MiddleboxFilter implements SwitchLogic, LogicControl
{
    /** No return port: a packet mapped back to its ingress port is dropped. */
    public static final int NO_RETURN_PORT = -1;

    private static final int PORTS = 65536;
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(int[].class);

    // entry = switch port + 1; 0 = unmapped
    private final int[] tcp = new int[PORTS];
    private final int[] udp = new int[PORTS];
    private volatile int returnPort;
    private volatile LogicContext context;

    public MiddleboxFilter()
    {
        this(NO_RETURN_PORT);
    }

    /** @param returnPort where a middlebox's own mapped traffic goes, or {@link #NO_RETURN_PORT} */
    public MiddleboxFilter(final int returnPort)
    {
        returnPort(returnPort);
    }

    // ------------------------------------------------------------------ configuration

    public int returnPort()
    {
        return returnPort;
    }

    public MiddleboxFilter returnPort(final int port)
    {
        if (port < NO_RETURN_PORT)
        {
            throw new IllegalArgumentException("return port must be a port index or -1 (none): " + port);
        }
        returnPort = port;
        return this;
    }

    /**
     * Sends the protocol's traffic from or to {@code transportPort} to {@code switchPort} (replacing
     * any previous mapping of that transport port).
     *
     * @throws IllegalArgumentException for a transport port outside 0..65535, a negative switch port,
     *                                  or (on a switch) a switch port that is not attached
     */
    public synchronized MiddleboxFilter map(final L4Protocol protocol, final int transportPort, final int switchPort)
    {
        final int[] table = table(protocol);
        checkTransportPort(transportPort);
        if (switchPort < 0)
        {
            throw new IllegalArgumentException("switch port index must be >= 0: " + switchPort);
        }
        final LogicContext ctx = context;
        if (ctx != null)
        {
            final String[] names = ctx.portNames();
            if (switchPort >= names.length || names[switchPort] == null)
            {
                throw new IllegalArgumentException("port " + switchPort + " is not attached to switch "
                    + ctx.switchName());
            }
        }
        ENTRY.setRelease(table, transportPort, switchPort + 1);
        return this;
    }

    /**
     * Removes a mapping.
     *
     * @return the switch port it pointed at
     * @throws IllegalArgumentException when the transport port is not mapped
     */
    public synchronized int unmap(final L4Protocol protocol, final int transportPort)
    {
        final int[] table = table(protocol);
        checkTransportPort(transportPort);
        final int entry = (int)ENTRY.getAcquire(table, transportPort);
        if (entry == 0)
        {
            throw new IllegalArgumentException(protocol.label() + " port " + transportPort + " is not mapped");
        }
        ENTRY.setRelease(table, transportPort, 0);
        return entry - 1;
    }

    /** The switch port mapped to the transport port, or -1. */
    public int mapped(final L4Protocol protocol, final int transportPort)
    {
        checkTransportPort(transportPort);
        return (int)ENTRY.getAcquire(table(protocol), transportPort) - 1;
    }

    /** Every mapping, TCP first, by transport port (for {@code show}). */
    public synchronized List<Mapping> mappings()
    {
        final List<Mapping> list = new ArrayList<>();
        for (final L4Protocol protocol : L4Protocol.values())
        {
            final int[] table = table(protocol);
            for (int p = 0; p < PORTS; p++)
            {
                final int entry = (int)ENTRY.getAcquire(table, p);
                if (entry != 0)
                {
                    list.add(new Mapping(protocol, p, entry - 1));
                }
            }
        }
        return list;
    }

    /** Removes every mapping. */
    public synchronized void clear()
    {
        for (int p = 0; p < PORTS; p++)
        {
            ENTRY.setRelease(tcp, p, 0);
            ENTRY.setRelease(udp, p, 0);
        }
    }

    private int[] table(final L4Protocol protocol)
    {
        return Objects.requireNonNull(protocol, "protocol") == L4Protocol.TCP ? tcp : udp;
    }

    private static void checkTransportPort(final int transportPort)
    {
        if (transportPort < 0 || transportPort >= PORTS)
        {
            throw new IllegalArgumentException("transport port must be in 0..65535: " + transportPort);
        }
    }

    // ------------------------------------------------------------------ data path

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return decide(packet, ingressPort, returnPort);
    }

    @Override
    public boolean batched()
    {
        return true;
    }

    @Override
    public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        final int back = returnPort;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            destinations[i] = decide(batch.packet(i), ingressPort, back);
        }
    }

    /** Parse flags that send a packet down the slow path. */
    private static final int UNUSUAL_FLAGS = Packet.FLAG_FRAGMENT | Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED;

    /** The common case (a whole, unfragmented TCP/UDP packet) kept small enough for the JIT to inline. */
    private int decide(final Packet packet, final int ingress, final int back)
    {
        final int flags = packet.parseFlags();
        final int protocol = packet.ipProto();
        final int l4 = packet.l4Offset();
        final int[] table = protocol == Packet.IPPROTO_TCP ? tcp : protocol == Packet.IPPROTO_UDP ? udp : null;
        if ((flags & UNUSUAL_FLAGS) != 0 || l4 < 0 || table == null)
        {
            return unusual(packet);
        }
        final int ports = packet.u32(l4);
        final int src = ports >>> 16;
        final int dst = ports & 0xFFFF;
        int entry = (int)ENTRY.getAcquire(table, Math.min(src, dst));
        if (entry == 0)
        {
            entry = (int)ENTRY.getAcquire(table, Math.max(src, dst));
            if (entry == 0)
            {
                return SwitchLogic.drop(packet, DropReason.FILTERED);
            }
        }
        final int target = entry - 1;
        if (target != ingress)
        {
            return target;
        }
        return back >= 0 && back != ingress ? back : SwitchLogic.drop(packet, DropReason.FILTERED);
    }

    /** Everything but a whole TCP/UDP packet: bad headers (MALFORMED), the rest (FILTERED). */
    private static int unusual(final Packet packet)
    {
        final DropReason reason = UnusualPacket.mustDrop(packet);
        return SwitchLogic.drop(packet, reason == null ? DropReason.FILTERED : reason);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start(final LogicContext context)
    {
        this.context = context;
    }

    /** Mappings to a detached port are removed (its traffic is FILTERED from now on). */
    @Override
    public synchronized void portDetached(final int portIndex)
    {
        final int entry = portIndex + 1;
        for (int p = 0; p < PORTS; p++)
        {
            if ((int)ENTRY.getAcquire(tcp, p) == entry)
            {
                ENTRY.setRelease(tcp, p, 0);
            }
            if ((int)ENTRY.getAcquire(udp, p) == entry)
            {
                ENTRY.setRelease(udp, p, 0);
            }
        }
    }

    @Override
    public String name()
    {
        return "middlebox";
    }

    /** A summary line, then one line per mapping. */
    @Override
    public String toString()
    {
        final List<Mapping> mappings = mappings();
        final int back = returnPort;
        final StringBuilder text = new StringBuilder("middlebox: ").append(mappings.size()).append(" mapping(s), ")
            .append(back < 0 ? "no return port" : "return port " + back);
        for (final Mapping mapping : mappings)
        {
            text.append(System.lineSeparator()).append("  ").append(mapping);
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ vswitch ctl

    @Override
    public java.util.Set<String> commands()
    {
        return java.util.Set.of("map", "unmap", "mappings");
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        final LogicContext ctx = context;
        final String[] names = ctx == null ? new String[0] : ctx.portNames();
        switch (command)
        {
            case "map" ->
            {
                FilterCommands.arity("map tcp|udp PORT SWITCHPORT", args, 3);
                final L4Protocol protocol = L4Protocol.parse(args.get(0));
                final int transport = FilterCommands.number("transport port", args.get(1), 0, 65535);
                map(protocol, transport, FilterCommands.port(args.get(2), names));
                return json ? ControlJson.write(Map.of("mapped", protocol + " " + transport))
                    : "mapped " + protocol + " port " + transport + " to switch port " + args.get(2);
            }
            case "unmap" ->
            {
                FilterCommands.arity("unmap tcp|udp PORT", args, 2);
                final L4Protocol protocol = L4Protocol.parse(args.get(0));
                final int transport = FilterCommands.number("transport port", args.get(1), 0, 65535);
                unmap(protocol, transport);
                return json ? ControlJson.write(Map.of("unmapped", protocol + " " + transport))
                    : "unmapped " + protocol + " port " + transport;
            }
            case "mappings" ->
            {
                FilterCommands.arity("mappings", args, 0);
                if (json)
                {
                    final List<Map<String, Object>> rows = new ArrayList<>();
                    for (final Mapping m : mappings())
                    {
                        rows.add(ControlJson.object("protocol", m.protocol().toString(), "port", m.transportPort(),
                            "switch_port", m.switchPort()));
                    }
                    return ControlJson.write(Map.of("mappings", rows));
                }
                return toString();
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }
}
