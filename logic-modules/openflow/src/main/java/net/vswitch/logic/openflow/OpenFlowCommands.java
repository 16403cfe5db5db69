package net.vswitch.logic.openflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import net.vswitch.logic.openflow.cache.Megaflow;
import net.vswitch.logic.openflow.cache.PortDatapath;
import net.vswitch.logic.openflow.control.FlowFormat;
import net.vswitch.logic.openflow.control.FlowParser;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.FlowFilter;
import net.vswitch.logic.openflow.pipeline.GroupEntry;
import net.vswitch.logic.openflow.pipeline.PipelineState;

/** The ctl commands of the openflow logic, in ovs-ofctl's words and syntax. */
final class OpenFlowCommands
{
    static final Set<String> NAMES = Set.of("add-flow", "add-flows", "mod-flows", "del-flows", "dump-flows",
        "dump-megaflows", "dump-tables", "add-group", "mod-group", "del-groups", "dump-groups");

    private final OpenFlowLogic logic;

    OpenFlowCommands(final OpenFlowLogic logic)
    {
        this.logic = logic;
    }

    String run(final String command, final List<String> args, final boolean json)
    {
        final List<String> words = new ArrayList<>(args);
        final boolean strict = words.remove("--strict");
        final String text = String.join(" ", words).trim();
        return switch (command)
        {
            case "add-flow" -> addFlows(List.of(required(command, text, "FLOW")));
            case "add-flows" -> addFlows(readFile(required(command, text, "FILE")));
            case "mod-flows" -> modFlows(required(command, text, "FLOW"), strict);
            case "del-flows" -> delFlows(text, strict);
            case "dump-flows" -> dumpFlows(text, json);
            case "dump-megaflows" -> dumpMegaflows(json);
            case "dump-tables" -> dumpTables(json);
            case "add-group" -> addGroup(required(command, text, "GROUP"), false);
            case "mod-group" -> addGroup(required(command, text, "GROUP"), true);
            case "del-groups" -> delGroups(text);
            case "dump-groups" -> dumpGroups(json);
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        };
    }

