package net.vswitch.benchmarks.figures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Forks one JVM per measured point and parses what it prints. */
final class PointRunner
{
    private static volatile Process current;

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            final Process process = current;
            if (process != null)
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }, "bench-cleanup"));
    }

    private PointRunner()
    {
    }

    static String java()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> jvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--enable-native-access") || arg.startsWith("--add-exports")
                || arg.startsWith("--sun-misc-unsafe") || arg.startsWith("java.base/"))
            {
                flags.add(arg);
            }
        }
        if (flags.stream().noneMatch(f -> f.startsWith("--add-exports")))
        {
            flags.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        }
        return flags;
    }

    /** The command as summary.md shows it ($CP: the benchmarks class path). */
    static String describe(final Class<?> main, final List<String> args)
    {
        return "java " + String.join(" ", jvmFlags()) + " -cp $CP " + main.getName() + " " + String.join(" ", args);
    }

    static Measurement run(final Class<?> main, final List<String> args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        current = process;
        final Measurement measurement = new Measurement();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream())))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                measurement.lines.add(line);
                final String[] f = line.trim().split("\\s+");
                switch (f[0])
                {
                    case "rep" ->
                    {
                        measurement.add("mpps", Double.parseDouble(f[2]));
                        measurement.add("gbps", Double.parseDouble(f[3]));
                    }
                    case "rate" ->
                    {
                        // rate <workload> <M per CPU-second> <M per wall-clock second> (ModuleRatePoint)
                        measurement.add(f[1] + ".cpu", Double.parseDouble(f[2]));
                        measurement.add(f[1] + ".wall", Double.parseDouble(f[3]));
                    }
                    case "metric" -> measurement.add(f[1], Double.parseDouble(f[2]));
                    case "drops" -> measurement.add("drops", Double.parseDouble(f[1]));
                    case "peak" -> measurement.add("peak_mpps", Double.parseDouble(f[1]));
                    case "latency" ->
                    {
                        final String load = f[1];
                        measurement.add("p50@" + load, Double.parseDouble(f[2]));
                        measurement.add("p90@" + load, Double.parseDouble(f[3]));
                        measurement.add("p99@" + load, Double.parseDouble(f[4]));
                        measurement.add("p99.9@" + load, Double.parseDouble(f[5]));
                    }
                    default ->
                    {
                    }
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0)
        {
            throw new IOException("point failed (" + String.join(" ", args) + "): " + String.join("\n", measurement.lines));
        }
        current = null;
        return measurement;
    }
}
