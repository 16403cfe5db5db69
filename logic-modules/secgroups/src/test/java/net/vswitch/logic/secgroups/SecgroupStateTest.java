package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.plugin.ControlJson;
import org.junit.jupiter.api.Test;

/** Export and import of the groups ({@link net.vswitch.fabric.plugin.LogicState}): round trip, ids kept, bad state refused whole. */
class SecgroupStateTest
{
    private static String run(final SecurityGroups groups, final String line)
    {
        return new SecgroupCommands(groups, null).secgroup(Arrays.asList(line.split(" ")), true);
    }

    private static SecurityGroups sample()
    {
        final SecurityGroups groups = new SecurityGroups();
        run(groups, "create web");
        run(groups, "create db");
        run(groups, "rule-add web --direction ingress --protocol tcp --port-range 8080 --remote-group db");
        run(groups, "rule-add web --direction egress");
        run(groups, "rule-del web 1");
        run(groups, "rule-add db --direction ingress --ethertype IPv6 --protocol icmpv6 --port-range 128:0");
        run(groups, "rule-add db --direction ingress --protocol udp --port-range 53:54 --remote-ip 10.0.0.0/8");
        run(groups, "member-add web --port vm1 --mac 02:00:00:00:00:01 --ip 10.0.0.1,fd00::1");
        run(groups, "member-add db --port vm2 --mac 02:00:00:00:00:02 --ip 10.0.0.2");
        return groups;
    }

    @Test
    void shouldRestoreGroupsRulesWithTheirIdsAndMembers()
    {
        final SecurityGroups source = sample();
        final Object exported = SecgroupState.export(source);
        final SecurityGroups target = new SecurityGroups();
        SecgroupState.restore(target, SecgroupState.VERSION, exported);
        assertEquals(run(source, "show"), run(target, "show"));
        assertEquals(ControlJson.write(exported), ControlJson.write(SecgroupState.export(target)));
        assertEquals("{\"rule_id\":5}", run(target, "rule-add web --direction ingress"), "ids are never reused");
    }

    @Test
    void shouldRefuseABadStateAndChangeNothing()
    {
        final SecurityGroups target = sample();
        final String before = run(target, "show");
        @SuppressWarnings("unchecked")
        final Map<String, Object> exported = (Map<String, Object>)SecgroupState.export(sample());
        final Map<String, Object> thief = ControlJson.object("name", "thief", "rules", List.of(), "members",
            List.of(ControlJson.object("port", "vm9", "macs", List.of("02:00:00:00:00:01"), "ips",
            List.of("10.0.0.9"))));
        final List<Object> withThief = new java.util.ArrayList<>((List<?>)exported.get("groups"));
        withThief.add(thief);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SecgroupState.restore(
            target, 1, ControlJson.object("next_rule_id", 5, "groups", withThief)));
        assertEquals("MAC 02:00:00:00:00:01 belongs to port vm1", ex.getMessage());
        assertEquals(before, run(target, "show"));
        assertEquals("secgroups state version 2 is not supported (this build reads version 1)",
            assertThrows(IllegalArgumentException.class, () -> SecgroupState.restore(target, 2, exported))
                .getMessage());
    }
}
