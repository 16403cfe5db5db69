package net.vswitch.vswitchd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.SwitchConfig;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.dpdk.DpdkSettings;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Log;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Loads the daemon's YAML config file (format: {@code vswitchd/examples/vswitch.yaml}) and merges the
 * command-line flags into it. Everything is checked before anything starts: unknown keys, bad
 * values, port SPECs, logic names and logic settings are refused with {@code FILE:LINE: reason}
 * ({@code --flag: reason} for flags).
 *
 * <p>Merge rules: {@code --ctl}, {@code --metrics}, {@code --dpdk-eal}, {@code --log-level} override
 * the file; {@code --openflow} targets are added to the file's; {@code --logic} replaces the first
 * switch's logic (its file settings are kept only if the name is the same); {@code --port} SPECs are
 * added to the first switch. Without any switch in the file there is one, {@code br0}, running
 * {@code bridge}.
 */
public final class ConfigLoader
{
    static final List<String> TOP_KEYS = List.of("ctl", "metrics", "log-level", "openflow", "dpdk-eal", "state", "switches");
    static final List<String> SWITCH_KEYS = List.of("name", "logic", "settings", "max-ports", "max-batch", "ports");
    private static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,32}";

    private final LogicRegistry registry;

    public ConfigLoader(final LogicRegistry registry)
    {
        this.registry = registry;
    }

    /** Parsed switch, with the lines of what may still be refused after the merge. */
    private static final class Draft
    {
        String name;
        String where;
        String logic = LogicRegistry.DEFAULT_LOGIC;
        String logicWhere;
        final Map<String, String> settings = new LinkedHashMap<>();
        final Map<String, String> settingWhere = new LinkedHashMap<>();
        String settingsWhere;
        int maxPorts = SwitchConfig.MAX_PORTS_DEFAULT;
        int maxBatch = SwitchConfig.MAX_BATCH_DEFAULT;
        final List<PortDefinition> ports = new ArrayList<>();
    }

    /** Loads {@code flags.config()} (if any) and merges the flags. */
    public DaemonConfig load(final RunFlags flags) throws ConfigException
    {
        Path ctl = null;
        Path state = null;
        String metrics = null;
        String metricsWhere = null;
        final LinkedHashSet<String> openflow = new LinkedHashSet<>();
        String dpdkEal = null;
        Log.Level logLevel = Log.Level.INFO;
        final List<Draft> drafts = new ArrayList<>();

        final Path file = flags.config();
        if (file != null)
        {
            final YamlTree yaml = YamlTree.of(file);
            final Node root = YamlTree.read(file);
            if (root != null)
            {
                for (final Map.Entry<ScalarNode, Node> entry : yaml.mapping(root, "the config file").entrySet())
                {
                    final String key = entry.getKey().getValue();
                    final Node value = entry.getValue();
                    switch (key)
                    {
                        case "ctl" -> ctl = Path.of(yaml.text(value, "'ctl'"));
                        case "state" -> state = Path.of(yaml.text(value, "'state'"));
                        case "metrics" ->
                        {
                            metrics = yaml.text(value, "'metrics'");
                            metricsWhere = yaml.where(value);
                        }
                        case "log-level" -> logLevel = level(yaml.text(value, "'log-level'"), yaml.where(value));
                        case "openflow" -> openflow.addAll(yaml.texts(value, "'openflow'"));
                        case "dpdk-eal" ->
                        {
                            dpdkEal = yaml.text(value, "'dpdk-eal'");
                            checkEal(dpdkEal, yaml.where(value));
                        }
                        case "switches" ->
                        {
                            for (final Node item : yaml.sequence(value, "'switches'"))
                            {
                                drafts.add(parseSwitch(yaml, item, drafts));
                            }
                        }
                        default -> throw yaml.error(entry.getKey(), unknownKey(key, "at the top level", TOP_KEYS));
                    }
                }
            }
        }

        if (flags.ctl() != null)
        {
            ctl = flags.ctl();
        }
        if (ctl == null)
        {
            ctl = CtlPath.defaultPath();
        }
        final String ctlProblem = CtlPath.problem(ctl);
        if (ctlProblem != null)
        {
            throw new ConfigException(flags.ctl() != null ? "--ctl" : file != null ? file.toString() : "ctl",
                ctlProblem);
        }
        if (flags.state() != null)
        {
            state = flags.state();
        }
        if (flags.noState())
        {
            if (flags.state() != null || flags.discardState())
            {
                throw new ConfigException("--no-state", flags.state() != null ? "cannot be given with --state FILE"
                    : "cannot be given with --discard-state");
            }
            state = null;
        }
        else if (state == null)
        {
            state = CtlPath.defaultState(ctl);
        }
        if (flags.metrics() != null)
        {
            metrics = flags.metrics();
            metricsWhere = "--metrics";
        }
        if (metrics != null)
        {
            final String problem = MetricsAddress.problem(metrics);
            if (problem != null)
            {
                throw new ConfigException(metricsWhere, problem);
            }
        }
        openflow.addAll(flags.openflow());
        if (flags.dpdkEal() != null)
        {
            dpdkEal = flags.dpdkEal();
            checkEal(dpdkEal, "--dpdk-eal");
        }
        if (flags.logLevel() != null)
        {
            logLevel = level(flags.logLevel(), "--log-level");
        }

        if (drafts.isEmpty())
        {
            final Draft draft = new Draft();
            draft.name = SwitchDefinition.DEFAULT_NAME;
            draft.where = "default switch";
            drafts.add(draft);
        }
        final Draft first = drafts.get(0);
        if (flags.logic() != null)
        {
            if (!flags.logic().equals(first.logic))
            {
                first.settings.clear();
                first.settingWhere.clear();
            }
            first.logic = flags.logic();
            first.logicWhere = "--logic";
        }
        for (final String spec : flags.ports())
        {
            addPort(first, parsePort(spec, "--port " + spec), "--port " + spec);
        }

        // OpenFlow targets reach the first switch's logic generically, as its 'controllers' setting
        if (!openflow.isEmpty() && !first.settings.containsKey("controllers"))
        {
            first.settings.put("controllers", String.join(",", openflow));
            first.settingWhere.put("controllers", "--openflow");
        }
        final List<SwitchDefinition> switches = new ArrayList<>();
        for (final Draft draft : drafts)
        {
            checkLogic(draft);
            switches.add(new SwitchDefinition(draft.name, draft.logic, draft.settings, draft.maxPorts, draft.maxBatch,
                draft.ports, draft.where));
        }
        return new DaemonConfig(file, ctl, metrics, List.copyOf(openflow), dpdkEal, logLevel, switches, state,
            flags.discardState());
    }

    private Draft parseSwitch(final YamlTree yaml, final Node node, final List<Draft> earlier) throws ConfigException
    {
        final Draft draft = new Draft();
        draft.where = yaml.where(node);
        final Map<ScalarNode, Node> entries = yaml.mapping(node, "a switch");
        Node portsNode = null;
        for (final Map.Entry<ScalarNode, Node> entry : entries.entrySet())
        {
            final String key = entry.getKey().getValue();
            final Node value = entry.getValue();
            switch (key)
            {
                case "name" ->
                {
                    draft.name = yaml.text(value, "switch 'name'");
                    if (!draft.name.matches(NAME_PATTERN))
                    {
                        throw yaml.error(value, "switch name '" + draft.name
                            + "' must be 1..32 letters, digits or _.-");
                    }
                    for (final Draft other : earlier)
                    {
                        if (other.name.equals(draft.name))
                        {
                            throw yaml.error(value, "switch '" + draft.name + "' is defined twice (first at "
                                + other.where + ")");
                        }
                    }
                }
                case "logic" ->
                {
                    draft.logic = yaml.text(value, "'logic'");
                    draft.logicWhere = yaml.where(value);
                }
                case "settings" ->
                {
                    draft.settingsWhere = yaml.where(value);
                    for (final Map.Entry<ScalarNode, Node> setting : yaml.mapping(value, "'settings'").entrySet())
                    {
                        final String name = setting.getKey().getValue();
                        draft.settings.put(name, yaml.text(setting.getValue(), "setting '" + name + "'"));
                        draft.settingWhere.put(name, yaml.where(setting.getKey()));
                    }
                }
                case "max-ports" -> draft.maxPorts = (int)yaml.number(value, "'max-ports'", 1, 1 << 20);
                case "max-batch" -> draft.maxBatch = (int)yaml.number(value, "'max-batch'", 1, 65536);
                case "ports" -> portsNode = value;
                default -> throw yaml.error(entry.getKey(), unknownKey(key, "in a switch", SWITCH_KEYS));
            }
        }
        if (draft.name == null)
        {
            if (!earlier.isEmpty())
            {
                throw yaml.error(node, "every switch but the first needs a 'name'");
            }
            draft.name = SwitchDefinition.DEFAULT_NAME;
        }
        if (portsNode != null)
        {
            for (final Node item : yaml.sequence(portsNode, "'ports'"))
            {
                final String where = yaml.where(item);
                addPort(draft, parsePort(portSpec(yaml, item), where), where);
            }
        }
        return draft;
    }

    /** A port entry: a SPEC string, or {@code spec: SPEC} plus options passed through as {@code ,key=value}. */
    private static String portSpec(final YamlTree yaml, final Node item) throws ConfigException
    {
        if (item instanceof ScalarNode)
        {
            return yaml.text(item, "a port");
        }
        final StringBuilder spec = new StringBuilder();
        final StringBuilder options = new StringBuilder();
        for (final Map.Entry<ScalarNode, Node> entry : yaml.mapping(item, "a port").entrySet())
        {
            final String key = entry.getKey().getValue();
            final String value = yaml.text(entry.getValue(), "port option '" + key + "'");
            if (key.equals("spec"))
            {
                spec.append(value);
            }
            else
            {
                if (value.contains(","))
                {
                    throw yaml.error(entry.getValue(), "port option '" + key + "' must not contain ','");
                }
                options.append(',').append(key).append('=').append(value);
            }
        }
        if (spec.isEmpty())
        {
            throw yaml.error(item, "a port written as a mapping needs 'spec: KIND:VALUE' (its other keys are"
                + " the kind's options)");
        }
        return spec.append(options).toString();
    }

    private static PortSpec parsePort(final String spec, final String where) throws ConfigException
    {
        try
        {
            return PortSpec.parse(spec);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(where, ex.getMessage());
        }
    }

    private static void addPort(final Draft draft, final PortSpec spec, final String where) throws ConfigException
    {
        for (final PortDefinition other : draft.ports)
        {
            if (other.spec().name().equals(spec.name()))
            {
                throw new ConfigException(where, "switch " + draft.name + " already has a port named '"
                    + spec.name() + "' (" + other.where() + ")");
            }
        }
        if (draft.ports.size() >= draft.maxPorts)
        {
            throw new ConfigException(where, "switch " + draft.name + " allows " + draft.maxPorts
                + " ports (max-ports)");
        }
        draft.ports.add(new PortDefinition(spec, where));
    }

    private void checkLogic(final Draft draft) throws ConfigException
    {
        try
        {
            registry.create(draft.logic, draft.settings).stop();
        }
        catch (final LogicSettings.InvalidSetting ex)
        {
            final String where = draft.settingWhere.get(ex.key());
            throw new ConfigException(where != null ? where : whereLogic(draft), ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(whereLogic(draft), ex.getMessage());
        }
    }

    private static String whereLogic(final Draft draft)
    {
        return draft.logicWhere != null ? draft.logicWhere : draft.settingsWhere != null ? draft.settingsWhere
            : draft.where;
    }

    private static void checkEal(final String args, final String where) throws ConfigException
    {
        try
        {
            DpdkSettings.of(args);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(where, ex.getMessage());
        }
    }

    private static Log.Level level(final String text, final String where) throws ConfigException
    {
        try
        {
            return Log.Level.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(where, ex.getMessage());
        }
    }

    static String unknownKey(final String key, final String where, final List<String> known)
    {
        return "unknown key '" + key + "' " + where + " (known: " + String.join(", ", known) + ")";
    }
}
