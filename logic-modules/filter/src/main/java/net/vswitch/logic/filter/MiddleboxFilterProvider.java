package net.vswitch.logic.filter;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * {@code middlebox}: setting {@code return-port} (index; default none). Mappings are made at run
 * time with {@code vswitch ctl map tcp|udp PORT SWITCHPORT}.
 */
public final class MiddleboxFilterProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "middlebox";
    }

    @Override
    public String description()
    {
        return "middlebox port filter: TCP/UDP port -> switch port (setting: return-port)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final long returnPort = settings.number("return-port", -1, -1, 1 << 20);
        settings.checkAllUsed();
        return returnPort < 0 ? new MiddleboxFilter() : new MiddleboxFilter((int)returnPort);
    }
}
