package net.vswitch.logic.secgroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;

/**
 * The ctl words, in OpenStack's: {@code secgroup create|delete|rule-add|rule-del|member-add|member-del|show},
 * {@code dump-conntrack [--zone N]} and {@code flush-conntrack}. Each either does what it says or throws
 * an {@link IllegalArgumentException} naming what is wrong, having changed nothing.
 */
final class SecgroupCommands
{
    static final String SECGROUP = "secgroup";
    static final String DUMP_CONNTRACK = "dump-conntrack";
    static final String FLUSH_CONNTRACK = "flush-conntrack";
    static final Set<String> NAMES = Set.of(SECGROUP, DUMP_CONNTRACK, FLUSH_CONNTRACK);

    static final String USAGE = "usage: secgroup create G | delete G | rule-add G --direction ingress|egress"
        + " [--ethertype IPv4|IPv6] [--protocol tcp|udp|icmp|icmpv6|any|N] [--port-range MIN[:MAX]]"
        + " [--remote-ip CIDR | --remote-group G2] | rule-del G RULE_ID | member-add G --port NAME --mac MAC"
        + " --ip IP[,IP] | member-del G --port NAME | show [G]";

    private static final Set<String> RULE_OPTIONS = Set.of("--direction", "--ethertype", "--protocol",
        "--port-range", "--remote-ip", "--remote-group");
    private static final Set<String> MEMBER_OPTIONS = Set.of("--port", "--mac", "--ip");

    private final SecurityGroups groups;
    private final ConnectionTracker tracker;

    SecgroupCommands(final SecurityGroups groups, final ConnectionTracker tracker)
    {
        this.groups = groups;
        this.tracker = tracker;
    }

    String run(final String command, final List<String> args, final boolean json)
    {
        return switch (command)
        {
            case SECGROUP -> secgroup(args, json);
            case DUMP_CONNTRACK -> dumpConntrack(args, json);
            case FLUSH_CONNTRACK -> flushConntrack(args, json);
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        };
    }

    /** Runs the words after {@code secgroup}. */
    String secgroup(final List<String> args, final boolean json)
    {
        if (args.isEmpty())
        {
            throw new IllegalArgumentException(USAGE);
        }
        final String verb = args.get(0);
        final List<String> rest = args.subList(1, args.size());
        switch (verb)
        {
            case "create":
                groups.create(single("secgroup create G", rest));
                return done(json, "created group " + rest.get(0));
            case "delete":
                groups.delete(single("secgroup delete G", rest));
                return done(json, "deleted group " + rest.get(0));
            case "rule-add":
                return ruleAdd(rest, json);
            case "rule-del":
                return ruleDel(rest, json);
            case "member-add":
                return memberAdd(rest, json);
            case "member-del":
                return memberDel(rest, json);
            case "show":
                return show(rest, json);
            default:
                throw new IllegalArgumentException("unknown secgroup command '" + verb + "'; " + USAGE);
        }
    }

    private String ruleAdd(final List<String> args, final boolean json)
    {
        if (args.isEmpty() || args.get(0).startsWith("--"))
        {
            throw new IllegalArgumentException("usage: secgroup rule-add G --direction ingress|egress [--ethertype "
                + "IPv4|IPv6] [--protocol P] [--port-range MIN[:MAX]] [--remote-ip CIDR | --remote-group G2]");
        }
        final String group = args.get(0);
        final Map<String, String> options = options(args.subList(1, args.size()), RULE_OPTIONS, "rule-add");
        final String direction = options.get("--direction");
        if (direction == null)
        {
            throw new IllegalArgumentException("secgroup rule-add needs --direction ingress|egress");
        }
        final RuleSpec spec = new RuleSpec(Direction.parse(direction));
        if (options.containsKey("--ethertype"))
        {
            spec.etherType(EtherType.parse(options.get("--ethertype")));
        }
        if (options.containsKey("--protocol"))
        {
            spec.protocol(options.get("--protocol"));
        }
        if (options.containsKey("--port-range"))
        {
            spec.portRange(options.get("--port-range"));
        }
        spec.remoteIp(options.get("--remote-ip")).remoteGroup(options.get("--remote-group"));
        final int id = groups.addRule(group, spec);
        return json ? "{\"rule_id\":" + id + "}" : Integer.toString(id);
    }