    private static String required(final String command, final String text, final String what)
    {
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("usage: " + command + " " + what);
        }
        return text;
    }

    /** Reads a flows file: one flow per line, blank lines and {@code #} comments skipped. */
    static List<String> readFile(final String file)
    {
        try
        {
            return Files.readAllLines(Path.of(file));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read flows file " + file + ": " + ex.getMessage());
        }
    }

    /** Adds the flows of {@code lines} as one atomic change; an error names the line and changes nothing. */
    String addFlows(final List<String> lines)
    {
        final List<FlowEntry> entries = parse(lines, logic.clock().nanoTime());
        logic.pipeline().add(entries);
        return entries.size() == 1 ? "" : "added " + entries.size() + " flows";
    }

    static List<FlowEntry> parse(final List<String> lines, final long nowNanos)
    {
        final List<FlowEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            try
            {
                entries.add(FlowParser.flow(line, nowNanos));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(lines.size() == 1 ? ex.getMessage()
                    : "line " + (i + 1) + ": " + ex.getMessage());
            }
        }
        return entries;
    }

    private String modFlows(final String text, final boolean strict)
    {
        final FlowFilter filter = FlowParser.filter(text, strict);
        final int changed = logic.pipeline().modify(filter, FlowParser.modActions(text), FlowParser.modCookie(text));
        return changed == 1 ? "modified 1 flow" : "modified " + changed + " flows";
    }

    private String delFlows(final String text, final boolean strict)
    {
        final FlowFilter filter = text.isEmpty() ? FlowFilter.ALL : FlowParser.filter(text, strict);
        logic.credit();
        final int removed = logic.pipeline().delete(filter).size();
        return removed == 1 ? "deleted 1 flow" : "deleted " + removed + " flows";
    }

    private String dumpFlows(final String text, final boolean json)
    {
        final FlowFilter filter = text.isEmpty() ? FlowFilter.ALL : FlowParser.filter(text, false);
        logic.credit();
        final long now = logic.clock().nanoTime();
        final List<String> lines = new ArrayList<>();
        final PipelineState state = logic.pipeline().state();
        for (final Classifier table : state.tables())
        {
            for (final FlowEntry e : table.entries())
            {
                if (filter.accepts(e))
                {
                    lines.add(json ? FlowFormat.json(e, now) : FlowFormat.line(e, now));
                }
            }
        }
        return json ? "{\"flows\":[" + String.join(",", lines) + "]}" : String.join("\n", lines);
    }

    private String dumpMegaflows(final boolean json)
    {
        final long now = logic.clock().nanoTime();
        final List<String> lines = new ArrayList<>();
        final List<PortDatapath> dps = logic.datapathList();
        for (final PortDatapath dp : dps)
        {
            final List<Megaflow> flows = new ArrayList<>(dp.megaflows());
            flows.sort(Comparator.comparing(m -> new Match(m.value(), m.mask()).toString()));
            for (final Megaflow m : flows)
            {
                final String match = new Match(m.value(), m.mask()).toString();
                final String actions = m.program().describe(logic.ports());
                final String used = String.format(java.util.Locale.ROOT, "%.3f", (now - m.lastUsedNanos()) / 1e9);
                lines.add(json
                    ? "{\"match\":" + quote(match) + ",\"packets\":" + m.packets() + ",\"bytes\":" + m.bytes()
                        + ",\"used\":" + used + ",\"actions\":" + quote(actions) + "}"
                    : (match.isEmpty() ? "" : match + ", ") + "packets:" + m.packets() + ", bytes:" + m.bytes()
                        + ", used:" + used + "s, actions:" + actions);
            }
        }
        return json ? "{\"megaflows\":[" + String.join(",", lines) + "]}" : String.join("\n", lines);
    }

    private String dumpTables(final boolean json)
    {
        final List<String> lines = new ArrayList<>();
        final Classifier[] tables = logic.pipeline().state().tables();
        for (int t = 0; t < tables.length; t++)
        {
            if (tables[t].size() == 0)
            {
                continue;
            }
            lines.add(json ? "{\"table\":" + t + ",\"active\":" + tables[t].size() + ",\"masks\":" + tables[t].masks()
                + "}" : "  " + t + ": active=" + tables[t].size() + ", masks=" + tables[t].masks());
        }
        return json ? "{\"tables\":[" + String.join(",", lines) + "]}" : String.join("\n", lines);
    }

    private String addGroup(final String text, final boolean replace)
    {
        logic.pipeline().addGroup(GroupEntry.parse(text), replace);
        return "";
    }

    private String delGroups(final String text)
    {
        Integer id = null;
        if (!text.isEmpty())
        {
            if (!text.startsWith("group_id="))
            {
                throw new IllegalArgumentException("usage: del-groups [group_id=N]");
            }
            try
            {
                id = Integer.parseUnsignedInt(text.substring("group_id=".length()).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("del-groups: bad group_id '" + text + "'");
            }
        }
        final int removed = logic.pipeline().deleteGroups(id);
        return "deleted " + removed + (removed == 1 ? " group" : " groups");
    }

    private String dumpGroups(final boolean json)
    {
        final List<GroupEntry> groups = new ArrayList<>(logic.pipeline().state().groups().values());
        groups.sort(Comparator.comparingInt(g -> g.groupId()));
        final List<String> lines = new ArrayList<>();
        for (final GroupEntry g : groups)
        {
            lines.add(json ? "{\"group_id\":" + Integer.toUnsignedString(g.groupId()) + ",\"type\":"
                + quote(g.type().text()) + ",\"text\":" + quote(g.toString()) + "}" : " " + g);
        }
        return json ? "{\"groups\":[" + String.join(",", lines) + "]}" : String.join("\n", lines);
    }

    private static String quote(final String text)
    {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
