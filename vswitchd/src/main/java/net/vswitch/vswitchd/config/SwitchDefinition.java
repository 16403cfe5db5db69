package net.vswitch.vswitchd.config;

import java.util.List;
import java.util.Map;

/**
 * One switch instance as configured.
 *
 * @param name     switch name, unique in the daemon
 * @param logic    logic NAME (see {@code LogicRegistry})
 * @param settings the logic's settings, as written
 * @param maxPorts fabric limit on attached ports
 * @param maxBatch fabric limit on one batch
 * @param ports    ports to attach, in order (port index = position when none is removed)
 * @param where    where it was defined, for errors
 */
public record SwitchDefinition(String name, String logic, Map<String, String> settings, int maxPorts, int maxBatch,
    List<PortDefinition> ports, String where)
{
    public static final String DEFAULT_NAME = "br0";

    public SwitchDefinition
    {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // file order
        ports = List.copyOf(ports);
    }
}
