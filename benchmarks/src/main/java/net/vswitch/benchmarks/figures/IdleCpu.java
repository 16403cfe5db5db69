package net.vswitch.benchmarks.figures;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;

/** Figure 8: CPU used by an idle daemon with 1, 100, 1000 ports. */
final class IdleCpu
{
    private IdleCpu()
    {
    }

    static FigureData measure(final Settings settings)
    {
        final FigureData f = new FigureData("8-idle-cpu", "Idle daemon CPU", "ports", "% of one core", false);
        f.notes.add("skipped: needs the daemon (`vswitch run`)");
        return f;
    }
}
