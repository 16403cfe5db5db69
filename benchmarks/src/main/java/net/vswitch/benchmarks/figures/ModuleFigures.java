package net.vswitch.benchmarks.figures;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;

import static net.vswitch.benchmarks.figures.BenchCommand.args;
import static net.vswitch.benchmarks.figures.BenchCommand.progress;

/**
 * Figures {@code conntrack} (connection tracker and security groups, issue 20) and {@code openflow} (pipeline
 * behind the megaflow cache, issue 18). Each point is a {@link ModuleRatePoint} in a forked JVM; rates are per
 * CPU-second of the measuring thread ("per core") with the wall-clock rate beside them.
 */
final class ModuleFigures
{
    /** OpenFlow rule sets of OpenFlowBenchmark, in the order of the rates figure's x axis (after the slow path). */
    static final List<String> RULES = List.of("one", "l2", "two-tables");
    /** Flows in the traffic of the cached-path rates (OpenFlowBenchmark's default). */
    static final int RATE_FLOWS = 1000;

    static final String PER_CPU = "per CPU-second";
    static final String PER_WALL = "per wall-clock second";
    static final String SMALL_GROUPS = "10 rules";
    static final String BIG_GROUPS = "10 k groups";

    private ModuleFigures()
    {
    }

    private static Measurement point(final FigureData figure, final List<String> args) throws Exception
    {
        figure.commands.add(PointRunner.describe(ModuleRatePoint.class, args));
        return PointRunner.run(ModuleRatePoint.class, args);
    }

    /** Conntrack new connections and established packets per core; secgroups 10 rules vs 10 k groups. */
    static FigureData conntrack(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("10-conntrack", "Connection tracker alone, 60 B TCP, 1 thread",
            "workload (1=new connections 2=established packets)", "M per second", false);
        progress("conntrack", "tracker new + established");
        final Measurement ct = point(f, args(s.timing(), "mode=conntrack"));
        f.add(PER_CPU, 1, ct.values("new.cpu"));
        f.add(PER_WALL, 1, ct.values("new.wall"));
        f.add(PER_CPU, 2, ct.values("established.cpu"));
        f.add(PER_WALL, 2, ct.values("established.wall"));
        final double newRate = f.median(PER_CPU, 1);
        f.notes.add(String.format("new connections: %.2f M/CPU-s, target >= 1 M/s per core: %s", newRate,
            newRate >= 1 ? "met" : "**missed**"));
        f.notes.add("ConntrackBenchmark's workloads: every SYN from a new source (expiry included), established ="
            + " in-window segments of " + net.vswitch.benchmarks.ConntrackBenchmark.FLOWS + " connections");

        final FigureData g = new FigureData("10b-secgroups", "Security groups through a Switch, 10 rules vs 10 k groups"
            + " (60 B, 1 core)", "workload (1=new connections 2=established)", "Mpps per CPU-second", false);
        progress("conntrack", "secgroups 10 rules vs 10 k groups");
        final Measurement sg = point(g, args(s.timing(), "mode=secgroups"));
        g.add(SMALL_GROUPS, 1, sg.values("new-10-rules.cpu"));
        g.add(BIG_GROUPS, 1, sg.values("new-10k-groups.cpu"));
        g.add(SMALL_GROUPS, 2, sg.values("established-10-rules.cpu"));
        g.add(BIG_GROUPS, 2, sg.values("established-10k-groups.cpu"));
        for (final int x : List.of(1, 2))
        {
            final double ratio = g.median(BIG_GROUPS, x) / g.median(SMALL_GROUPS, x);
            g.notes.add(String.format("%s: 10 k groups / 10 rules = %.3f (loss %.1f%%, target loss <= 10%%: %s)",
                x == 1 ? "new connections" : "established", ratio, (1 - ratio) * 100, ratio >= 0.9 ? "met"
                    : "**missed**"));
        }
        g.notes.add("both configurations live in one JVM and are measured in alternating slices of each repetition,"
            + " so load changes on the shared machine hit both alike");
        f.more.add(g);
        return f;
    }

    /** OpenFlow slow-path setups and cached-path rates per core; hit rates and megaflows against flows. */
    static FigureData openflow(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("11-openflow", "OpenFlow logic alone (64 B UDP, batch 256, 1 thread)",
            "workload (1=slow path setups 2=cached one rule 3=cached 8 L2 rules 4=cached two tables)",
            "M per second", false);
        progress("openflow", "slow path (every packet a miss)");
        final Measurement slow = point(f, args(s.timing(), "mode=openflow-slow", "rules=two-tables"));
        f.add(PER_CPU, 1, slow.values("setups.cpu"));
        f.add(PER_WALL, 1, slow.values("setups.wall"));
        final double setups = f.median(PER_CPU, 1) * 1000;
        f.notes.add(String.format("slow path: %.0f k flow setups/CPU-s (two-tables rules, 100%% misses), target"
            + " >= 200 k/s per core: %s; megaflows end at %s (cap 100 k, evictions %s)", setups,
            setups >= 200 ? "met" : "**missed**", FigureData.fmt(Measurement.median(slow.values("megaflows"))),
            FigureData.fmt(Measurement.median(slow.values("evictions")))));
        for (int i = 0; i < RULES.size(); i++)
        {
            progress("openflow", "cached path, rules " + RULES.get(i));
            final Measurement m = point(f, args(s.timing(), "mode=openflow-cached", "rules=" + RULES.get(i),
                "flows=" + RATE_FLOWS));
            f.add(PER_CPU, i + 2, m.values("cached.cpu"));
            f.add(PER_WALL, i + 2, m.values("cached.wall"));
        }
        f.notes.add("cached path: " + RATE_FLOWS + " UDP flows; two tables = 500 dl_dst rules going to 500 nw_dst"
            + " /25 rules (OpenFlowBenchmark's set)");

        final FigureData hits = new FigureData("11b-openflow-hits", "OpenFlow cache tiers vs flows (two tables)",
            "flows", "% of packets", true);
        final FigureData counts = new FigureData("11c-openflow-megaflows", "OpenFlow megaflows and cached rate vs"
            + " flows (two tables)", "flows", "megaflows / Mpps per CPU-second", true);
        final List<Integer> flows = new ArrayList<>(s.pick(List.of(1, 10_000), List.of(1, 100, 10_000, 100_000)));
        for (final int n : flows)
        {
            progress("openflow", "hit rates, " + n + " flows");
            final Measurement m = point(hits, args(s.timing(), "mode=openflow-cached", "rules=two-tables",
                "flows=" + n));
            hits.add("EMC", n, m.values("emc_pct"));
            hits.add("megaflow", n, m.values("megaflow_pct"));
            hits.add("slow path", n, m.values("slow_pct"));
            counts.add("megaflows installed", n, m.values("megaflows"));
            counts.add("cached Mpps per CPU-second", n, m.values("cached.cpu"));
        }
        hits.notes.add("hit rates count the measured repetitions only (warm-up fills the caches); EMC holds 8 K"
            + " entries, so past that the megaflows serve");
        f.more.add(hits);
        f.more.add(counts);
        return f;
    }
}
