package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.plugin.LogicSettings;

/** Reads the channel's logic settings: {@code controllers}, {@code datapath-id} (hex), {@code echo-interval-ms}. */
public final class ChannelSettings
{
    private ChannelSettings()
    {
    }

    public static OpenFlowChannel.Config read(final LogicSettings settings, final String controllers)
    {
        final List<ChannelTarget> targets = new ArrayList<>();
        for (final String t : controllers.split(","))
        {
            if (t.isBlank())
            {
                continue;
            }
            try
            {
                targets.add(ChannelTarget.parse(t));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new LogicSettings.InvalidSetting("controllers", "setting 'controllers' of logic openflow: "
                    + ex.getMessage());
            }
        }
        final String dpid = settings.string("datapath-id", null);
        Long datapathId = null;
        if (dpid != null)
        {
            try
            {
                final String d = dpid.trim().toLowerCase(java.util.Locale.ROOT);
                datapathId = Long.parseUnsignedLong(d.startsWith("0x") ? d.substring(2) : d, 16);
            }
            catch (final NumberFormatException ex)
            {
                throw new LogicSettings.InvalidSetting("datapath-id", "setting 'datapath-id' of logic openflow must be "
                    + "hexadecimal (up to 16 digits), got '" + dpid + "'");
            }
        }
        final long echo = settings.number("echo-interval-ms", OpenFlowChannel.Config.ECHO_INTERVAL_MS_DEFAULT, 10,
            3_600_000);
        return new OpenFlowChannel.Config(targets, datapathId, echo, OpenFlowChannel.Config.RECONNECT_MIN_MS_DEFAULT,
            OpenFlowChannel.Config.RECONNECT_MAX_MS_DEFAULT);
    }
}
