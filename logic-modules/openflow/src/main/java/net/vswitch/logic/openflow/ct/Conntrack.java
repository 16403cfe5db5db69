package net.vswitch.logic.openflow.ct;

import java.util.Map;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.conntrack.CtState;

/**
 * The connection tracker one openflow logic owns for its {@code ct()} actions: created when the logic starts
 * (with the switch's clock) and closed when it stops, which drops every connection. A packet that reaches a
 * {@code ct()} before the logic was started (a test driving the logic directly) creates it on demand.
 */
public final class Conntrack
{
    private final ConntrackConfig config;
    private volatile ConnectionTracker tracker;
    private Clock clock;

    public Conntrack(final ConntrackConfig config, final Clock clock)
    {
        this.config = config;
        this.clock = clock;
    }

    /** Starts the tracker with {@code switchClock} (a no-op when it already runs). */
    public synchronized void start(final Clock switchClock)
    {
        if (tracker == null)
        {
            clock = switchClock;
            tracker = new ConnectionTracker(config, clock);
        }
    }

    /** Closes the tracker (its connections go with it). */
    public synchronized void stop()
    {
        if (tracker != null)
        {
            tracker.close();
            tracker = null;
        }
    }

    /** The running tracker, started on demand. */
    public ConnectionTracker tracker()
    {
        final ConnectionTracker t = tracker;
        if (t != null)
        {
            return t;
        }
        synchronized (this)
        {
            if (tracker == null)
            {
                tracker = new ConnectionTracker(config, clock);
            }
            return tracker;
        }
    }

    /**
     * One {@code ct()} on one packet: tracks it in {@code zone}, creates its connection with {@code commit},
     * then applies {@code exec(set_field:V/M->ct_mark)} to a committed connection. Writes the packet's
     * ctState/ctZone/ctMark.
     */
    public void execute(final Packet packet, final boolean commit, final int zone, final int markValue,
        final int markMask)
    {
        final ConnectionTracker t = tracker();
        final int state = commit ? t.commit(packet, zone) : t.track(packet, zone);
        if (commit && markMask != 0 && (state & CtState.TRACKED) != 0 && (state & CtState.INVALID) == 0)
        {
            t.mark(packet, zone, (packet.ctMark() & ~markMask) | (markValue & markMask));
        }
    }

    /** The tracker's counters (empty while it is not running). */
    public Map<String, Long> counters()
    {
        final ConnectionTracker t = tracker;
        return t == null ? Map.of() : t.counters();
    }
}
