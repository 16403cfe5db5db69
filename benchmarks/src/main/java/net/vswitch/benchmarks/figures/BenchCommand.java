package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vswitch bench}: measures every figure (one forked JVM per point), writes a CSV (every
 * repetition) and a PNG per figure and {@code summary.md} (machine, exact commands, medians with
 * spread, headline ratios).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the figures: CSV + PNG per figure and summary.md under benchmarks/results/.")
public final class BenchCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "short runs, few points (< 3 minutes)")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
        description = "figures to run: size, destinations, idle-ports, parallelism, modules, latency, dpdk, idle-cpu,"
            + " alloc")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default benchmarks/results/<date>-<host>)")
    Path out;

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /** One figure: how to measure it. */
    interface Figure
    {
        FigureData measure(Settings settings) throws Exception;
    }

    /** Run lengths for the whole suite. */
    record Settings(boolean quick, long warmupMs, long repMs, int reps)
    {
        List<String> timing()
        {
            return List.of("warmupMs=" + warmupMs, "repMs=" + repMs, "reps=" + reps);
        }

        <T> List<T> pick(final List<T> quickPoints, final List<T> fullPoints)
        {
            return quick ? quickPoints : fullPoints;
        }
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    public static int execute(final String... args)
    {
        return new CommandLine(new BenchCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception
    {
        Figures.register(figures);
        for (final String name : only)
        {
            if (!figures.containsKey(name))
            {
                System.err.println("vswitch bench: unknown figure '" + name + "' (known: "
                    + String.join(", ", figures.keySet()) + ")");
                return 2;
            }
        }
        final Settings settings = quick ? new Settings(true, 700, 500, 2) : new Settings(false, 2000, 2000, 5);
        final Path dir = out != null ? out
            : Path.of("benchmarks", "results", LocalDate.now() + "-" + MachineInfo.hostname());
        Files.createDirectories(dir);
        final List<FigureData> done = new ArrayList<>();
        final String machine = MachineInfo.shortName();
        for (final Map.Entry<String, Figure> entry : figures.entrySet())
        {
            if (!only.isEmpty() && !only.contains(entry.getKey()))
            {
                continue;
            }
            System.err.println("bench: figure " + entry.getKey() + " ...");
            final long t0 = System.nanoTime();
            final FigureData data = entry.getValue().measure(settings);
            data.writeCsv(dir.resolve(data.name + ".csv"));
            if (!data.series.isEmpty())
            {
                Charts.png(data, dir.resolve(data.name + ".png"), machine);
            }
            done.add(data);
            System.err.printf("bench: figure %s done in %.0f s%n", entry.getKey(), (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(dir.resolve("summary.md"), Summary.markdown(done, settings, commandLine()));
        System.err.println("bench: wrote " + dir.toAbsolutePath());
        System.out.println(dir.toAbsolutePath());
        return 0;
    }

    private String commandLine()
    {
        final List<String> parts = new ArrayList<>(List.of("./vswitch", "bench"));
        if (quick)
        {
            parts.add("--quick");
        }
        if (!only.isEmpty())
        {
            parts.add("--only " + String.join(",", only));
        }
        return String.join(" ", parts);
    }

    /** Progress line on stderr. */
    static void progress(final String figure, final String point)
    {
        System.err.println("bench:   " + figure + ": " + point);
    }

    static List<String> args(final List<String> timing, final String... args)
    {
        final List<String> list = new ArrayList<>(Arrays.asList(args));
        list.addAll(timing);
        return list;
    }
}
