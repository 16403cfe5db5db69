package net.vswitch.examples.module;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.ControlJson;
import net.vswitch.fabric.plugin.LogicControl;

/**
 * A whole logic module in one class: a hub that floods every frame. Through {@link LogicControl} it
 * exports one counter ({@code flooded}, in {@code vswitch ctl stats} and at {@code /metrics}) and
 * answers one ctl command ({@code vswitch ctl hub-stats [--json]}); the daemon needs no change for
 * either. {@link HubProvider} makes it {@code --logic hub}.
 */
public final class HubLogic implements SwitchLogic, LogicControl
{
    /** The ctl command this module answers. */
    public static final String COMMAND = "hub-stats";

    private final LongAdder flooded = new LongAdder();

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        flooded.increment();
        return BROADCAST;
    }

    @Override
    public Map<String, Long> counters()
    {
        return Map.of("flooded", flooded.sum());
    }

    @Override
    public Set<String> commands()
    {
        return Set.of(COMMAND);
    }

    @Override
    public String command(final String command, final List<String> args, final boolean json)
    {
        if (!args.isEmpty())
        {
            throw new IllegalArgumentException(COMMAND + " takes no arguments, got " + String.join(" ", args));
        }
        final long count = flooded.sum();
        return json ? ControlJson.write(Map.of("flooded", count)) : "flooded " + count + " frame(s)";
    }

    @Override
    public String name()
    {
        return "hub";
    }
}
