package net.vswitch.benchmarks.figures;

import net.vswitch.fabric.SwitchLogic;

/** Logic modules of figure 5 beyond the fabric's own, configured so sender 0's frames reach port 1. */
final class ModuleLogics
{
    private ModuleLogics()
    {
    }

    static SwitchLogic create(final String name)
    {
        throw new IllegalArgumentException("unknown logic " + name);
    }
}
