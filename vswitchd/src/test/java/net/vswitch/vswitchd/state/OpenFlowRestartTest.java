package net.vswitch.vswitchd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.daemon.DaemonException;
import net.vswitch.vswitchd.daemon.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenFlow flows and groups added with ctl come back after a daemon restart; dumps write no state. */
class OpenFlowRestartTest
{
    @TempDir
    Path dir;

    private static RunFlags flags()
    {
        return RunFlags.none().withLogic("openflow").withPorts(List.of("virtual:up", "virtual:web", "virtual:db"));
    }

    private static String ok(final Path ctl, final String... words) throws Exception
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertTrue(answer.ok(), String.join(" ", words) + ": " + answer.body());
        return answer.body();
    }

    /** Durations restart at the import. */
    private static String flows(final Path ctl) throws Exception
    {
        return ok(ctl, "dump-flows").replaceAll("duration=[0-9.]+s", "duration=X");
    }

    @Test
    void shouldRestoreFlowsAndGroupsAfterARestart() throws Exception
    {
        final String flows;
        final String groups;
        final Path state = dir.resolve("vsd.state");
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            final Path ctl = running.ctl();
            ok(ctl, "add-group", "group_id=1,type=select,bucket=weight:10,actions=output:2,bucket=output:3");
            ok(ctl, "add-group", "group_id=2,type=all,bucket=output:2,bucket=output:3");
            ok(ctl, "add-flow", "table=0,priority=100,cookie=0x2a,idle_timeout=300,send_flow_rem,ip,"
                + "nw_dst=10.0.0.0/24 actions=group:1");
            ok(ctl, "add-flow", "priority=10,in_port=1 actions=goto_table:1");
            ok(ctl, "add-flow", "table=1,dl_type=0x88b5 actions=output:3");
            ok(ctl, "add-flow", "table=1,priority=1 actions=drop");
            ok(ctl, "mod-flows", "table=1,dl_type=0x88b5 actions=output:2");
            ok(ctl, "del-flows", "--strict", "table=1,priority=1");
            ok(ctl, "del-groups", "group_id=2");
            flows = flows(ctl);
            groups = ok(ctl, "dump-groups");
            final byte[] saved = Files.readAllBytes(state);
            ok(ctl, "dump-flows");
            ok(ctl, "dump-groups");
            ok(ctl, "dump-tables");
            assertEquals(new String(saved, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(state), StandardCharsets.UTF_8), "dumps write nothing");
        }
        assertEquals(3, flows.lines().count(), flows);
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            assertEquals(flows, flows(running.ctl()));
            assertEquals(groups, ok(running.ctl(), "dump-groups"));
            assertFalse(groups.contains("group_id=2"), groups);
            assertTrue(flows.contains("cookie=0x2a") && flows.contains("idle_timeout=300")
                && flows.contains("send_flow_rem"), flows);
        }
    }

    @Test
    void shouldRefuseToStartOnAStoredFlowItCannotParse() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            ok(running.ctl(), "add-flow", "priority=10,in_port=1 actions=output:2");
        }
        final Path state = dir.resolve("vsd.state");
        final String text = new String(Files.readAllBytes(state), StandardCharsets.UTF_8);
        // a well-formed file (length and checksum right) holding a flow the parser refuses
        StateFile.write(state, text.substring(text.indexOf('\n') + 1).replace("\"output:2\"", "\"output:two\""));
        final DaemonException ex = assertThrows(DaemonException.class, () -> TestDaemons.start(dir, flags()));
        assertTrue(ex.getMessage().contains("stored flow 'table=0,priority=10,"), ex.getMessage());
        assertTrue(ex.getMessage().contains("actions=output:two'"), ex.getMessage());
    }
}
