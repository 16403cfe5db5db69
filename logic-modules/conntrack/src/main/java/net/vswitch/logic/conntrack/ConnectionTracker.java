package net.vswitch.logic.conntrack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
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

    /** Timer wheel slots per stripe: with the default 250 ms tick, a horizon of 256 s. */
    private static final int WHEEL_SLOTS = 1024;
    /** Buckets use the hash's low bits (at most 22), stripes the bits from here up (at most 16). */
    private static final int MAX_BUCKETS = 1 << 22;
    private static final int STRIPE_HASH_SHIFT = 40;
    /** Spare connections shared between stripes at most (a 512 KiB array of references). */
    private static final int SHARED_SPARES_MAX = 1 << 17;
    /** {@link #update} result: a SYN reopens a closed TCP connection. */
    private static final int REOPENED = -1;

    private final ConntrackConfig config;
    private final Clock clock;
    private final ConnectionLimits limits;
    private final Stripe[] stripes;
    private final int stripeMask;
    private final long[] timeoutNanos;
    private final long tickNanos;
    private final long epoch;
    private final ThreadLocal<FlowKey> keys = ThreadLocal.withInitial(FlowKey::new);
    /** Invalid packets found before any stripe is locked (malformed, fragments, untrackable ICMP). */
    private final LongAdder[] earlyInvalid = new LongAdder[InvalidReason.values().length];
    private final LongAdder trackedEarly = new LongAdder();
    private final LongAdder expiryErrors = new LongAdder();
    private final Object expiryLock = new Object();
    private final Thread expiryThread;
    /**
     * With the system clock and our own expiry thread, packets read the time the thread stores every tick
     * instead of the clock (a clock read costs as much as a quarter of an established packet's tracking);
     * timeouts then start up to one tick early. An injected clock is always read, so tests stay exact.
     */
    private final boolean coarseClock;
    private volatile long coarseNow;
    private volatile boolean closed;

    /**
     * @param config timeouts and limits
     * @param clock  time source for timeouts (tests inject a manual clock)
     */
    public ConnectionTracker(final ConntrackConfig config, final Clock clock)
    {
        this.config = config;
        this.clock = clock;
        this.limits = new ConnectionLimits(config);
        this.stripes = new Stripe[config.stripes()];
        // about one bucket per allowed connection, so chains stay short even with a full table
        final int buckets = Math.min(MAX_BUCKETS, Math.max(config.stripes(), Integer.highestOneBit(
            Math.max(1, config.tableLimit() - 1)) << 1));
        final int perStripe = Math.max(1, buckets / config.stripes());
        final ConnectionPool pool = new ConnectionPool(Math.min(config.tableLimit(), SHARED_SPARES_MAX));
        for (int i = 0; i < stripes.length; i++)
        {
            stripes[i] = new Stripe(perStripe, WHEEL_SLOTS, limits, pool);
        }
        this.stripeMask = config.stripes() - 1;
        this.timeoutNanos = new long[CtTimeout.values().length];
        for (final CtTimeout timeout : CtTimeout.values())
        {
            timeoutNanos[timeout.ordinal()] = config.timeoutNanos(timeout);
        }
        this.tickNanos = config.expiryTickNanos();
        this.epoch = clock.nanoTime();
        for (int i = 0; i < earlyInvalid.length; i++)
        {
            earlyInvalid[i] = new LongAdder();
        }
        this.coarseNow = epoch;
        this.coarseClock = config.expiryThread() && clock == Clock.SYSTEM;
        if (config.expiryThread())
        {
            expiryThread = Thread.ofPlatform().daemon().name("conntrack-expiry").unstarted(this::runExpiry);
            expiryThread.start();
        }
        else
        {
            expiryThread = null;
        }
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
     * timeout; an invalid one changes nothing. A SYN on a TCP connection both ends have closed removes that
     * connection (counted as {@code removed}) and is NEW, as in Open vSwitch.
     *
     * @param packet the packet (its ctState/ctZone/ctMark are written)
     * @param zone   0..65535
     * @return the ct_state bits
     */
    public int track(final Packet packet, final int zone)
    {
        ConntrackConfig.checkZone(zone);
        return process(packet, zone, false);
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
        ConntrackConfig.checkZone(zone);
        final int prior = packet.ctState();
        if ((prior & CtState.TRACKED) != 0 && packet.ctZone() == zone
            && (prior & (CtState.NEW | CtState.INVALID)) != CtState.NEW)
        {
            return prior;
        }
        return process(packet, zone, true);
    }

    /**
     * Sets the {@code ct_mark} of the packet's connection in {@code zone} (OVS
     * {@code ct(commit,exec(set_field:N->ct_mark))}) and the packet's {@code ctMark}.
     *
     * @return whether the packet belongs to a committed connection (else nothing changed)
     */
    public boolean mark(final Packet packet, final int zone, final int mark)
    {
        if (!update(packet, zone, SET_MARK, mark, 0))
        {
            return false;
        }
        packet.ctMark(mark);
        return true;
    }

    /**
     * Sets the 128-bit {@code ct_label} of the packet's connection in {@code zone}.
     *
     * @return whether the packet belongs to a committed connection (else nothing changed)
     */
    public boolean label(final Packet packet, final int zone, final long high, final long low)
    {
        return update(packet, zone, SET_LABEL, high, low);
    }

    private static final int SET_MARK = 0;
    private static final int SET_LABEL = 1;

    /** Writes the mark ({@code a}) or the label ({@code a}, {@code b}) of the packet's committed connection. */
    private boolean update(final Packet packet, final int zone, final int what, final long a, final long b)
    {
        ConntrackConfig.checkZone(zone);
        final FlowKey key = keys.get();
        if (key.extract(packet, zone) != FlowKey.OK)
        {
            return false;
        }
        final long hash = key.hash();
        final Stripe stripe = stripe(hash);
        synchronized (stripe)
        {
            final Connection c = stripe.find(key, hash);
            if (c == null)
            {
                return false;
            }
            if (what == SET_MARK)
            {
                c.mark = (int)a;
            }
            else
            {
                c.labelHigh = a;
                c.labelLow = b;
            }
        }
        return true;
    }

    /**
     * Removes every connection the filter accepts (e.g. those a deleted security-group rule allowed); their
     * next packets are tracked as if they had never been committed.
     *
     * @return how many were removed
     */
    public int removeIf(final ConnectionFilter filter)
    {
        final long now = clock.nanoTime();
        int count = 0;
        for (final Stripe stripe : stripes)
        {
            synchronized (stripe)
            {
                count += stripe.removeIf(filter, now);
            }
        }
        return count;
    }

    /** Calls {@code consumer} for every connection (a read-only view valid only during the call). */
    public void forEach(final Consumer<ConnectionView> consumer)
    {
        final long now = clock.nanoTime();
        for (final Stripe stripe : stripes)
        {
            synchronized (stripe)
            {
                stripe.forEach(consumer, now);
            }
        }
    }

    /**
     * The connections of {@code zone} (or {@link #ALL_ZONES}) one per line, sorted, in the format of
     * {@code ovs-appctl dpctl/dump-conntrack}, e.g.
     * {@code tcp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=80),reply=(src=10.0.0.2,dst=10.0.0.1,
     * sport=80,dport=5000),zone=1,protoinfo=(state=ESTABLISHED)}.
     */
    public List<String> dump(final int zone)
    {
        if (zone != ALL_ZONES)
        {
            ConntrackConfig.checkZone(zone);
        }
        final List<String> lines = new ArrayList<>();
        forEach(view ->
        {
            if (zone == ALL_ZONES || view.zone() == zone)
            {
                lines.add(ConnectionFormat.line((Connection)view));
            }
        });
        Collections.sort(lines);
        return lines;
    }

    /**
     * The connections of {@code zone} (or {@link #ALL_ZONES}) as a JSON array of objects, in the order of
     * {@link #dump(int)}: {@code {"protocol":"tcp","ip_version":4,"zone":1,"orig":{"src":"10.0.0.1",
     * "dst":"10.0.0.2","sport":5000,"dport":80},"reply":{...},"state":"ESTABLISHED","mark":0,"labels":"0x0",
     * "expires_in_seconds":86399}}; ICMP tuples carry {@code id}, {@code type} and {@code code} instead of
     * ports, other protocols addresses only.
     */
    public String dumpJson(final int zone)
    {
        if (zone != ALL_ZONES)
        {
            ConntrackConfig.checkZone(zone);
        }
        final List<String[]> rows = new ArrayList<>();
        forEach(view ->
        {
            if (zone == ALL_ZONES || view.zone() == zone)
            {
                final Connection c = (Connection)view;
                rows.add(new String[] {ConnectionFormat.line(c), ConnectionFormat.json(c)});
            }
        });
        rows.sort((a, b) -> a[0].compareTo(b[0]));
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++)
        {
            json.append(i == 0 ? "" : ",").append(rows.get(i)[1]);
        }
        return json.append(']').toString();
    }

    /** Removes every connection; returns how many. */
    public int flush()
    {
        return removeIf(view -> true);
    }

    /** Removes the connections of one zone; returns how many. */
    public int flush(final int zone)
    {
        if (zone == ALL_ZONES)
        {
            return flush();
        }
        ConntrackConfig.checkZone(zone);
        return removeIf(view -> view.zone() == zone);
    }

    /** Connections in the table. */
    public int size()
    {
        return limits.entries();
    }

    /** Connections in one zone. */
    public int size(final int zone)
    {
        ConntrackConfig.checkZone(zone);
        return limits.entries(zone);
    }

    /**
     * Sets the limit of one zone at run time (as {@code ovs-appctl dpctl/ct-set-limits zone=N,limit=M});
     * 0 leaves only the table limit. Connections already past a lowered limit stay until they end; new
     * ones are refused until the zone is below it.
     *
     * @throws IllegalArgumentException for a zone outside 0..65535 or a negative limit
     */
    public void zoneLimit(final int zone, final int limit)
    {
        ConntrackConfig.checkZone(zone);
        if (limit < 0)
        {
            throw new IllegalArgumentException("conntrack zone " + zone + " limit must be >= 0: " + limit);
        }
        limits.zoneLimit(zone, limit);
    }

    /** The current limit of {@code zone}; 0 = only the table limit. */
    public int zoneLimit(final int zone)
    {
        ConntrackConfig.checkZone(zone);
        return limits.zoneLimit(zone);
    }

    /**
     * Counters by stable snake_case name: {@code entries}, {@code created}, {@code expired}, {@code removed},
     * {@code tracked}, {@code related}, and one per {@link InvalidReason#counterName()} (invalid packets by
     * reason, refused commits).
     */
    public Map<String, Long> counters()
    {
        return TrackerCounters.collect(stripes, limits.entries(), earlyInvalid, trackedEarly.sum(),
            expiryErrors.sum());
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
        synchronized (expiryLock)
        {
            final long now = clock.nanoTime();
            coarseNow = now;
            final long currentTick = tick(now);
            int count = 0;
            for (final Stripe stripe : stripes)
            {
                synchronized (stripe)
                {
                    count += stripe.expire(currentTick, now, tickNanos, epoch);
                }
            }
            return count;
        }
    }

    /** Stops the expiry thread (idempotent); the table stays usable. */
    @Override
    public void close()
    {
        closed = true;
        if (expiryThread != null && expiryThread != Thread.currentThread())
        {
            LockSupport.unpark(expiryThread);
            try
            {
                expiryThread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int process(final Packet packet, final int zone, final boolean commit)
    {
        final FlowKey key = keys.get();
        switch (key.extract(packet, zone))
        {
            case FlowKey.OK ->
            {
            }
            case FlowKey.NOT_IP ->
            {
                return 0;
            }
            case FlowKey.ICMP_ERROR ->
            {
                return related(packet, key.inner, zone);
            }
            case FlowKey.FRAGMENT ->
            {
                return early(packet, zone, InvalidReason.FRAGMENT);
            }
            case FlowKey.ICMP_OTHER ->
            {
                return early(packet, zone, InvalidReason.ICMP_UNRELATED);
            }
            default ->
            {
                return early(packet, zone, InvalidReason.MALFORMED);
            }
        }
        final long hash = key.hash();
        final Stripe stripe = stripe(hash);
        final long now = coarseClock ? coarseNow : clock.nanoTime();
        int state = 0;
        int mark = 0;
        synchronized (stripe)
        {
            stripe.tracked++;
            Connection c = stripe.find(key, hash);
            if (c != null)
            {
                state = update(stripe, c, packet, key, now);
                if (state == REOPENED)
                {
                    stripe.remove(c);
                    stripe.removed++;
                    c = null;
                }
                else
                {
                    mark = c.mark;
                }
            }
            if (c == null)
            {
                state = miss(stripe, packet, key, hash, now, commit);
            }
        }
        packet.ctState(state).ctZone(zone).ctMark(mark);
        return state;
    }

    /** A packet of an existing connection: run its protocol's state machine. */
    private int update(final Stripe stripe, final Connection c, final Packet packet, final FlowKey key,
        final long now)
    {
        final boolean reply = key.reply;
        final int direction = reply ? CtState.REPLY : 0;
        if (c.protocol == Packet.IPPROTO_TCP)
        {
            switch (TcpStateMachine.update(c, packet, key))
            {
                case TcpStateMachine.VALID ->
                {
                }
                case TcpStateMachine.VALID_NEW ->
                {
                    refresh(stripe, c, key.timeout, now);
                    return CtState.TRACKED | CtState.NEW | direction;
                }
                case TcpStateMachine.REOPEN ->
                {
                    return REOPENED;
                }
                case TcpStateMachine.INVALID_FLAGS ->
                {
                    return invalid(stripe, InvalidReason.TCP_FLAGS);
                }
                case TcpStateMachine.INVALID_RST ->
                {
                    return invalid(stripe, InvalidReason.TCP_RST);
                }
                default ->
                {
                    return invalid(stripe, InvalidReason.TCP_WINDOW);
                }
            }
            if (reply)
            {
                c.replySeen = true;
            }
            if (key.timeout != null)
            {
                refresh(stripe, c, key.timeout, now);
            }
            return CtState.TRACKED | direction | (c.replySeen ? CtState.ESTABLISHED : CtState.NEW);
        }
        refresh(stripe, c, PseudoStateMachine.update(c, reply), now);
        return CtState.TRACKED | direction | (c.replySeen ? CtState.ESTABLISHED : CtState.NEW);
    }

    /** A packet without a connection: NEW if it may start one (created when committing), else invalid. */
    private int miss(final Stripe stripe, final Packet packet, final FlowKey key, final long hash, final long now,
        final boolean commit)
    {
        final boolean tcp = key.protocol == Packet.IPPROTO_TCP;
        final boolean icmp = key.protocol == Packet.IPPROTO_ICMP || key.protocol == Packet.IPPROTO_ICMPV6;
        if (tcp)
        {
            final int flags = TcpStateMachine.flags(packet, key.l4Offset);
            if (TcpStateMachine.invalidFlags(flags))
            {
                return invalid(stripe, InvalidReason.TCP_FLAGS);
            }
            if (!TcpStateMachine.validNew(flags))
            {
                return invalid(stripe, InvalidReason.TCP_NO_CONNECTION);
            }
        }
        else if (icmp && key.srcPort == FlowKey.ECHO)
        {
            // an echo reply nobody asked for
            return invalid(stripe, InvalidReason.ICMP_UNRELATED);
        }
        if (!commit)
        {
            return CtState.TRACKED | CtState.NEW;
        }
        final InvalidReason refused = limits.acquire(key.zone);
        if (refused != null)
        {
            stripe.invalid[refused.ordinal()]++;
            return CtState.TRACKED | CtState.NEW | CtState.INVALID;
        }
        final Connection c = stripe.insert(key, hash);
        final CtTimeout timeout;
        if (tcp)
        {
            timeout = TcpStateMachine.start(c, packet, key.l4Offset, key.ipEnd);
        }
        else
        {
            c.origPackets = 1;
            timeout = icmp ? CtTimeout.ICMP_FIRST : CtTimeout.UDP_FIRST;
        }
        refresh(stripe, c, timeout, now);
        return CtState.TRACKED | CtState.NEW;
    }

    /** An ICMP error: RELATED when the packet it quotes belongs to a connection (REPLY when sent back). */
    private int related(final Packet packet, final FlowKey inner, final int zone)
    {
        final long hash = inner.hash();
        final Stripe stripe = stripe(hash);
        final int state;
        int mark = 0;
        synchronized (stripe)
        {
            stripe.tracked++;
            final Connection c = stripe.find(inner, hash);
            if (c == null)
            {
                state = invalid(stripe, InvalidReason.ICMP_UNRELATED);
            }
            else
            {
                stripe.related++;
                mark = c.mark;
                // the quoted packet went one way; the error about it comes back the other way
                state = CtState.TRACKED | CtState.RELATED | (inner.reply ? 0 : CtState.REPLY);
            }
        }
        packet.ctState(state).ctZone(zone).ctMark(mark);
        return state;
    }

    private int early(final Packet packet, final int zone, final InvalidReason reason)
    {
        earlyInvalid[reason.ordinal()].increment();
        trackedEarly.increment();
        final int state = CtState.TRACKED | CtState.INVALID;
        packet.ctState(state).ctZone(zone).ctMark(0);
        return state;
    }

    private static int invalid(final Stripe stripe, final InvalidReason reason)
    {
        stripe.invalid[reason.ordinal()]++;
        return CtState.TRACKED | CtState.INVALID;
    }

    private void refresh(final Stripe stripe, final Connection c, final CtTimeout timeout, final long now)
    {
        final long expiresAt = now + timeoutNanos[timeout.ordinal()];
        stripe.expireAt(c, expiresAt, tick(expiresAt));
    }

    private Stripe stripe(final long hash)
    {
        return stripes[(int)(hash >>> STRIPE_HASH_SHIFT) & stripeMask];
    }

    private long tick(final long time)
    {
        return Math.floorDiv(time - epoch, tickNanos);
    }

    private void runExpiry()
    {
        while (!closed)
        {
            coarseNow = clock.nanoTime();
            LockSupport.parkNanos(this, tickNanos);
            if (closed)
            {
                break;
            }
            try
            {
                expire();
            }
            catch (final RuntimeException e)
            {
                // a bug in expiry must not stop it for good; the counter makes it visible
                expiryErrors.increment();
            }
        }
    }
}
