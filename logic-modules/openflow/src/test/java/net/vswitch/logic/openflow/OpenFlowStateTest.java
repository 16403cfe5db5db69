package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.plugin.ControlJson;
import org.junit.jupiter.api.Test;

/**
 * The openflow logic's durable state: flows (table, priority, cookie, timeouts, flags, match, actions) and groups
 * exported and imported into a fresh instance come back exactly; a bad stored flow is refused naming it and
 * changes nothing; controller flows are not restored; flows are never restored onto renumbered ports.
 */
class OpenFlowStateTest
{
    private static final String[] PORTS = {"up", "web", "db"};

    private static OpenFlowLogic logic()
    {
        return attach(new OpenFlowLogic());
    }

    /** Attaches the ports as the daemon does after the import. */
    private static OpenFlowLogic attach(final OpenFlowLogic logic)
    {
        for (int i = 0; i < PORTS.length; i++)
        {
            logic.portAttached(i, i + 1, PORTS[i]);
        }
        return logic;
    }

    private static String ctl(final OpenFlowLogic logic, final String command, final String... args)
    {
        return logic.command(command, List.of(args), false);
    }

    /** dump-flows without the durations (which restart at import) and counters. */
    private static String flows(final OpenFlowLogic logic)
    {
        return ctl(logic, "dump-flows").replaceAll("duration=[0-9.]+s", "duration=X");
    }

    private static OpenFlowLogic filled()
    {
        final OpenFlowLogic logic = logic();
        ctl(logic, "add-group", "group_id=1,type=select,bucket=weight:10,actions=output:2,bucket=output:3");
        ctl(logic, "add-group", "group_id=7,type=all,bucket=mod_nw_dst:10.0.0.99,output:2,bucket=output:3");
        ctl(logic, "add-flow", "table=0,priority=100,cookie=0x1f,idle_timeout=60,hard_timeout=600,send_flow_rem,"
            + "ip,nw_dst=10.0.0.0/24 actions=output:2");
        ctl(logic, "add-flow", "priority=90,check_overlap,in_port=1,tcp,tp_dst=80 actions=group:1");
        ctl(logic, "add-flow", "in_port=2 actions=mod_vlan_vid:5,goto_table:3");
        ctl(logic, "add-flow", "table=3,priority=5,dl_vlan=5 actions=group:7");
        ctl(logic, "add-flow", "table=3,priority=1 actions=drop");
        ctl(logic, "mod-flows", "table=3,dl_vlan=5 actions=output:1");
        ctl(logic, "del-flows", "--strict", "table=3,priority=1");
        return logic;
    }

    @Test
    void shouldRestoreFlowsAndGroupsExactly()
    {
        final OpenFlowLogic before = filled();
        final Object state = before.exportState();
        final OpenFlowLogic after = new OpenFlowLogic();
        after.importState(1, state, PORTS);
        attach(after);

        assertEquals(flows(before), flows(after));
        assertEquals(4, flows(after).lines().count(), flows(after));
        assertTrue(flows(after).contains("idle_timeout=60, hard_timeout=600, send_flow_rem priority=100,ip,"
            + "nw_dst=10.0.0.0/24 actions=output:2"), flows(after));
        assertTrue(flows(after).contains("check_overlap"), flows(after));
        assertEquals(ctl(before, "dump-groups"), ctl(after, "dump-groups"));
        assertEquals(ControlJson.write(before.exportState()), ControlJson.write(after.exportState()));
        assertEquals("openflow", after.stateFormat());
    }

    @Test
    void shouldMarkOnlyDumpsReadOnly()
    {
        final OpenFlowLogic logic = logic();
        for (final String dump : List.of("dump-flows", "dump-megaflows", "dump-tables", "dump-groups"))
        {
            assertFalse(logic.mutates(dump, List.of()), dump);
        }
        for (final String change : List.of("add-flow", "add-flows", "mod-flows", "del-flows", "add-group",
            "mod-group", "del-groups"))
        {
            assertTrue(logic.mutates(change, List.of()), change);
        }
    }

    @Test
    void shouldRefuseACorruptFlowNamingItAndKeepWhatItHad()
    {
        final OpenFlowLogic logic = filled();
        final String dump = flows(logic);
        @SuppressWarnings("unchecked")
        final Map<String, Object> state = new LinkedHashMap<>((Map<String, Object>)logic.exportState());
        final List<Object> flows = new ArrayList<>((List<?>)state.get("flows"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> bad = new LinkedHashMap<>((Map<String, Object>)flows.get(0));
        bad.put("actions", "output:2,frobnicate:9");
        flows.set(0, bad);
        state.put("flows", flows);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> logic.importState(1, state, PORTS));
        assertTrue(ex.getMessage().startsWith("stored flow 'table=" + bad.get("table") + ",priority="
            + bad.get("priority")), ex.getMessage());
        assertTrue(ex.getMessage().contains("actions=output:2,frobnicate:9': "), ex.getMessage());
        assertEquals(dump, flows(logic));

        assertEquals("openflow state version 2 is not supported (this module reads version 1)",
            assertThrows(IllegalArgumentException.class, () -> logic.importState(2, state, PORTS)).getMessage());
        assertEquals("openflow state is not an object: [1]",
            assertThrows(IllegalArgumentException.class, () -> logic.importState(1, List.of(1), PORTS))
                .getMessage());
        assertEquals(dump, flows(logic));
    }

    @Test
    void shouldNotRestoreControllerFlows()
    {
        final OpenFlowLogic before = logic();
        ctl(before, "add-flow", "priority=7,in_port=1 actions=output:2");
        @SuppressWarnings("unchecked")
        final Map<String, Object> state = new LinkedHashMap<>((Map<String, Object>)before.exportState());
        final List<Object> flows = new ArrayList<>((List<?>)state.get("flows"));
        final Map<String, Object> controller = new LinkedHashMap<>(ControlJson.object("table", 0, "priority", 8,
            "cookie", "0x0", "idle_timeout", 0, "hard_timeout", 0, "flags", 0, "match", "in_port=2",
            "actions", "output:1", "origin", "controller"));
        flows.add(controller);
        state.put("flows", flows);

        final OpenFlowLogic after = new OpenFlowLogic();
        after.importState(1, state, PORTS);
        assertEquals(flows(before), flows(after));
    }

    @Test
    void shouldRefuseFlowsWhosePortsWouldBeRenumbered()
    {
        final OpenFlowLogic before = logic();
        ctl(before, "add-flow", "in_port=3 actions=output:2");
        final Object state = before.exportState();
        final OpenFlowLogic after = new OpenFlowLogic();
        // "up" is gone: "web" and "db" would be ports 1 and 2, and output:2 would reach db
        assertEquals("port web was OpenFlow port 2 when the flows were stored and would be port 1 now; the stored "
            + "flows name port numbers, so they are not restored onto other ports",
            assertThrows(IllegalArgumentException.class, () -> after.importState(1, state,
                new String[] {"web", "db"})).getMessage());
        after.importState(1, state, PORTS);
        assertEquals(flows(before), flows(after));
    }
}
