package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;

/**
 * Figure 8: CPU an idle daemon burns with 1, 100, 1000 virtual ports: start {@code vswitch run},
 * wait until its control socket answers, let it settle, then read its utime+stime from
 * {@code /proc/PID/stat} across a window. Target (DESIGN §6): < 1% of a core at 100 ports.
 */
final class IdleCpu
{
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private IdleCpu()
    {
    }

    static FigureData measure(final Settings settings) throws Exception
    {
        final FigureData f = new FigureData("8-idle-cpu", "Idle daemon CPU (virtual ports, no traffic)", "ports",
            "% of one core", true);
        final long windowMs = settings.quick() ? 3000 : 10_000;
        for (final int ports : List.of(1, 100, 1000))
        {
            BenchCommand.progress("idle-cpu", ports + " ports");
            final List<Double> values = new ArrayList<>();
            for (int r = 0; r < (settings.quick() ? 1 : 3); r++)
            {
                values.add(idleCpu(ports, windowMs, f));
            }
            f.add("vswitch run", ports, values);
        }
        f.notes.add("window " + windowMs + " ms after the control socket answered and 2 s of settling");
        return f;
    }

    private static double idleCpu(final int ports, final long windowMs, final FigureData f) throws Exception
    {
        final Path ctl = Files.createTempDirectory("vsbench").resolve("vswitch.ctl");
        final List<String> command = new ArrayList<>();
        command.add(PointRunner.java());
        command.addAll(PointRunner.jvmFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("net.vswitch.vswitchd.Main");
        command.add("run");
        command.add("--ctl");
        command.add(ctl.toString());
        for (int p = 0; p < ports; p++)
        {
            command.add("--port");
            command.add("virtual:p" + p);
        }
        if (f.commands.size() < 3)
        {
            f.commands.add("java ... net.vswitch.vswitchd.Main run --ctl " + ctl + " --port virtual:p0 ... (" + ports
                + " ports); CPU = delta(utime+stime) of /proc/PID/stat over the window");
        }
        final Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ctl) && System.nanoTime() < deadline && daemon.isAlive())
            {
                Thread.sleep(100);
            }
            if (!Files.exists(ctl))
            {
                throw new IOException("daemon with " + ports + " ports did not open " + ctl);
            }
            Thread.sleep(2000);
            final long before = cpuTicks(daemon.pid());
            final long t0 = System.nanoTime();
            Thread.sleep(windowMs);
            final long ticks = cpuTicks(daemon.pid()) - before;
            final double seconds = (System.nanoTime() - t0) / 1e9;
            return ticks / TICKS_PER_SECOND / seconds * 100;
        }
        finally
        {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS))
            {
                daemon.destroyForcibly();
            }
        }
    }

    private static long cpuTicks(final long pid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }
}
