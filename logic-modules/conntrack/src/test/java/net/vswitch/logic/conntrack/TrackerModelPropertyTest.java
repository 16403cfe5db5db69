package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * For random sequences of packets (TCP handshakes, data, bad segments, resets, strays; UDP both ways; ICMP
 * echo; ICMP errors quoting any of them) over a few flows in two zones, with random clock jumps and expiry,
 * every verdict of the tracker equals that of a small reference model that knows each flow's stage, which
 * side spoke first and when it times out, and the table holds exactly the model's connections.
 */
class TrackerModelPropertyTest
{
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final int[] ADVANCES = {0, 1, 1, 2, 5, 5, 10, 10, 29, 30, 31, 59, 60, 61, 3600, 86_399, 86_401};

    /** Flows: 0 and 1 TCP (v4, v6), 2 and 3 UDP (v4, v6), 4 ICMP echo. */
    private static final String[][] ENDPOINTS = {
        {"10.0.0.1", "10.0.0.2"}, {"2001:db8::1", "2001:db8::2"}, {"10.0.1.1", "10.0.1.2"},
        {"2001:db8:1::1", "2001:db8:1::2"}, {"10.0.2.1", "10.0.2.2"}};
    private static final int FLOWS = ENDPOINTS.length;
    private static final int ZONES = 2;

    enum Kind
    {
        SYN, SYN_ACK, DATA, BAD_DATA, RST, BAD_RST, STRAY, UDP, ECHO_REQUEST, ECHO_REPLY, ICMP_ERROR, ADVANCE
    }

    record Op(Kind kind, int flow, int zone, boolean reverse, boolean commit, int arg)
    {
    }

    /** What the model knows of one flow in one zone. */
    static final class Model
    {
        static final int NONE = 0;
        static final int SYN_SENT = 1;
        static final int SYN_RECV = 2;
        static final int ESTABLISHED = 3;
        static final int CLOSED = 4;

