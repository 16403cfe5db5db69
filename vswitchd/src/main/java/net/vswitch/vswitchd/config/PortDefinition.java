package net.vswitch.vswitchd.config;

import net.vswitch.ports.PortSpec;

/**
 * A port to create at start (or on reload).
 *
 * @param spec  the parsed SPEC, options included
 * @param where {@code FILE:LINE} or {@code --port}, for errors when the port cannot be created
 */
public record PortDefinition(PortSpec spec, String where)
{
}
