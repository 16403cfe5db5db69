package net.vswitch.logic.secgroups;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.LogicState;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.conntrack.CtState;

/**
 * Security groups as OpenStack and EC2 define them (VNToR §2.1), enforced with a connection tracker.
 *
 * <p>Per frame: a member port's source is checked first ({@link SourceGuard}: spoofed frames drop as
 * {@link DropReason#SPOOFED}). The destination comes from the member MACs, else from a small learning
 * table. Frames between ports in no group are bridged untouched. Otherwise ARP and neighbour discovery
 * pass, DHCP client requests pass egress, and an IP packet is tracked: a packet of a committed connection
 * (either way) or an ICMP error about one passes without consulting any rule; a new connection passes
 * only when an egress rule of the sender's groups and an ingress rule of the receiver's groups allow it
 * (a port in no group needs no rule on its side), and is then committed; everything else drops as
 * {@link DropReason#FILTERED} (tracker-invalid packets too). A full connection table drops the new
 * connection as {@link DropReason#TABLE_FULL}. Broadcast and multicast IP go, uncommitted, to each port
 * whose rules allow it; unknown unicast floods to ports in no group only.
 *
 * <p>Changes ({@link SecurityGroups}) are compiled into an immutable {@link Policy} swapped whole, so
 * they apply to the next new connection; then every tracked connection is re-checked against the new
 * policy and those no rule allows any more are removed (as OpenStack clears conntrack entries), so
 * their next packet is tracked afresh — and denied.
 *
 * <p>Lookups come from several forwarding threads at once: they read the policy once and touch only
 * the tracker's striped table and lock-free counters; nothing is allocated per packet.
 */
public final class SecurityGroupsLogic implements SwitchLogic, LogicControl, LogicState
{
    /** The conntrack zone the logic tracks in unless told otherwise. */
    public static final int ZONE_DEFAULT = 0;

    private static final int TRACKED_PASS = CtState.ESTABLISHED | CtState.RELATED;

    private final SecurityGroups groups;
    private final ConnectionTracker tracker;
    private final boolean ownsTracker;
    private final int zone;
    private final Clock clock;
    private final MacLearning macs;
    private final SecgroupCounters counters = new SecgroupCounters();
    private final SecgroupCommands commands;
    private final Consumer<List<Group>> listener = this::groupsChanged;

    private volatile Policy policy = Policy.EMPTY;
    /** Port names by index, as the switch reported them; guarded by {@code this}. */
    private String[] portNames = new String[0];
    private List<Group> latest = List.of();
    private volatile String switchName = "";

    /** Empty groups, a tracker with default limits and timeouts, zone {@link #ZONE_DEFAULT}. */
    public SecurityGroupsLogic()
    {
        this(new SecurityGroups(), ConntrackConfig.defaults(), Clock.SYSTEM);
    }

    /** A tracker of its own with {@code config}, on {@code clock} (tests inject a manual one). */
    public SecurityGroupsLogic(final SecurityGroups groups, final ConntrackConfig config, final Clock clock)
    {
        this(groups, new ConnectionTracker(config, clock), true, ZONE_DEFAULT, clock, MacLearning.LIMIT_DEFAULT);
    }

    /**
     * Shares a tracker (closed by its owner, not by {@link #stop()}), tracking in {@code zone}.
     *
     * @param macLimit most MACs the learning table for ports in no group holds
     */
    public SecurityGroupsLogic(final SecurityGroups groups, final ConnectionTracker tracker, final int zone,
        final Clock clock, final int macLimit)
    {
        this(groups, tracker, false, zone, clock, macLimit);
    }

    SecurityGroupsLogic(final SecurityGroups groups, final ConnectionTracker tracker, final boolean owns,
        final int zone, final Clock clock, final int macLimit)
    {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.ownsTracker = owns;
        if (zone < 0 || zone > ConntrackConfig.MAX_ZONE)
        {
            throw new IllegalArgumentException("conntrack zone must be in 0.." + ConntrackConfig.MAX_ZONE + ": "
                + zone);
        }
        if (macLimit < 1 || macLimit > (1 << 24))
        {
            throw new IllegalArgumentException("MAC table limit must be in 1..16777216: " + macLimit);
        }
        this.zone = zone;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.macs = new MacLearning(macLimit, MacLearning.AGING_SECONDS_DEFAULT);
        this.commands = new SecgroupCommands(groups, tracker);
        groups.listen(listener);
    }

    /** The groups this logic enforces (the Java API for embedding). */
    public SecurityGroups groups()
    {
        return groups;
    }

    /** The connection tracker (for dumps and tests). */
    public ConnectionTracker tracker()
    {
        return tracker;
    }

    public int zone()
    {
        return zone;
    }

    // ------------------------------------------------------------------ control side

    private synchronized void groupsChanged(final List<Group> now)
    {
        latest = now;
        recompile();
    }

