package net.vswitch.examples.module;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * Makes {@link HubLogic} known to the daemon as {@code hub}: listed in this module's
 * {@code META-INF/services/net.vswitch.fabric.plugin.LogicProvider}, found by {@link java.util.ServiceLoader}
 * once the jar is on the daemon's class path ({@code VSWITCH_CLASSPATH=examples/target/classes ./vswitch run
 * --logic hub ...}).
 */
public final class HubProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "hub";
    }

    @Override
    public String description()
    {
        return "example module: floods every frame, counts them (command: hub-stats; no settings)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        settings.checkAllUsed();
        return new HubLogic();
    }
}
