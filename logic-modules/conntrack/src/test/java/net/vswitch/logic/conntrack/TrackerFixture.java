package net.vswitch.logic.conntrack;

import java.time.Duration;

/** A tracker without its expiry thread, on a manual clock, plus helpers that print verdicts as OVS does. */
class TrackerFixture
{
    static final Duration TICK = ConntrackConfig.EXPIRY_TICK_DEFAULT;

    final ManualClock clock = new ManualClock();
    ConnectionTracker tracker = tracker(ConntrackConfig.builder());

    ConnectionTracker tracker(final ConntrackConfig.Builder builder)
    {
        return new ConnectionTracker(builder.expiryThread(false).build(), clock);
    }

    String track(final byte[] frame, final int zone)
    {
        return CtState.toString(tracker.track(Frames.packet(frame), zone));
    }

    String commit(final byte[] frame, final int zone)
    {
        return CtState.toString(tracker.commit(Frames.packet(frame), zone));
    }

    String track(final byte[] frame)
    {
        return track(frame, 0);
    }

    String commit(final byte[] frame)
    {
        return commit(frame, 0);
    }

    long counter(final String name)
    {
        final Long value = tracker.counters().get(name);
        if (value == null)
        {
            throw new AssertionError("no counter " + name + " in " + tracker.counters());
        }
        return value;
    }

    /** Moves the clock and runs expiry as the timer thread would. */
    int advance(final Duration by)
    {
        clock.advance(by);
        return tracker.expire();
    }

    /** A handshake committed by its SYN; returns the flow ready for data. */
    TcpFlow established(final String client, final int clientPort, final String server, final int serverPort,
        final int zone)
    {
        final TcpFlow flow = new TcpFlow(client, clientPort, server, serverPort);
        check("+trk+new", commit(flow.syn(), zone));
        check("+trk+est+rpl", track(flow.synAck(), zone));
        check("+trk+est", track(flow.clientData(0), zone));
        return flow;
    }

    private static void check(final String expected, final String actual)
    {
        if (!expected.equals(actual))
        {
            throw new AssertionError("handshake: expected " + expected + " but was " + actual);
        }
    }
}