    /** Compiles the policy for the current ports, swaps it in, then stops connections it no longer allows. */
    private synchronized void recompile()
    {
        final Policy next = Policy.compile(latest, portNames);
        policy = next;
        final int removed = tracker.removeIf(c -> c.zone() == zone && !Access.stillAllowed(next, c));
        counters.revoked.add(removed);
    }

    @Override
    public synchronized void start(final LogicContext context)
    {
        switchName = context.switchName();
        portNames = context.portNames();
        recompile();
    }

    @Override
    public synchronized void portAttached(final int portIndex, final String portName)
    {
        if (portIndex >= portNames.length)
        {
            portNames = Arrays.copyOf(portNames, portIndex + 1);
        }
        portNames[portIndex] = portName;
        macs.forgetPort(portIndex);
        recompile();
    }

    @Override
    public synchronized void portDetached(final int portIndex)
    {
        if (portIndex < portNames.length)
        {
            portNames[portIndex] = null;
        }
        macs.forgetPort(portIndex);
        recompile();
    }

    @Override
    public void stop()
    {
        groups.unlisten(listener);
        if (ownsTracker)
        {
            tracker.close();
        }
    }

    @Override
    public String name()
    {
        return "secgroups";
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> map = new LinkedHashMap<>(counters.snapshot());
        final Policy p = policy;
        map.put("groups", (long)p.groupCount);
        map.put("rules", (long)p.ruleCount);
        map.put("member_ports", (long)p.memberPorts.length);
        map.put("mac_entries", (long)macs.size());
        for (final Map.Entry<String, Long> e : tracker.counters().entrySet())
        {
            map.put("conntrack_" + e.getKey(), e.getValue());
        }
        return map;
    }

    @Override
    public Set<String> commands()
    {
        return SecgroupCommands.NAMES;
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        return commands.run(command, args, json);
    }

    // ------------------------------------------------------------------ durable state (see SecgroupState)

    @Override
    public String stateFormat()
    {
        return SecgroupState.FORMAT;
    }

    @Override
    public int stateVersion()
    {
        return SecgroupState.VERSION;
    }

    @Override
    public Object exportState()
    {
        return SecgroupState.export(groups);
    }

    /** Groups, rules (with their ids) and members; connections are not state and start afresh. */
    @Override
    public void importState(final int version, final Object state, final String[] portNames)
    {
        SecgroupState.restore(groups, version, state);
    }

    /** Reads ({@code secgroup show}, {@code dump-conntrack}) and the tracker flush change no durable state. */
    @Override
    public boolean mutates(final String command, final List<String> args)
    {
        return command.equals(SecgroupCommands.SECGROUP) && !(args.isEmpty() || args.get(0).equals("show"));
    }

    // ------------------------------------------------------------------ data path

    @Override
    public boolean batched()
    {
        return true;
    }

