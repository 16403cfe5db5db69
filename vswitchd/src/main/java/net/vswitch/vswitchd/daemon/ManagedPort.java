package net.vswitch.vswitchd.daemon;

import net.vswitch.fabric.Port;
import net.vswitch.ports.PortSpec;

/**
 * A port the daemon created and owns.
 *
 * @param port   the fabric port
 * @param spec   what it was created from (shown as {@code spec})
 * @param origin whether the config (file or flags) or {@code ctl add-port} asked for it
 */
public record ManagedPort(Port port, PortSpec spec, Origin origin)
{
    /** Who asked for a port; {@code reload} manages only {@link #CONFIG} ports. */
    public enum Origin
    {
        CONFIG, CTL
    }

    public String name()
    {
        return port.name();
    }
}
