package net.vswitch.logic.basic;

import java.util.Arrays;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * {@code static}: a fixed ingress → egress map. Without settings port 2k talks to 2k+1; the setting
 * {@code map} lists {@code IN:OUT} pairs (e.g. {@code "0:1,1:0,2:1"}); unlisted ingress ports drop.
 */
public final class StaticProvider implements LogicProvider
{
    public static final String MAP = "map";
    private static final int MAX_PORT = 1 << 20;

    @Override
    public String name()
    {
        return "static";
    }

    @Override
    public String description()
    {
        return "fixed port map, by default 2k <-> 2k+1 (setting: map=IN:OUT,...)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final String text = settings.string(MAP, null);
        settings.checkAllUsed();
        if (text == null)
        {
            return new StaticLogic();
        }
        int[] map = new int[0];
        for (final String pair : text.split(","))
        {
            final String[] sides = pair.trim().split(":");
            final int in;
            final int out;
            try
            {
                if (sides.length != 2)
                {
                    throw new NumberFormatException();
                }
                in = Integer.parseInt(sides[0].trim());
                out = Integer.parseInt(sides[1].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new LogicSettings.InvalidSetting(MAP, "setting 'map' of logic static must list IN:OUT port"
                    + " index pairs separated by commas, got '" + pair.trim() + "'");
            }
            if (in < 0 || out < 0 || in >= MAX_PORT || out >= MAX_PORT)
            {
                throw new LogicSettings.InvalidSetting(MAP, "setting 'map' of logic static: port indexes must be in"
                    + " 0.." + (MAX_PORT - 1) + ", got '" + pair.trim() + "'");
            }
            if (in >= map.length)
            {
                final int old = map.length;
                map = Arrays.copyOf(map, in + 1);
                Arrays.fill(map, old, map.length, -1);
            }
            map[in] = out;
        }
        return new StaticLogic(map);
    }
}
