package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine a run happened on, for summary.md. */
final class MachineInfo
{
    private MachineInfo()
    {
    }

    static String cpuModel()
    {
        try
        {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    static String memory()
    {
        try
        {
            final String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            final long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    static String command(final String... command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().findFirst().orElse("") : "not found";
        }
        catch (final IOException | InterruptedException ex)
        {
            return "not found";
        }
    }

    static String hostname()
    {
        final String host = command("hostname");
        return host.equals("not found") ? "host" : host;
    }

    static List<String> describe()
    {
        return List.of(
            "CPU: " + cpuModel(),
            "cores: " + Runtime.getRuntime().availableProcessors(),
            "memory: " + memory(),
            "kernel: " + command("uname", "-sr"),
            "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            "DPDK: " + command("pkg-config", "--modversion", "libdpdk"),
            "Open vSwitch: " + command("ovs-vswitchd", "--version"));
    }

    static String shortName()
    {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel().replaceAll("\\s+", " ");
    }
}
