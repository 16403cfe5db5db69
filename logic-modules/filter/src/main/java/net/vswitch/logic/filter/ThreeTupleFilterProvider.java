package net.vswitch.logic.filter;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * {@code filter3}: settings {@code uplink} and {@code default} (port indexes, default 0 and 1),
 * {@code table-limit}, {@code other-from-uplink} / {@code other-from-ports} ({@code forward},
 * {@code flood}, {@code drop}). Reservations are made at run time with {@code vswitch ctl reserve}.
 */
public final class ThreeTupleFilterProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "filter3";
    }

    @Override
    public String description()
    {
        return "MultiStack 3-tuple filter (settings: uplink, default, table-limit, other-from-uplink, other-from-ports)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final int uplink = (int)settings.number("uplink", ThreeTupleFilter.UPLINK_PORT_DEFAULT, 0, 1 << 20);
        final int defaultPort = (int)settings.number("default", ThreeTupleFilter.DEFAULT_PORT_DEFAULT, 0, 1 << 20);
        final int limit = (int)settings.number("table-limit", ThreeTupleFilter.TABLE_LIMIT_DEFAULT, 1, 1 << 24);
        final OtherTraffic fromUplink = other(settings, "other-from-uplink", ThreeTupleFilter.OTHER_FROM_UPLINK_DEFAULT);
        final OtherTraffic fromPorts = other(settings, "other-from-ports", ThreeTupleFilter.OTHER_FROM_PORTS_DEFAULT);
        settings.checkAllUsed();
        if (uplink == defaultPort)
        {
            throw new LogicSettings.InvalidSetting("default", "setting 'default' of logic filter3 must differ from "
                + "'uplink' (" + uplink + ")");
        }
        return new ThreeTupleFilter(uplink, defaultPort, limit).otherTraffic(fromUplink, fromPorts);
    }

    private static OtherTraffic other(final LogicSettings settings, final String key, final OtherTraffic fallback)
    {
        final String text = settings.string(key, null);
        if (text == null)
        {
            return fallback;
        }
        try
        {
            return OtherTraffic.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new LogicSettings.InvalidSetting(key, "setting '" + key + "' of logic filter3 must be forward, "
                + "flood or drop, got '" + text + "'");
        }
    }
}
