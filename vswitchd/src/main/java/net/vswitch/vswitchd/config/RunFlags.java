package net.vswitch.vswitchd.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vswitch run} was given on the command line; {@code null}/empty means "not given".
 * Flags add to or override the config file (see {@link ConfigLoader#load}).
 */
public record RunFlags(Path config, List<String> ports, String logic, Path ctl, String metrics, List<String> openflow,
    String dpdkEal, String logLevel, Path state, boolean noState, boolean discardState)
{
    /** Flags without the state options: the state lives at its default place. */
    public RunFlags(final Path config, final List<String> ports, final String logic, final Path ctl,
        final String metrics, final List<String> openflow, final String dpdkEal, final String logLevel)
    {
        this(config, ports, logic, ctl, metrics, openflow, dpdkEal, logLevel, null, false, false);
    }

    public RunFlags
    {
        ports = ports == null ? List.of() : List.copyOf(ports);
        openflow = openflow == null ? List.of() : List.copyOf(openflow);
    }

    public static RunFlags none()
    {
        return new RunFlags(null, List.of(), null, null, null, List.of(), null, null, null, false, false);
    }

    public RunFlags withConfig(final Path file)
    {
        return new RunFlags(file, ports, logic, ctl, metrics, openflow, dpdkEal, logLevel, state, noState, discardState);
    }

    public RunFlags withCtl(final Path path)
    {
        return new RunFlags(config, ports, logic, path, metrics, openflow, dpdkEal, logLevel, state, noState, discardState);
    }

    public RunFlags withPorts(final List<String> specs)
    {
        return new RunFlags(config, specs, logic, ctl, metrics, openflow, dpdkEal, logLevel, state, noState, discardState);
    }

    public RunFlags withLogic(final String name)
    {
        return new RunFlags(config, ports, name, ctl, metrics, openflow, dpdkEal, logLevel, state, noState, discardState);
    }

    public RunFlags withMetrics(final String address)
    {
        return new RunFlags(config, ports, logic, ctl, address, openflow, dpdkEal, logLevel, state, noState, discardState);
    }

    /** {@code --state FILE}, {@code --no-state} ({@code file == null}) and {@code --discard-state}. */
    public RunFlags withState(final Path file, final boolean none, final boolean discard)
    {
        return new RunFlags(config, ports, logic, ctl, metrics, openflow, dpdkEal, logLevel, file, none, discard);
    }
}
