package net.vswitch.logic.openflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.logic.openflow.action.PortMap;
import net.vswitch.logic.openflow.control.FlowParser;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.GroupEntry;
import net.vswitch.logic.openflow.pipeline.Pipeline;
import net.vswitch.logic.openflow.pipeline.PipelineState;

/**
 * The openflow logic's durable state (form {@code openflow}, version 1; see {@code docs/state.md}): every flow
 * entry as its ovs-ofctl match and actions text plus table, priority, cookie, timeouts and flags, every group as
 * its ovs-ofctl text, and the OpenFlow port numbers the texts name ({@code ports}: number to port name).
 * Import re-parses everything with the parser {@code add-flow} uses and publishes the whole set as one version.
 *
 * <p>Each flow carries an {@code origin}. Every flow today comes from ctl ({@code "ctl"}, always restored); the
 * hook for an OpenFlow channel is that a flow stored with origin {@code "controller"} is skipped at import, so
 * the controller re-installs its own flows after a restart, as Open vSwitch does.
 */
final class OpenFlowState
{
    static final String FORMAT = "openflow";
    static final int VERSION = 1;
    static final String ORIGIN_CTL = "ctl";
    static final String ORIGIN_CONTROLLER = "controller";

    private OpenFlowState()
    {
    }

    static Object export(final Pipeline pipeline, final PortMap ports)
    {
        final PipelineState state = pipeline.state();
        final List<Object> flows = new ArrayList<>();
        for (final Classifier table : state.tables())
        {
            for (final FlowEntry e : table.entries())
            {
                final Map<String, Object> f = new LinkedHashMap<>();
                f.put("table", e.table());
                f.put("priority", e.priority());
                f.put("cookie", "0x" + Long.toHexString(e.cookie()));
                f.put("idle_timeout", e.idleTimeout());
                f.put("hard_timeout", e.hardTimeout());
                f.put("flags", e.flags());
                f.put("match", e.match().toString());
                f.put("actions", e.instructions().toString());
                f.put("origin", ORIGIN_CTL);
                flows.add(f);
            }
        }
        final List<GroupEntry> sorted = new ArrayList<>(state.groups().values());
        sorted.sort((a, b) -> Integer.compareUnsigned(a.groupId(), b.groupId()));
        final List<Object> groups = new ArrayList<>();
        for (final GroupEntry g : sorted)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("group_id", Integer.toUnsignedLong(g.groupId()));
            m.put("type", g.type().text());
            m.put("text", g.toString());
            groups.add(m);
        }
        final Map<String, Object> numbers = new LinkedHashMap<>();
        for (final int index : ports.attached())
        {
            numbers.put(Integer.toString(ports.ofport(index)), ports.name(index));
        }
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("flows", flows);
        root.put("groups", groups);
        root.put("ports", numbers);
        return root;
    }

    /**
     * Builds the stored tables and groups and publishes them in one version; anything wrong throws naming the
     * flow or group and changes nothing.
     */
    static void load(final Pipeline pipeline, final PortMap ports, final int version, final Object state,
        final String[] portNames, final long nowNanos)
    {
        if (version != VERSION)
        {
            throw new IllegalArgumentException("openflow state version " + version + " is not supported (this "
                + "module reads version " + VERSION + ")");
        }
        final Map<?, ?> root = map(state, "openflow state");
        if (!list(root.get("flows"), "flows").isEmpty() || !list(root.get("groups"), "groups").isEmpty())
        {
            checkPorts(root.get("ports"), numbers(ports, portNames));
        }
        final Map<Integer, GroupEntry> groups = new HashMap<>();
        for (final Object o : list(root.get("groups"), "groups"))
        {
            final String text = string(map(o, "group").get("text"), "group text");
            final GroupEntry g;
            try
            {
                g = GroupEntry.parse(text);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("stored group '" + text + "': " + ex.getMessage());
            }
            if (groups.put(g.groupId(), g) != null)
            {
                throw new IllegalArgumentException("stored group '" + text + "': group id stored twice");
            }
        }
        final Classifier[] tables = PipelineState.empty().tables();
        for (final Object o : list(root.get("flows"), "flows"))
        {
            final Map<?, ?> f = map(o, "flow");
            if (ORIGIN_CONTROLLER.equals(f.get("origin")))
            {
                continue;
            }
            final FlowEntry e = flow(f, nowNanos);
            for (final FlowEntry old : tables[e.table()].entries())
            {
                if (old.sameRule(e))
                {
                    throw new IllegalArgumentException("stored flow '" + line(f) + "': stored twice");
                }
            }
            tables[e.table()] = tables[e.table()].with(e);
        }
        pipeline.replace(new PipelineState(0, tables, groups));
    }

    private static FlowEntry flow(final Map<?, ?> f, final long nowNanos)
    {
        final String line = line(f);
        try
        {
            if (!ORIGIN_CTL.equals(f.get("origin")))
            {
                throw new IllegalArgumentException("unknown origin " + f.get("origin"));
            }
            final FlowEntry parsed = FlowParser.flow(line, nowNanos);
            final int flags = number(f.get("flags"), "flags");
            // flags set directly: check_overlap was checked when the flow was added, not against a restore order
            return new FlowEntry(parsed.table(), parsed.priority(), parsed.match(), parsed.instructions(),
                parsed.cookie(), parsed.idleTimeout(), parsed.hardTimeout(), flags, parsed.stats());
        }
        catch (final IllegalArgumentException | ClassCastException ex)
        {
            throw new IllegalArgumentException("stored flow '" + line + "': " + ex.getMessage());
        }
    }

    /** The add-flow line of a stored flow (without flags, which are set on the entry). */
    private static String line(final Map<?, ?> f)
    {
        final String match = String.valueOf(f.get("match"));
        return "table=" + f.get("table") + ",priority=" + f.get("priority") + ",cookie=" + f.get("cookie")
            + ",idle_timeout=" + f.get("idle_timeout") + ",hard_timeout=" + f.get("hard_timeout")
            + (match.isEmpty() ? "" : "," + match) + " actions=" + f.get("actions");
    }

    /**
     * The texts name OpenFlow port numbers, which the switch gives again (1, 2, ... in attach order) at restart;
     * a named port that would get another number would make the stored flows send to the wrong port, so that
     * state is refused rather than restored.
     */
    private static void checkPorts(final Object stored, final Map<String, Integer> numbers)
    {
        if (stored == null)
        {
            return;
        }
        for (final Map.Entry<?, ?> p : map(stored, "ports").entrySet())
        {
            final String name = string(p.getValue(), "port name");
            final Integer now = numbers.get(name);
            if (now != null && !now.toString().equals(p.getKey()))
            {
                throw new IllegalArgumentException("port " + name + " was OpenFlow port " + p.getKey()
                    + " when the flows were stored and would be port " + now + " now; the stored flows name port "
                    + "numbers, so they are not restored onto other ports");
            }
        }
    }

    /**
     * Port name to OpenFlow number: the running switch's (a rollback) or, before any port is attached (a start),
     * the numbers the daemon will give in attach order.
     */
    private static Map<String, Integer> numbers(final PortMap ports, final String[] portNames)
    {
        final Map<String, Integer> numbers = new HashMap<>();
        final int[] attached = ports.attached();
        if (attached.length > 0)
        {
            for (final int index : attached)
            {
                numbers.put(ports.name(index), ports.ofport(index));
            }
            return numbers;
        }
        int next = 1;
        for (final String name : portNames)
        {
            if (name != null)
            {
                numbers.put(name, next++);
            }
        }
        return numbers;
    }

    private static Map<?, ?> map(final Object o, final String what)
    {
        if (!(o instanceof Map<?, ?> m))
        {
            throw new IllegalArgumentException(what + " is not an object: " + o);
        }
        return m;
    }

    private static List<?> list(final Object o, final String what)
    {
        if (o == null)
        {
            return List.of();
        }
        if (!(o instanceof List<?> l))
        {
            throw new IllegalArgumentException(what + " is not a list: " + o);
        }
        return l;
    }

    private static String string(final Object o, final String what)
    {
        if (!(o instanceof String s))
        {
            throw new IllegalArgumentException(what + " is not a string: " + o);
        }
        return s;
    }

    private static int number(final Object o, final String what)
    {
        if (o == null)
        {
            return 0;
        }
        if (!(o instanceof Number n))
        {
            throw new IllegalArgumentException(what + " is not a number: " + o);
        }
        return n.intValue();
    }
}
