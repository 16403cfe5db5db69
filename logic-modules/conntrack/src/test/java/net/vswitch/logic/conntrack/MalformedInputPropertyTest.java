package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Bad input never breaks the tracker: valid frames of every kind the tracker knows, with random bytes
 * overwritten and cut at a random length, are tracked and committed without an exception; every verdict
 * is untracked (0, non-IP) or TRACKED with exactly one of NEW/ESTABLISHED/RELATED/INVALID (NEW may carry
 * INVALID for a refused commit), and the counters account for every tracked packet.
 */
class MalformedInputPropertyTest
{
    private static final List<byte[]> SEEDS = List.of(
        new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80).syn(),
        Frames.tcp("10.0.0.1", 5000, "10.0.0.2", 80, Frames.SYN, 1, 0, 1000, 0, Frames.wscale(7)),
        new TcpFlow("2001:db8::1", 5000, "2001:db8::2", 80).clientData(30),
        Frames.udp("10.0.0.1", 53, "10.0.0.2", 53),
        Frames.udp("2001:db8::1", 53, "2001:db8::2", 53),
        Frames.echo("10.0.0.1", "10.0.0.2", true, 5),
        Frames.echo("fe80::1", "fe80::2", false, 5),
        Frames.unreachable("10.0.0.9", "10.0.0.1", Frames.udp("10.0.0.1", 1, "10.0.0.2", 2)),
        Frames.unreachable("2001:db8::9", "2001:db8::1", new TcpFlow("2001:db8::1", 1, "2001:db8::2", 2).syn()),
        Frames.fragment(Frames.udp("10.0.0.1", 1, "10.0.0.2", 2), true));

    @Provide
    Arbitrary<byte[]> mutations()
    {
        return Arbitraries.integers().between(0, SEEDS.size() - 1).flatMap(seed ->
        {
            final byte[] frame = SEEDS.get(seed);
            return Arbitraries.integers().between(0, frame.length - 1).tuple2().list().ofMaxSize(6).flatMap(edits ->
                Arbitraries.integers().between(0, frame.length).map(length ->
                {
                    final byte[] copy = frame.clone();
                    for (final var edit : edits)
                    {
                        copy[edit.get1()] = (byte)(edit.get2() * 37);
                    }
                    return Frames.truncate(copy, Math.max(length, 0));
                }));
        });
    }

    @Property(tries = 2000)
    void neverThrowsAndAlwaysGivesOneVerdict(@ForAll("mutations") final byte[] frame,
        @ForAll @IntRange(min = 0, max = 3) final int zone)
    {
        final ManualClock clock = new ManualClock();
        final ConnectionTracker tracker = new ConnectionTracker(ConntrackConfig.builder().expiryThread(false)
            .stripes(2).tableLimit(2).build(), clock);
        // something to be related to, established, or collide with
        tracker.commit(Frames.packet(SEEDS.get(3)), zone);
        tracker.commit(Frames.packet(SEEDS.get(0)), zone);
        final long before = tracker.counters().get("tracked");
        int trackedPackets = 0;
        for (final boolean commit : new boolean[] {false, true, true})
        {
            final int state = commit ? tracker.commit(Frames.packet(frame), zone)
                : tracker.track(Frames.packet(frame), zone);
            if (state == 0)
            {
                continue;
            }
            trackedPackets++;
            assertTrue((state & CtState.TRACKED) != 0, CtState.toString(state));
            final int kind = state & (CtState.NEW | CtState.ESTABLISHED | CtState.RELATED);
            assertTrue(Integer.bitCount(kind) == 1 || (kind == 0 && (state & CtState.INVALID) != 0),
                CtState.toString(state));
        }
        assertEquals(before + trackedPackets, tracker.counters().get("tracked"));
        tracker.expire();
        tracker.dump(ConnectionTracker.ALL_ZONES);
        tracker.dumpJson(ConnectionTracker.ALL_ZONES);
    }
}
