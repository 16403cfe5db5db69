package net.vswitch.vswitchd.layoutfixture;

import net.vswitch.logic.bridge.LearningBridge;

/** Breaks "vswitchd names no logic-module class" on purpose (LayoutTest checks the rule reports it). */
public final class DaemonNamingTheBridge
{
    public boolean isBridge(final Object logic)
    {
        return logic instanceof LearningBridge;
    }
}
