package net.vswitch.logic.openflow.ct;

import java.util.List;
import java.util.Set;

import net.vswitch.logic.conntrack.ConnectionTracker;

/**
 * The ctl commands of ct(): {@code dump-conntrack [zone=N] [--json]} (OVS's {@code dpctl/dump-conntrack} lines)
 * and {@code flush-conntrack [zone=N]}.
 */
public final class CtCommands
{
    /** The command names. */
    public static final Set<String> NAMES = Set.of("dump-conntrack", "flush-conntrack");

    private CtCommands()
    {
    }

    /**
     * Runs one of {@link #NAMES}.
     *
     * @throws IllegalArgumentException for a bad argument, naming it
     */
    public static String run(final Conntrack conntrack, final String command, final List<String> args,
        final boolean json)
    {
        int zone = ConnectionTracker.ALL_ZONES;
        for (final String a : args)
        {
            if (!a.startsWith("zone="))
            {
                throw new IllegalArgumentException(command + ": unknown argument '" + a + "' (zone=N)");
            }
            try
            {
                zone = Integer.parseInt(a.substring(5));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(command + ": bad zone '" + a.substring(5) + "'");
            }
        }
        final ConnectionTracker tracker = conntrack.tracker();
        if (command.equals("flush-conntrack"))
        {
            return "flushed " + (zone == ConnectionTracker.ALL_ZONES ? tracker.flush() : tracker.flush(zone))
                + " connections";
        }
        return json ? tracker.dumpJson(zone) : String.join("\n", tracker.dump(zone));
    }
}
