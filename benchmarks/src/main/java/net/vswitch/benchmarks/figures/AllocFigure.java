package net.vswitch.benchmarks.figures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import net.vswitch.benchmarks.ModuleCostBenchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;

import static net.vswitch.benchmarks.figures.BenchCommand.progress;

/**
 * Figure {@code alloc} (DESIGN §6: 0 bytes allocated per forwarded packet): JMH's GC profiler
 * ({@code -prof gc}, {@code gc.alloc.rate.norm}) on {@link ModuleCostBenchmark}, one forked JVM per
 * logic, one JMH operation per forwarded packet, every packet delivered (the benchmark fails a run
 * that drops). Each measurement iteration is one repetition.
 *
 * <p>The workloads are {@link #LOGICS}; the OpenFlow pipeline's cached path (exact-match and megaflow
 * hits) joins by adding its name there once {@code ModuleCostBenchmark.create}/{@code prepare} can
 * build it with its flows installed, so every lookup is a cache hit.
 */
final class AllocFigure
{
    /** Logic modules measured, by their DESIGN names. */
    static final List<String> LOGICS = List.of("static", "hash-ip", "bridge", "filter3", "middlebox");

    /** JMH 1.35+ names the metric without the leading middle dot older releases used. */
    private static final List<String> METRIC_NAMES = List.of("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm");

    private AllocFigure()
    {
    }

    static FigureData measure(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("9-alloc", "Bytes allocated per forwarded packet (JMH -prof gc, 60 B)",
            "module (1=static 2=hash-ip 3=bridge 4=filter3 5=middlebox)", "bytes per packet", false);
        final int warmups = s.quick() ? 2 : 3;
        final int iterations = s.quick() ? 2 : s.reps();
        final long iterationMs = s.quick() ? 500 : 1000;
        double worst = 0;
        for (int i = 0; i < LOGICS.size(); i++)
        {
            final String logic = LOGICS.get(i);
            progress("alloc", logic);
            f.commands.add("java -jar benchmarks/target/benchmarks.jar ModuleCostBenchmark -p logic=" + logic
                + " -prof gc -f 1 -wi " + warmups + " -w " + iterationMs + "ms -i " + iterations + " -r "
                + iterationMs + "ms");
            final Options options = new OptionsBuilder()
                .include(ModuleCostBenchmark.class.getName() + ".forward")
                .param("logic", logic)
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.milliseconds(iterationMs))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(iterationMs))
                .jvmArgsPrepend(PointRunner.jvmFlags().toArray(String[]::new))
                .verbosity(VerboseMode.SILENT)
                .build();
            final List<Double> perIteration = allocations(new Runner(options).run(), logic);
            f.add("bytes allocated per packet", i + 1, perIteration);
            worst = Math.max(worst, Measurement.median(perIteration));
        }
        // JMH's own bookkeeping (a few hundred bytes per iteration) is spread over the iteration's packets; an
        // allocation in the forwarding path costs at least one 16-byte object per batch of BATCH packets
        final double perBatch = worst * ModuleCostBenchmark.BATCH;
        f.notes.add(String.format("largest median over the modules: %.4f B per forwarded packet, %.1f B per batch of"
            + " %d; target 0 (DESIGN §6): %s", worst, perBatch, ModuleCostBenchmark.BATCH, perBatch < 16
            ? "met (less than one object per batch: what remains is JMH's per-iteration bookkeeping)"
            : "**missed**: the data path allocates at least one object per batch"));
        return f;
    }

    /** {@code gc.alloc.rate.norm} of every measurement iteration (bytes per operation = per packet). */
    private static List<Double> allocations(final Collection<RunResult> results, final String logic)
    {
        final List<Double> values = new ArrayList<>();
        for (final RunResult run : results)
        {
            for (final BenchmarkResult benchmark : run.getBenchmarkResults())
            {
                for (final IterationResult iteration : benchmark.getIterationResults())
                {
                    final Result<?> metric = metric(iteration);
                    if (metric != null)
                    {
                        values.add(metric.getScore());
                    }
                }
            }
        }
        if (values.isEmpty())
        {
            throw new IllegalStateException("JMH reported no gc.alloc.rate.norm for logic " + logic
                + " (did the fork fail? run the command in summary.md by hand)");
        }
        return values;
    }

    private static Result<?> metric(final IterationResult iteration)
    {
        for (final String name : METRIC_NAMES)
        {
            final Result<?> result = iteration.getSecondaryResults().get(name);
            if (result != null)
            {
                return result;
            }
        }
        return null;
    }
}
