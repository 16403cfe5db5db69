package net.vswitch.logic.conntrack;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;

/**
 * A connection tracker in the manner of Open vSwitch's userspace conntrack (itself after pf): connections
 * keyed by zone and 5-tuple (IPv4 and IPv6), one lookup finds a connection from either direction; TCP is
 * followed by a state machine with sequence-window checks; UDP, ICMP/ICMPv6 echo and other IP protocols are
 * pseudo-connections; ICMP errors quoting a tracked connection are {@link CtState#RELATED}.
 *
 * <p>Use as OVS's {@code ct()} action: {@link #track} gives a packet its {@link CtState} bits without
 * creating anything; {@link #commit} also creates the connection for a {@link CtState#NEW} packet. Both
 * write the packet's {@code ctState}, {@code ctZone} and {@code ctMark}.
 *
 * <p>Thread safety: every method may be called from any number of threads at once (the forwarding threads
 * of several ingress ports and control threads). There is no global lock: connections live in lock stripes
 * chosen by hash. The packet path allocates nothing once the table has warmed up (connection objects are
 * recycled per stripe). Connections expire by a timer wheel per stripe, driven by a thread the tracker owns
 * (or by {@link #expire()} when {@link ConntrackConfig#expiryThread()} is off); no packet ever scans.
 */
public final class ConnectionTracker implements AutoCloseable
{
    /** {@link #dump(int)}/{@link #flush(int)} argument meaning every zone. */
    public static final int ALL_ZONES = -1;

    private final ConntrackConfig config;
    private final Clock clock;

    /**
     * @param config timeouts and limits
     * @param clock  time source for timeouts (tests inject a manual clock)
     */
    public ConnectionTracker(final ConntrackConfig config, final Clock clock)
    {
        this.config = config;
        this.clock = clock;
    }

    public ConntrackConfig config()
    {
        return config;
    }

    /**
     * Tracks a packet in {@code zone} without creating a connection (OVS {@code ct(zone=N)}).
     *
     * <p>Returns {@link CtState#TRACKED} plus: {@link CtState#ESTABLISHED} (and {@link CtState#REPLY} in the
     * reply direction) for a valid packet of a committed connection; {@link CtState#NEW} for a packet that
     * may start one (a TCP SYN, any UDP, an ICMP echo request...) or that reopens a closed TCP connection;
     * {@link CtState#RELATED} for an ICMP error quoting a tracked connection; {@link CtState#INVALID} for a
     * malformed packet, a fragment, a TCP segment other than SYN without a connection, a bad flag
     * combination, an out-of-window segment or a RST not at the expected sequence number (each counted by
     * {@link InvalidReason}). A frame that is not IPv4/IPv6 is not tracked: returns 0 and leaves the packet
     * alone.
     *
     * <p>A valid packet of a connection advances its state (TCP peers, UDP both-directions) and refreshes its
     * timeout; an invalid one changes nothing.
     *
     * @param packet the packet (its ctState/ctZone/ctMark are written)
     * @param zone   0..65535
     * @return the ct_state bits
     */
    public int track(final Packet packet, final int zone)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Tracks a packet and, when it is {@link CtState#NEW}, creates its connection (OVS
     * {@code ct(commit,zone=N)}); returns the packet's state (still {@code +trk+new} for the packet that
     * created the connection, as in OVS). A packet already tracked in this zone (its {@code ctState} has
     * {@link CtState#TRACKED} and its {@code ctZone} is {@code zone}) is not run through the state machine
     * again: a NEW one is committed, any other keeps its state.
     *
     * <p>When the table holds {@link ConntrackConfig#tableLimit()} connections, or the zone its
     * {@link ConntrackConfig#zoneLimit(int)}, nothing is created: the result is
     * {@code TRACKED | NEW | INVALID}, counted as {@code refused_full} / {@code refused_zone_limit}; the
     * caller should drop the packet. Related, established and invalid packets create nothing.
     *
     * @param packet the packet (its ctState/ctZone/ctMark are written)
     * @param zone   0..65535
     * @return the ct_state bits
     */
    public int commit(final Packet packet, final int zone)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Sets the {@code ct_mark} of the packet's connection in {@code zone} (OVS
     * {@code ct(commit,exec(set_field:N->ct_mark))}) and the packet's {@code ctMark}.
     *
     * @return whether the packet belongs to a committed connection (else nothing changed)
     */
    public boolean mark(final Packet packet, final int zone, final int mark)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Sets the 128-bit {@code ct_label} of the packet's connection in {@code zone}.
     *
     * @return whether the packet belongs to a committed connection (else nothing changed)
     */
    public boolean label(final Packet packet, final int zone, final long high, final long low)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Removes every connection the filter accepts (e.g. those a deleted security-group rule allowed); their
     * next packets are tracked as if they had never been committed.
     *
     * @return how many were removed
     */
    public int removeIf(final ConnectionFilter filter)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Calls {@code consumer} for every connection (a read-only view valid only during the call). */
    public void forEach(final Consumer<ConnectionView> consumer)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The connections of {@code zone} (or {@link #ALL_ZONES}) one per line, sorted, in the format of
     * {@code ovs-appctl dpctl/dump-conntrack}, e.g.
     * {@code tcp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=80),reply=(src=10.0.0.2,dst=10.0.0.1,
     * sport=80,dport=5000),zone=1,protoinfo=(state=ESTABLISHED)}.
     */
    public List<String> dump(final int zone)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes every connection; returns how many. */
    public int flush()
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes the connections of one zone; returns how many. */
    public int flush(final int zone)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Connections in the table. */
    public int size()
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Connections in one zone. */
    public int size(final int zone)
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Counters by stable snake_case name: {@code entries}, {@code created}, {@code expired}, {@code removed},
     * {@code tracked}, {@code related}, and one per {@link InvalidReason#counterName()} (invalid packets by
     * reason, refused commits).
     */
    public Map<String, Long> counters()
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Removes the connections whose timeout has passed at the clock's current time, visiting only the timer
     * wheel slots that came due since the last call. The expiry thread calls this every
     * {@link ConntrackConfig#expiryTickNanos()}; tests with a manual clock call it themselves.
     *
     * @return how many connections expired
     */
    public int expire()
    {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops the expiry thread (idempotent); the table stays usable. */
    @Override
    public void close()
    {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
