package net.vswitch.vswitchd.state;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the state file holds for one switch: what users changed at runtime on top of the config.
 *
 * @param name               switch name (as in the config)
 * @param logic              logic NAME set with {@code ctl set-logic}, or {@code null} when the config's applies
 * @param settings           that logic's settings ({@code null} with it)
 * @param ports              every attached port in index order: SPEC text and origin ({@code config} or {@code ctl})
 * @param deletedConfigPorts config ports removed with {@code ctl del-port}, which stay removed
 * @param module             the logic's own state, or {@code null} when it keeps none
 */
public record SavedSwitch(String name, String logic, Map<String, String> settings, List<SavedPort> ports,
    List<String> deletedConfigPorts, SavedModule module)
{
    public SavedSwitch
    {
        settings = settings == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        ports = List.copyOf(ports);
        deletedConfigPorts = List.copyOf(deletedConfigPorts);
    }

    /** One port: the SPEC it was created from and who created it. */
    public record SavedPort(String name, String spec, String origin)
    {
    }

    /** A module's exported state with its form and version ({@link net.vswitch.fabric.plugin.LogicState}). */
    public record SavedModule(String format, int version, Object state)
    {
    }

    public SavedSwitch withLogic(final String newLogic, final Map<String, String> newSettings, final SavedModule next)
    {
        return new SavedSwitch(name, newLogic, newSettings, ports, deletedConfigPorts, next);
    }

    /** Without the named port; a config port is remembered as deleted. */
    public SavedSwitch withoutPort(final String portName)
    {
        final List<SavedPort> rest = new ArrayList<>();
        final List<String> deleted = new ArrayList<>(deletedConfigPorts);
        for (final SavedPort port : ports)
        {
            if (!port.name().equals(portName))
            {
                rest.add(port);
            }
            else if (port.origin().equals("config") && !deleted.contains(portName))
            {
                deleted.add(portName);
            }
        }
        return new SavedSwitch(name, logic, settings, rest, deleted, module);
    }

    Map<String, Object> toTree()
    {
        final List<Map<String, Object>> portTrees = new ArrayList<>();
        for (final SavedPort port : ports)
        {
            portTrees.add(object("name", port.name(), "spec", port.spec(), "origin", port.origin()));
        }
        return object("name", name, "logic", logic, "settings", settings, "ports", portTrees,
            "deleted_config_ports", deletedConfigPorts, "module", module == null ? null
            : object("format", module.format(), "version", module.version(), "state", module.state()));
    }

    static SavedSwitch fromTree(final Object tree)
    {
        final Map<?, ?> map = Trees.map(tree, "a switch");
        final String name = Trees.text(map, "name", false);
        final String where = "switch " + name;
        final String logic = Trees.text(map, "logic", true);
        final Map<String, String> settings = new LinkedHashMap<>();
        final Object settingsTree = map.get("settings");
        if (settingsTree != null)
        {
            for (final Map.Entry<?, ?> entry : Trees.map(settingsTree, where + " settings").entrySet())
            {
                settings.put(String.valueOf(entry.getKey()), Trees.text(Trees.map(settingsTree, where),
                    String.valueOf(entry.getKey()), false));
            }
        }
        final List<SavedPort> ports = new ArrayList<>();
        for (final Object port : Trees.list(map, "ports", where))
        {
            final Map<?, ?> portMap = Trees.map(port, where + " port");
            final String origin = Trees.text(portMap, "origin", false);
            if (!origin.equals("config") && !origin.equals("ctl"))
            {
                throw new IllegalArgumentException(where + ": port origin must be config or ctl, not '" + origin + "'");
            }
            ports.add(new SavedPort(Trees.text(portMap, "name", false), Trees.text(portMap, "spec", false), origin));
        }
        final List<String> deleted = new ArrayList<>();
        for (final Object port : Trees.list(map, "deleted_config_ports", where))
        {
            deleted.add(Trees.string(port, where + " deleted_config_ports"));
        }
        SavedModule module = null;
        final Object moduleTree = map.get("module");
        if (moduleTree != null)
        {
            final Map<?, ?> moduleMap = Trees.map(moduleTree, where + " module");
            if (!(moduleMap.get("version") instanceof Number version))
            {
                throw new IllegalArgumentException(where + ": module has no number 'version'");
            }
            module = new SavedModule(Trees.text(moduleMap, "format", false), version.intValue(), moduleMap.get("state"));
        }
        return new SavedSwitch(name, logic, logic == null ? null : settings, ports, deleted, module);
    }
}