    /** Reads the policy and the clock once per batch; each packet is decided on its own (a throw loses one). */
    @Override
    public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        final Policy p = policy;
        final int now = seconds();
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Packet packet = batch.packet(i);
            try
            {
                destinations[i] = decide(packet, ingressPort, p, now);
            }
            catch (final RuntimeException ex)
            {
                destinations[i] = SwitchLogic.drop(packet, DropReason.LOGIC_ERROR);
            }
        }
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return decide(packet, ingressPort, policy, seconds());
    }

    private int seconds()
    {
        return (int)(clock.nanoTime() / 1_000_000_000L);
    }

    private int decide(final Packet packet, final int ingressPort, final Policy p, final int now)
    {
        if (packet.length() < Packet.ETH_HEADER_LENGTH)
        {
            return SwitchLogic.drop(packet, DropReason.MALFORMED);
        }
        final PortPolicy sender = p.port(ingressPort);
        final long srcMac = packet.ethSrc();
        if (sender != null)
        {
            final DropReason refused = SourceGuard.check(packet, sender);
            if (refused != null)
            {
                (refused == DropReason.SPOOFED ? counters.spoofed : counters.filteredOther).increment();
                return SwitchLogic.drop(packet, refused);
            }
        }
        else if (p.hasMembers() && p.portOfMac(srcMac) >= 0)
        {
            // a port in no group sending as a member: it could steal the member's traffic
            counters.spoofed.increment();
            return SwitchLogic.drop(packet, DropReason.SPOOFED);
        }
        if ((srcMac & (1L << 40)) == 0 && !macs.learn(srcMac, ingressPort, now))
        {
            counters.macRefused.increment();
        }
        if (packet.ethDstIsGroup())
        {
            return groupAddressed(packet, ingressPort, p, sender);
        }
        final long dstMac = packet.ethDst();
        int out = p.portOfMac(dstMac);
        if (out < 0)
        {
            out = macs.lookup(dstMac, now);
        }
        final PortPolicy receiver = out >= 0 ? p.port(out) : null;
        if (sender == null && receiver == null)
        {
            counters.bridged.increment();
            return out >= 0 ? out : flood(packet, ingressPort, p);
        }
        return guarded(packet, ingressPort, out, p, sender, receiver);
    }

    /** A unicast frame from or to a member. */
    private int guarded(final Packet packet, final int ingressPort, final int out, final Policy p,
        final PortPolicy sender, final PortPolicy receiver)
    {
        final int type = packet.etherType();
        if (type == Packet.ETHERTYPE_ARP)
        {
            counters.neighbor.increment();
            return out >= 0 ? out : flood(packet, ingressPort, p);
        }
        if (type != Packet.ETHERTYPE_IPV4 && type != Packet.ETHERTYPE_IPV6 || packet.vlanTags() != 0)
        {
            counters.filteredOther.increment();
            return SwitchLogic.drop(packet, DropReason.FILTERED);
        }
        if (packet.ipVersion() == 0)
        {
            return SwitchLogic.drop(packet, DropReason.MALFORMED);
        }
        if (SourceGuard.isNeighborDiscovery(packet))
        {
            counters.neighbor.increment();
            return out >= 0 ? out : flood(packet, ingressPort, p);
        }
        final boolean dhcpClient = sender != null && SourceGuard.isDhcpClient(packet);
        if (dhcpClient && receiver == null || receiver != null && SourceGuard.isDhcpServer(packet))
        {
            counters.dhcp.increment();
            return out >= 0 ? out : flood(packet, ingressPort, p);
        }
        final int state = tracker.track(packet, zone);
        if ((state & CtState.INVALID) != 0 || (state & CtState.TRACKED) == 0)
        {
            counters.invalid.increment();
            return SwitchLogic.drop(packet, DropReason.FILTERED);
        }
        if ((state & TRACKED_PASS) != 0)
        {
            ((state & CtState.RELATED) != 0 ? counters.related : counters.established).increment();
            return out >= 0 ? out : flood(packet, ingressPort, p);
        }
        if (!Access.allows(p, dhcpClient ? null : sender, receiver, packet))
        {
            counters.deniedNew.increment();
            return SwitchLogic.drop(packet, DropReason.FILTERED);
        }
        final int committed = tracker.commit(packet, zone);
        if ((committed & CtState.INVALID) != 0)
        {
            counters.tableFull.increment();
            return SwitchLogic.drop(packet, DropReason.TABLE_FULL);
        }
        tracker.mark(packet, zone, Access.mark(ingressPort, out));
        counters.allowedNew.increment();
        return out >= 0 ? out : flood(packet, ingressPort, p);
    }

    /**
     * Broadcast and multicast: ARP and neighbour discovery to everyone; IP to each port whose rules allow
     * it (uncommitted: there is no single peer to track); anything else to ports in no group.
     */
    private int groupAddressed(final Packet packet, final int ingressPort, final Policy p, final PortPolicy sender)
    {
        if (!p.hasMembers())
        {
            counters.bridged.increment();
            return BROADCAST;
        }
        final int type = packet.etherType();
        if (type == Packet.ETHERTYPE_ARP)
        {
            counters.neighbor.increment();
            return BROADCAST;
        }
        if (type != Packet.ETHERTYPE_IPV4 && type != Packet.ETHERTYPE_IPV6 || packet.ipVersion() == 0)
        {
            if (type == Packet.ETHERTYPE_IPV4 || type == Packet.ETHERTYPE_IPV6)
            {
                return SwitchLogic.drop(packet, DropReason.MALFORMED);
            }
            counters.bridged.increment();
            return flood(packet, ingressPort, p);
        }
        if (SourceGuard.isNeighborDiscovery(packet))
        {
            counters.neighbor.increment();
            return BROADCAST;
        }
        counters.multicast.increment();
        final boolean dhcpClient = sender != null && SourceGuard.isDhcpClient(packet);
        final boolean dhcpServer = SourceGuard.isDhcpServer(packet);
        final PortPolicy egress = dhcpClient ? null : sender;
        if (egress != null && !Access.allows(p, egress, null, packet))
        {
            counters.deniedNew.increment();
            return SwitchLogic.drop(packet, DropReason.FILTERED);
        }
        for (final int port : p.plainPorts)
        {
            if (port != ingressPort)
            {
                packet.addOutput(port);
            }
        }
        for (final int port : p.memberPorts)
        {
            if (port != ingressPort && (dhcpServer || Access.allows(p, null, p.port(port), packet)))
            {
                packet.addOutput(port);
            }
        }
        if (packet.outputCount() == 0)
        {
            return SwitchLogic.drop(packet, DropReason.FILTERED);
        }
        return MULTIPLE;
    }

    /** Unknown unicast: every port in no group (members get only frames for their own MACs). */
    private static int flood(final Packet packet, final int ingressPort, final Policy p)
    {
        if (!p.hasMembers())
        {
            return BROADCAST;
        }
        for (final int port : p.plainPorts)
        {
            if (port != ingressPort)
            {
                packet.addOutput(port);
            }
        }
        return packet.outputCount() == 0 ? SwitchLogic.drop(packet, DropReason.NO_DESTINATION) : MULTIPLE;
    }

    @Override
    public String toString()
    {
        return "SecurityGroupsLogic{switch=" + switchName + ", zone=" + zone + ", " + policy + "}";
    }
}
