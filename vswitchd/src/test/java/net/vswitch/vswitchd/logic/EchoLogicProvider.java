package net.vswitch.vswitchd.logic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * A logic module found through ServiceLoader (test resources register it), the way filter3,
 * openflow and secgroups plug in: it floods, counts lookups, and answers the ctl command dump-flows.
 */
public final class EchoLogicProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "test-echo";
    }

    @Override
    public String description()
    {
        return "test logic: floods everything (setting: label=TEXT)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final String label = settings.string("label", "echo");
        settings.checkAllUsed();
        return new Echo(label);
    }

    /** Floods and counts. */
    public static final class Echo implements SwitchLogic, LogicControl
    {
        private final String label;
        private final AtomicLong lookups = new AtomicLong();

        Echo(final String label)
        {
            this.label = label;
        }

        @Override
        public int lookup(final Packet packet, final int ingressPort)
        {
            lookups.incrementAndGet();
            return BROADCAST;
        }

        @Override
        public Map<String, Long> counters()
        {
            return Map.of("lookups", lookups.get());
        }

        @Override
        public Set<String> commands()
        {
            return Set.of("dump-flows");
        }

        @Override
        public String command(final String command, final List<String> args, final boolean json)
        {
            if (!args.isEmpty())
            {
                throw new IllegalArgumentException("dump-flows takes no arguments, got " + args);
            }
            return json ? "{\"label\":\"" + label + "\",\"flows\":[]}" : label + ": no flows";
        }

        @Override
        public String name()
        {
            return "test-echo";
        }
    }
}
