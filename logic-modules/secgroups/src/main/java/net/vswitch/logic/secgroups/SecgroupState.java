package net.vswitch.logic.secgroups;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The security groups as the daemon's state file keeps them ({@link net.vswitch.fabric.plugin.LogicState}),
 * version 1:
 * <pre>
 * {"next_rule_id":N,"groups":[{"name":G,
 *   "rules":[{"id":1,"direction":"ingress","ethertype":"IPv4","protocol":6,"port_min":80,"port_max":80,
 *             "remote_ip":null,"remote_group":null}],
 *   "members":[{"port":NAME,"macs":["02:00:00:00:00:01"],"ips":["10.0.0.1"]}]}]}
 * </pre>
 * Rule ids are kept (users delete rules by id); members are by port name, so a member whose port is gone
 * stays a member and its policy applies when the port comes back. Connections are not state.
 */
final class SecgroupState
{
    static final String FORMAT = "secgroups";
    static final int VERSION = 1;

    private SecgroupState()
    {
    }

    static Object export(final SecurityGroups groups)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final Group group : groups.groups())
        {
            final List<Map<String, Object>> rules = new ArrayList<>();
            for (final Rule r : group.rules())
            {
                rules.add(object("id", r.id(), "direction", r.direction().word(), "ethertype", r.etherType().word(),
                    "protocol", r.protocol(), "port_min", r.portMin(), "port_max", r.portMax(), "remote_ip",
                    r.remoteIp(), "remote_group", r.remoteGroup()));
            }
            final List<Map<String, Object>> members = new ArrayList<>();
            for (final Member m : group.members())
            {
                members.add(object("port", m.port(), "macs", m.macs(), "ips", m.addresses()));
            }
            list.add(object("name", group.name(), "rules", rules, "members", members));
        }
        return object("next_rule_id", groups.nextRuleId(), "groups", list);
    }

    /**
     * @throws IllegalArgumentException naming the version or member that is wrong; nothing changes then
     */
    static void restore(final SecurityGroups groups, final int version, final Object state)
    {
        if (version != VERSION)
        {
            throw new IllegalArgumentException("secgroups state version " + version + " is not supported (this build"
                + " reads version " + VERSION + ")");
        }
        final Map<?, ?> root = map(state, "secgroups state");
        final List<Group> restored = new ArrayList<>();
        for (final Object item : list(root, "groups"))
        {
            final Map<?, ?> g = map(item, "a group");
            final String name = text(g, "name");
            final List<Rule> rules = new ArrayList<>();
            for (final Object r : list(g, "rules"))
            {
                final Map<?, ?> rule = map(r, "a rule of group " + name);
                rules.add(new Rule(number(rule, "id"), name, Direction.parse(text(rule, "direction")),
                    EtherType.parse(text(rule, "ethertype")), number(rule, "protocol"), number(rule, "port_min"),
                    number(rule, "port_max"), optional(rule, "remote_ip"), optional(rule, "remote_group")));
            }
            final List<Member> members = new ArrayList<>();
            for (final Object m : list(g, "members"))
            {
                final Map<?, ?> member = map(m, "a member of group " + name);
                members.add(new Member(text(member, "port"), texts(member, "macs"), texts(member, "ips")));
            }
            restored.add(new Group(name, rules, members));
        }
        groups.replaceAll(restored, number(root, "next_rule_id"));
    }

    private static Map<?, ?> map(final Object value, final String what)
    {
        if (value instanceof Map<?, ?> map)
        {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    private static List<?> list(final Map<?, ?> map, final String key)
    {
        if (map.get(key) instanceof List<?> list)
        {
            return list;
        }
        throw new IllegalArgumentException("secgroups state: '" + key + "' must be a list in " + map);
    }

    private static String text(final Map<?, ?> map, final String key)
    {
        if (map.get(key) instanceof String text)
        {
            return text;
        }
        throw new IllegalArgumentException("secgroups state: '" + key + "' must be a string in " + map);
    }

    private static String optional(final Map<?, ?> map, final String key)
    {
        return map.get(key) == null ? null : text(map, key);
    }

    private static int number(final Map<?, ?> map, final String key)
    {
        if (map.get(key) instanceof Number number)
        {
            return number.intValue();
        }
        throw new IllegalArgumentException("secgroups state: '" + key + "' must be a number in " + map);
    }

    private static List<String> texts(final Map<?, ?> map, final String key)
    {
        final List<String> texts = new ArrayList<>();
        for (final Object item : list(map, key))
        {
            if (!(item instanceof String text))
            {
                throw new IllegalArgumentException("secgroups state: '" + key + "' must hold strings in " + map);
            }
            texts.add(text);
        }
        return texts;
    }
}
