package net.vswitch.vswitchd.config;

import java.nio.file.Path;
import java.util.List;

import net.vswitch.vswitchd.util.Log;

/**
 * Everything {@code vswitch run} needs: the config file merged with the command-line flags.
 *
 * @param file     the config file, or {@code null} when none was given
 * @param ctl      control socket path
 * @param metrics  {@code ADDR:PORT} of the Prometheus endpoint, or {@code null} (off)
 * @param openflow OpenFlow targets ({@code ptcp:PORT}, {@code tcp:HOST:PORT})
 * @param dpdkEal  DPDK EAL arguments, or {@code null} for the DPDK port kind's default
 * @param logLevel log threshold
 * @param switches switch instances, at least one
 * @param state    the state file, or {@code null} to keep no state ({@code --no-state})
 * @param discardState move an existing state file aside at start ({@code --discard-state})
 */
public record DaemonConfig(Path file, Path ctl, String metrics, List<String> openflow, String dpdkEal,
    Log.Level logLevel, List<SwitchDefinition> switches, Path state, boolean discardState)
{
    public DaemonConfig
    {
        openflow = List.copyOf(openflow);
        switches = List.copyOf(switches);
    }

    public SwitchDefinition switchNamed(final String name)
    {
        for (final SwitchDefinition definition : switches)
        {
            if (definition.name().equals(name))
            {
                return definition;
            }
        }
        return null;
    }
}
