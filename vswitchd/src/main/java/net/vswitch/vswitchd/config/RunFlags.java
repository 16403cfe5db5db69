package net.vswitch.vswitchd.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vswitch run} was given on the command line; {@code null}/empty means "not given".
 * Flags add to or override the config file (see {@link ConfigLoader#load}).
 */
public record RunFlags(Path config, List<String> ports, String logic, Path ctl, String metrics, List<String> openflow,
    String dpdkEal, String logLevel)
{
    public RunFlags
    {
        ports = ports == null ? List.of() : List.copyOf(ports);
        openflow = openflow == null ? List.of() : List.copyOf(openflow);
    }

    public static RunFlags none()
    {
        return new RunFlags(null, List.of(), null, null, null, List.of(), null, null);
    }

    public RunFlags withConfig(final Path file)
    {
        return new RunFlags(file, ports, logic, ctl, metrics, openflow, dpdkEal, logLevel);
    }

    public RunFlags withCtl(final Path path)
    {
        return new RunFlags(config, ports, logic, path, metrics, openflow, dpdkEal, logLevel);
    }

    public RunFlags withPorts(final List<String> specs)
    {
        return new RunFlags(config, specs, logic, ctl, metrics, openflow, dpdkEal, logLevel);
    }

    public RunFlags withLogic(final String name)
    {
        return new RunFlags(config, ports, name, ctl, metrics, openflow, dpdkEal, logLevel);
    }

    public RunFlags withMetrics(final String address)
    {
        return new RunFlags(config, ports, logic, ctl, address, openflow, dpdkEal, logLevel);
    }
}
