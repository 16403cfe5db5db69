package net.vswitch.logic.basic;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/** {@code hash-ip}: spreads IPv4 by destination address over ports 1..N-1 (no settings). */
public final class HashIpProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "hash-ip";
    }

    @Override
    public String description()
    {
        return "port 1 + (dst IPv4 mod (N-1)), non-IPv4 dropped (no settings)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        settings.checkAllUsed();
        return new HashIpLogic();
    }
}
