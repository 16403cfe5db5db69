package net.vswitch.benchmarks.figures;

import java.time.ZonedDateTime;
import java.util.List;

/** summary.md: machine, how to reproduce, each figure's medians with spread, headline ratios. */
final class Summary
{
    private Summary()
    {
    }

    static String markdown(final List<FigureData> figures, final BenchCommand.Settings settings,
        final String commandLine)
    {
        final StringBuilder md = new StringBuilder("# vswitch figures\n\n");
        md.append("Run: `").append(commandLine).append("` on ").append(ZonedDateTime.now()).append(".\n\n");
        md.append("## Machine\n\n");
        MachineInfo.describe().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nEach point runs in a fresh JVM: ").append(settings.warmupMs()).append(" ms warm-up, then ")
            .append(settings.reps()).append(" repetitions of ").append(settings.repMs())
            .append(" ms; tables give the median, min, max and spread ((max-min)/median) of the repetitions. ")
            .append("`$CP` is the benchmarks class path (`benchmarks/target/benchmarks-*.jar:benchmarks/target/lib/*`).\n\n");
        final String ratios = Ratios.headline(figures);
        if (!ratios.isEmpty())
        {
            md.append("## Headline ratios\n\n").append(ratios).append('\n');
        }
        for (final FigureData f : figures)
        {
            md.append("## ").append(f.title).append(" (`").append(f.name).append("`)\n\n");
            if (!f.series.isEmpty())
            {
                md.append("![").append(f.name).append("](").append(f.name).append(".png)\n\n");
                md.append(f.table()).append('\n');
            }
            f.notes.forEach(n -> md.append("- ").append(n).append('\n'));
            if (!f.commands.isEmpty())
            {
                md.append("\nCommands:\n\n```\n");
                f.commands.forEach(c -> md.append(c).append('\n'));
                md.append("```\n\n");
            }
        }
        return md.toString();
    }
}
