package net.vswitch.fabric.layoutfixture;

import net.vswitch.vswitchd.Main;

/** Breaks "fabric imports nothing of ours" on purpose (LayoutTest checks the rule reports it). */
public final class FabricReachingIntoTheDaemon
{
    public int exit()
    {
        return Main.execute("--version");
    }
}