    private String ruleDel(final List<String> args, final boolean json)
    {
        if (args.size() != 2)
        {
            throw new IllegalArgumentException("usage: secgroup rule-del G RULE_ID");
        }
        final int id;
        try
        {
            id = Integer.parseInt(args.get(1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("RULE_ID must be a number, got '" + args.get(1) + "'");
        }
        groups.deleteRule(args.get(0), id);
        return done(json, "deleted rule " + id + " of group " + args.get(0));
    }

    private String memberAdd(final List<String> args, final boolean json)
    {
        if (args.isEmpty() || args.get(0).startsWith("--"))
        {
            throw new IllegalArgumentException("usage: secgroup member-add G --port NAME --mac MAC --ip IP[,IP]");
        }
        final Map<String, String> options = options(args.subList(1, args.size()), MEMBER_OPTIONS, "member-add");
        final String port = options.get("--port");
        if (port == null)
        {
            throw new IllegalArgumentException("secgroup member-add needs --port NAME");
        }
        groups.addMember(args.get(0), port, list(options.get("--mac")), list(options.get("--ip")));
        return done(json, "port " + port + " is a member of group " + args.get(0));
    }

    private String memberDel(final List<String> args, final boolean json)
    {
        if (args.isEmpty() || args.get(0).startsWith("--"))
        {
            throw new IllegalArgumentException("usage: secgroup member-del G --port NAME");
        }
        final Map<String, String> options = options(args.subList(1, args.size()), Set.of("--port"), "member-del");
        final String port = options.get("--port");
        if (port == null)
        {
            throw new IllegalArgumentException("secgroup member-del needs --port NAME");
        }
        groups.removeMember(args.get(0), port);
        return done(json, "port " + port + " left group " + args.get(0));
    }

    private String show(final List<String> args, final boolean json)
    {
        if (args.size() > 1)
        {
            throw new IllegalArgumentException("usage: secgroup show [G]");
        }
        final List<Group> shown = args.isEmpty() ? groups.groups() : List.of(groups.group(args.get(0)));
        return json ? Json.groups(shown) : text(shown);
    }

    private static String text(final List<Group> shown)
    {
        if (shown.isEmpty())
        {
            return "no security groups";
        }
        final StringBuilder out = new StringBuilder();
        for (final Group g : shown)
        {
            if (out.length() > 0)
            {
                out.append('\n');
            }
            out.append("group ").append(g.name()).append(": ").append(g.rules().size()).append(" rule(s), ")
                .append(g.members().size()).append(" member(s)");
            for (final Rule r : g.rules())
            {
                out.append("\n  rule ").append(r.id()).append(": ").append(r.describe());
            }
            for (final Member m : g.members())
            {
                out.append("\n  member ").append(m.port()).append(": mac ").append(String.join(",", m.macs()))
                    .append(" ip ").append(String.join(",", m.addresses()));
            }
        }
        return out.toString();
    }

    private String dumpConntrack(final List<String> args, final boolean json)
    {
        int zone = ConnectionTracker.ALL_ZONES;
        if (!args.isEmpty())
        {
            final Map<String, String> options = options(args, Set.of("--zone"), "dump-conntrack");
            final String text = options.get("--zone");
            try
            {
                zone = Integer.parseInt(text);
            }
            catch (final NumberFormatException ex)
            {
                zone = -1;
            }
            if (zone < 0 || zone > ConntrackConfig.MAX_ZONE)
            {
                throw new IllegalArgumentException("--zone must be in 0.." + ConntrackConfig.MAX_ZONE + ", got '" + text
                    + "'");
            }
        }
        if (json)
        {
            return Json.connections(tracker, zone);
        }
        return String.join("\n", tracker.dump(zone));
    }

    private String flushConntrack(final List<String> args, final boolean json)
    {
        if (!args.isEmpty())
        {
            throw new IllegalArgumentException("usage: flush-conntrack");
        }
        final int removed = tracker.flush();
        return json ? "{\"flushed\":" + removed + "}" : "flushed " + removed + " connection(s)";
    }

    private static String done(final boolean json, final String text)
    {
        return json ? "{\"result\":" + Json.string(text) + "}" : text;
    }

    private static String single(final String usage, final List<String> args)
    {
        if (args.size() != 1)
        {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return args.get(0);
    }

    private static List<String> list(final String text)
    {
        if (text == null || text.isBlank())
        {
            return List.of();
        }
        final List<String> items = new ArrayList<>();
        for (final String item : text.split(","))
        {
            if (!item.isBlank())
            {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** {@code --key value} or {@code --key=value} pairs, each known and given once. */
    static Map<String, String> options(final List<String> args, final Set<String> known, final String command)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++)
        {
            String key = args.get(i);
            String value;
            final int eq = key.indexOf('=');
            if (key.startsWith("--") && eq > 0)
            {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            else
            {
                if (!key.startsWith("--"))
                {
                    throw new IllegalArgumentException(command + ": unexpected '" + key + "' (options: "
                        + String.join(" ", sorted(known)) + ")");
                }
                if (i + 1 >= args.size())
                {
                    throw new IllegalArgumentException(command + ": " + key + " needs a value");
                }
                value = args.get(++i);
            }
            if (!known.contains(key))
            {
                throw new IllegalArgumentException(command + ": unknown option " + key + " (options: "
                    + String.join(" ", sorted(known)) + ")");
            }
            if (options.put(key, value) != null)
            {
                throw new IllegalArgumentException(command + ": " + key + " given twice");
            }
        }
        return options;
    }

    private static List<String> sorted(final Set<String> set)
    {
        final String[] items = set.toArray(new String[0]);
        Arrays.sort(items);
        return List.of(items);
    }
}
