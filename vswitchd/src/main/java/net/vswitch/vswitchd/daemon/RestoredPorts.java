package net.vswitch.vswitchd.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.ports.PortSpec;
import net.vswitch.vswitchd.config.PortDefinition;
import net.vswitch.vswitchd.config.SwitchDefinition;
import net.vswitch.vswitchd.state.SavedSwitch;

/**
 * The ports a switch gets back at start, in the order they had (so indexes, and what modules stored by
 * port name, line up): saved ports in saved order — a config port only while the config still has it, with
 * the config's SPEC — then config ports the state does not know yet; config ports a user deleted stay
 * deleted.
 *
 * @param specs   in attach order
 * @param origins per SPEC
 * @param names   port names by the index they will have
 * @param deleted config ports still deleted
 */
record RestoredPorts(List<PortSpec> specs, List<ManagedPort.Origin> origins, String[] names, List<String> deleted)
{
    static RestoredPorts of(final SwitchDefinition definition, final SavedSwitch saved)
    {
        final Map<String, PortSpec> configured = new LinkedHashMap<>();
        for (final PortDefinition port : definition.ports())
        {
            configured.put(port.spec().name(), port.spec());
        }
        final List<String> deleted = new ArrayList<>();
        for (final String name : saved.deletedConfigPorts())
        {
            if (configured.containsKey(name))
            {
                deleted.add(name);
            }
        }
        final List<PortSpec> specs = new ArrayList<>();
        final List<ManagedPort.Origin> origins = new ArrayList<>();
        final List<String> placed = new ArrayList<>();
        for (final SavedSwitch.SavedPort port : saved.ports())
        {
            if (port.origin().equals("ctl"))
            {
                if (!configured.containsKey(port.name()))
                {
                    specs.add(PortSpec.parse(port.spec()));
                    origins.add(ManagedPort.Origin.CTL);
                    placed.add(port.name());
                }
            }
            else if (configured.containsKey(port.name()) && !deleted.contains(port.name()))
            {
                specs.add(configured.get(port.name()));
                origins.add(ManagedPort.Origin.CONFIG);
                placed.add(port.name());
            }
        }
        for (final Map.Entry<String, PortSpec> port : configured.entrySet())
        {
            if (!placed.contains(port.getKey()) && !deleted.contains(port.getKey()))
            {
                specs.add(port.getValue());
                origins.add(ManagedPort.Origin.CONFIG);
                placed.add(port.getKey());
            }
        }
        return new RestoredPorts(specs, origins, placed.toArray(new String[0]), deleted);
    }
}
