package net.vswitch.logic.openflow;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * {@code openflow}: settings {@code flows} (a flows file in ovs-ofctl syntax, loaded at creation),
 * {@code emc-insert-inverse} (1 in N megaflow hits enter the EMC; 0 turns it off), {@code megaflow-limit},
 * {@code megaflow-idle-ms}, {@code sweep-interval-ms}, {@code packet-in-queue}; the OpenFlow channel's
 * {@code controllers} ({@code ptcp:PORT[:ADDR]} and {@code tcp:HOST:PORT}, comma separated), {@code datapath-id},
 * {@code echo-interval-ms}.
 */
public final class OpenFlowProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "openflow";
    }

    @Override
    public String description()
    {
        return "OpenFlow pipeline behind a megaflow cache (settings: flows, emc-insert-inverse, megaflow-limit, "
            + "megaflow-idle-ms, sweep-interval-ms, packet-in-queue, controllers, datapath-id, echo-interval-ms)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final String flows = settings.string("flows", null);
        final OpenFlowLogic.Settings s = new OpenFlowLogic.Settings(
            (int)settings.number("emc-insert-inverse", OpenFlowLogic.EMC_INSERT_INVERSE_DEFAULT, 0, 1 << 20),
            (int)settings.number("megaflow-limit", OpenFlowLogic.MEGAFLOW_LIMIT_DEFAULT, 1, 1 << 26),
            settings.number("megaflow-idle-ms", OpenFlowLogic.MEGAFLOW_IDLE_MS_DEFAULT, 1, 86_400_000),
            settings.number("sweep-interval-ms", OpenFlowLogic.SWEEP_INTERVAL_MS_DEFAULT, 1, 60_000),
            (int)settings.number("packet-in-queue", net.vswitch.logic.openflow.control.PacketInQueue.CAPACITY_DEFAULT,
                1, 1 << 20),
            null);
        final String controllers = settings.string("controllers", null);
        final net.vswitch.logic.openflow.channel.OpenFlowChannel.Config channel =
            controllers == null || controllers.isBlank() ? null
                : net.vswitch.logic.openflow.channel.ChannelSettings.read(settings, controllers);
        settings.checkAllUsed();
        final OpenFlowLogic logic = new OpenFlowLogic(s);
        if (channel != null)
        {
            logic.attach(new net.vswitch.logic.openflow.channel.OpenFlowChannel(logic, channel));
        }
        if (flows != null)
        {
            try
            {
                new OpenFlowCommands(logic).addFlows(OpenFlowCommands.readFile(flows));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new LogicSettings.InvalidSetting("flows", "setting 'flows' of logic openflow: "
                    + ex.getMessage());
            }
        }
        return logic;
    }
}
