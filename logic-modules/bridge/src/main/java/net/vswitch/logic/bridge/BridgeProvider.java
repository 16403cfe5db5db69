package net.vswitch.logic.bridge;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/** {@code bridge}: the L2 learning bridge. Settings: {@code aging} (seconds), {@code table-limit} (MACs). */
public final class BridgeProvider implements LogicProvider
{
    public static final String AGING = "aging";
    public static final String TABLE_LIMIT = "table-limit";

    @Override
    public String name()
    {
        return "bridge";
    }

    @Override
    public String description()
    {
        return "L2 learning bridge (settings: aging=SECONDS, table-limit=MACS)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final int aging = (int)settings.number(AGING, LearningBridge.AGING_SECONDS_DEFAULT, 1, 1_000_000);
        final int limit = (int)settings.number(TABLE_LIMIT, LearningBridge.TABLE_LIMIT_DEFAULT, 1, 1 << 24);
        settings.checkAllUsed();
        return new LearningBridge(aging, limit);
    }
}