        boolean exists;
        /** UDP: whether the connection's original direction is B to A. */
        boolean origReverse;
        int tcp = NONE;
        boolean replySeen;
        long expiresAt;
        int generation;
        TcpFlow segments;
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        final Arbitrary<Op> op = Arbitraries.integers().between(0, FLOWS - 1).flatMap(flow -> Combinators.combine(
            kinds(flow), Arbitraries.integers().between(0, ZONES - 1), Arbitraries.of(true, false),
            Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false)), Arbitraries.integers().between(0, 100))
            .as((kind, zone, reverse, commit, arg) -> new Op(kind, flow, zone, reverse, commit, arg)));
        // clock jumps are rare, so a connection sees a few dozen packets between them
        final Arbitrary<Op> advance = Arbitraries.integers().between(0, 100)
            .map(arg -> new Op(Kind.ADVANCE, 0, 0, false, false, arg));
        return Arbitraries.frequencyOf(Tuple.of(1, advance), Tuple.of(80, op)).list().ofMinSize(150).ofMaxSize(400);
    }

    /** Kinds that fit the flow's protocol, weighted so handshakes complete and connections get closed. */
    private static Arbitrary<Kind> kinds(final int flow)
    {
        if (flow < 2)
        {
            return Arbitraries.frequency(Tuple.of(10, Kind.SYN), Tuple.of(8, Kind.SYN_ACK), Tuple.of(20, Kind.DATA),
                Tuple.of(3, Kind.BAD_DATA), Tuple.of(2, Kind.RST), Tuple.of(3, Kind.BAD_RST),
                Tuple.of(2, Kind.STRAY), Tuple.of(4, Kind.ICMP_ERROR));
        }
        if (flow < 4)
        {
            return Arbitraries.frequency(Tuple.of(5, Kind.UDP), Tuple.of(1, Kind.ICMP_ERROR));
        }
        return Arbitraries.frequency(Tuple.of(5, Kind.ECHO_REQUEST), Tuple.of(4, Kind.ECHO_REPLY),
            Tuple.of(2, Kind.ICMP_ERROR));
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.FIRST)
    void trackerAgreesWithTheModel(@ForAll("ops") final List<Op> ops)
    {
        final ManualClock clock = new ManualClock();
        final ConnectionTracker tracker = new ConnectionTracker(ConntrackConfig.builder().expiryThread(false)
            .stripes(4).build(), clock);
        final Model[][] models = new Model[FLOWS][ZONES];
        for (int f = 0; f < FLOWS; f++)
        {
            for (int z = 0; z < ZONES; z++)
            {
                models[f][z] = new Model();
                models[f][z].segments = flow(f, 0);
            }
        }
        for (int i = 0; i < ops.size(); i++)
        {
            final Op op = ops.get(i);
            if (op.kind() == Kind.ADVANCE)
            {
                clock.advance(Duration.ofSeconds(ADVANCES[op.arg() % ADVANCES.length]));
                tracker.expire();
                for (final Model[] zones : models)
                {
                    for (final Model m : zones)
                    {
                        if (m.exists && m.expiresAt < clock.nanoTime())
                        {
                            forget(m);
                        }
                    }
                }
                continue;
            }
            final Model m = models[op.flow()][op.zone()];
            final Step step = step(op, m, clock.nanoTime());
            if (step == null)
            {
                continue;
            }
            final int zone = op.zone() + 7;
            final int actual = op.commit() ? tracker.commit(Frames.packet(step.frame), zone)
                : tracker.track(Frames.packet(step.frame), zone);
            assertEquals(CtState.toString(step.expected), CtState.toString(actual), "op " + i + " " + op + " of "
                + ops);
            Statistics.collect(op.kind(), CtState.toString(actual));
        }
        int expectedSize = 0;
        for (final Model[] zones : models)
        {
            for (final Model m : zones)
            {
                expectedSize += m.exists ? 1 : 0;
            }
        }
        assertEquals(expectedSize, tracker.size(), "connections in the table after " + ops);
    }

    private record Step(byte[] frame, int expected)
    {
    }

    private static TcpFlow flow(final int f, final int generation)
    {
        final TcpFlow flow = new TcpFlow(ENDPOINTS[f][0], 1000 + f, ENDPOINTS[f][1], 80);
        flow.clientSeq += generation * 300_000;
        flow.serverSeq += generation * 300_000;
        return flow;
    }

    private static void forget(final Model m)
    {
        m.exists = false;
        m.tcp = Model.NONE;
        m.replySeen = false;
        m.generation++;
        m.segments = null;
    }

    /** The packet an op sends and the model's verdict, updating the model; null when the op does not apply. */
    private static Step step(final Op op, final Model m, final long now)
    {
        final int f = op.flow();
        final boolean tcp = f < 2;
        final boolean udp = f == 2 || f == 3;
        final int trk = CtState.TRACKED;
        final int inv = trk | CtState.INVALID;
        final int newState = trk | CtState.NEW;
        final String a = ENDPOINTS[f][0];
        final String b = ENDPOINTS[f][1];
        if (op.kind() == Kind.ICMP_ERROR)
        {
            final byte[] quoted = tcp ? Frames.tcp(op.reverse() ? b : a, op.reverse() ? 80 : 1000 + f,
                op.reverse() ? a : b, op.reverse() ? 1000 + f : 80, Frames.ACK, 1, 1, 100, 0)
                : udp ? Frames.udp(op.reverse() ? b : a, op.reverse() ? 53 : 4000, op.reverse() ? a : b,
                    op.reverse() ? 4000 : 53)
                : Frames.echo(op.reverse() ? b : a, op.reverse() ? a : b, true, 77);
            final boolean quotesConnection = m.exists && (tcp || udp || !op.reverse());
            final boolean quotesOriginal = tcp ? !op.reverse() : udp ? op.reverse() == m.origReverse : true;
            final String router = a.contains(":") ? "2001:db8:9::9" : "10.9.9.9";
            final byte[] frame = Frames.unreachable(router, op.reverse() ? a : b, quoted);
            return new Step(frame, quotesConnection ? trk | CtState.RELATED | (quotesOriginal ? CtState.REPLY : 0)
                : inv);
        }
        if (udp)
        {
            if (op.kind() != Kind.UDP)
            {
                return null;
            }
            final byte[] frame = op.reverse() ? Frames.udp(b, 53, a, 4000) : Frames.udp(a, 4000, b, 53);
            if (!m.exists)
            {
                if (op.commit())
                {
                    m.exists = true;
                    m.origReverse = op.reverse();
                    m.expiresAt = now + 60 * SECOND;
                }
                return new Step(frame, newState);
            }
            if (op.reverse() == m.origReverse)
            {
                m.expiresAt = now + (m.replySeen ? 30 : 60) * SECOND;
                return new Step(frame, m.replySeen ? trk | CtState.ESTABLISHED : newState);
            }
            m.replySeen = true;
            m.expiresAt = now + 30 * SECOND;
            return new Step(frame, trk | CtState.ESTABLISHED | CtState.REPLY);
        }
        if (!tcp)
        {
            if (op.kind() == Kind.ECHO_REQUEST)
            {
                final byte[] frame = Frames.echo(a, b, true, 77);
                if (!m.exists)
                {
                    if (op.commit())
                    {
                        m.exists = true;
                        m.expiresAt = now + 60 * SECOND;
                    }
                    return new Step(frame, newState);
                }
                m.expiresAt = now + (m.replySeen ? 30 : 60) * SECOND;
                return new Step(frame, m.replySeen ? trk | CtState.ESTABLISHED : newState);
            }
            if (op.kind() == Kind.ECHO_REPLY)
            {
                final byte[] frame = Frames.echo(b, a, false, 77);
                if (!m.exists)
                {
                    return new Step(frame, inv);
                }
                m.replySeen = true;
                m.expiresAt = now + 30 * SECOND;
                return new Step(frame, trk | CtState.ESTABLISHED | CtState.REPLY);
            }
            return null;
        }
        return tcpStep(op, m, now);
    }

    private static Step tcpStep(final Op op, final Model m, final long now)
    {
        final int trk = CtState.TRACKED;
        final int inv = trk | CtState.INVALID;
        final int est = trk | CtState.ESTABLISHED;
        final boolean open = m.tcp == Model.SYN_RECV || m.tcp == Model.ESTABLISHED;
        final boolean server = op.reverse();
        final int direction = server ? CtState.REPLY : 0;
        switch (op.kind())
        {
            case SYN ->
            {
                if (m.tcp == Model.SYN_SENT)
                {
                    final TcpFlow retransmit = flow(op.flow(), m.generation);
                    m.expiresAt = now + 30 * SECOND;
                    return new Step(retransmit.syn(), trk | CtState.NEW);
                }
                if (m.tcp != Model.NONE && m.tcp != Model.CLOSED)
                {
                    return null;
                }
                if (m.tcp == Model.CLOSED)
                {
                    forget(m);
                }
                final TcpFlow fresh = flow(op.flow(), m.generation);
                final byte[] syn = fresh.syn();
                if (op.commit())
                {
                    m.exists = true;
                    m.tcp = Model.SYN_SENT;
                    m.segments = fresh;
                    m.expiresAt = now + 30 * SECOND;
                }
                return new Step(syn, trk | CtState.NEW);
            }
            case SYN_ACK ->
            {
                if (m.tcp != Model.SYN_SENT)
                {
                    return null;
                }
                m.tcp = Model.SYN_RECV;
                m.expiresAt = now + 30 * SECOND;
                return new Step(m.segments.synAck(), est | CtState.REPLY);
            }
            case DATA ->
            {
                if (!open)
                {
                    return null;
                }
                final byte[] frame = server ? m.segments.serverData(op.arg()) : m.segments.clientData(op.arg());
                if (!server)
                {
                    m.tcp = Model.ESTABLISHED;
                }
                m.expiresAt = now + (m.tcp == Model.ESTABLISHED ? 86_400 : 30) * SECOND;
                return new Step(frame, est | direction);
            }
            case BAD_DATA, BAD_RST ->
            {
                if (!open)
                {
                    return null;
                }
                final boolean rst = op.kind() == Kind.BAD_RST;
                final int flags = rst ? Frames.RST : Frames.ACK;
                final int offset = rst ? 5000 : 1 << 30;
                return new Step(server ? m.segments.serverAt(flags, offset, rst ? 0 : 10)
                    : m.segments.clientAt(flags, offset, rst ? 0 : 10), inv);
            }
            case RST ->
            {
                if (!open)
                {
                    return null;
                }
                final byte[] frame = server ? m.segments.serverAt(Frames.RST, 0, 0)
                    : m.segments.clientAt(Frames.RST, 0, 0);
                m.tcp = Model.CLOSED;
                m.expiresAt = now + 30 * SECOND;
                return new Step(frame, est | direction);
            }
            case STRAY ->
            {
                if (m.exists)
                {
                    return null;
                }
                return new Step(flow(op.flow(), m.generation).clientAt(Frames.ACK, op.arg(), 10), inv);
            }
            default ->
            {
                return null;
            }
        }
    }
}
