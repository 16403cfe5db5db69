package net.vswitch.vswitchd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.daemon.DaemonException;
import net.vswitch.vswitchd.daemon.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users change with ctl survives a restart of the daemon (in-process here; {@code CrashRestartTest} kills
 * real processes): ports, logic, a module's own state; a bad state file stops the start; a change that cannot be
 * made durable is refused and leaves the switch as it was.
 */
class DurableStateTest
{
    @TempDir
    Path dir;

    private static RunFlags flags()
    {
        return RunFlags.none().withPorts(List.of("virtual:up", "virtual:host"));
    }

    private static String ok(final Path ctl, final String... words) throws Exception
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertTrue(answer.ok(), String.join(" ", words) + ": " + answer.body());
        return answer.body();
    }

    @Test
    void shouldRestorePortsLogicAndReservationsAfterARestart() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            ok(running.ctl(), "add-port", "virtual:web");
            ok(running.ctl(), "add-port", "virtual:db");
            ok(running.ctl(), "set-logic", "filter3");
            ok(running.ctl(), "reserve", "web", "tcp:10.0.0.1:80");
            ok(running.ctl(), "reserve", "db", "udp:10.0.0.2:53");
            ok(running.ctl(), "del-port", "host");
            assertTrue(ok(running.ctl(), "show").endsWith("state: " + dir.resolve("vsd.state") + "\n"));
        }
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            final String show = ok(running.ctl(), "show");
            assertTrue(show.startsWith("switch br0: logic filter3, 3 ports\n"), show);
            assertFalse(show.contains("virtual:host"), "a deleted config port stays deleted: " + show);
            assertEquals("{\"reservations\":[{\"tuple\":\"tcp:10.0.0.1:80\",\"port\":1,\"port_name\":\"web\"},"
                + "{\"tuple\":\"udp:10.0.0.2:53\",\"port\":2,\"port_name\":\"db\"}]}\n",
                ok(running.ctl(), "reservations", "--json"));
            assertTrue(ok(running.ctl(), "show", "--json").endsWith(",\"state\":\"" + dir.resolve("vsd.state")
                + "\"}\n"));
        }
    }

    /** Security groups come back whole (rule ids too) before the member ports are attached: never fail open. */
    @Test
    void shouldRestoreSecurityGroupsRulesAndMembers() throws Exception
    {
        final String show;
        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withLogic("secgroups")))
        {
            ok(running.ctl(), "add-port", "virtual:vm1");
            ok(running.ctl(), "secgroup", "create", "web");
            ok(running.ctl(), "secgroup", "create", "admin");
            ok(running.ctl(), "secgroup", "rule-add", "web", "--direction", "ingress", "--protocol", "tcp",
                "--port-range", "80");
            ok(running.ctl(), "secgroup", "rule-add", "web", "--direction", "ingress", "--protocol", "tcp",
                "--port-range", "22", "--remote-group", "admin");
            ok(running.ctl(), "secgroup", "rule-del", "web", "1");
            ok(running.ctl(), "secgroup", "rule-add", "admin", "--direction", "egress", "--protocol", "icmp",
                "--port-range", "8", "--remote-ip", "10.0.0.0/8");
            ok(running.ctl(), "secgroup", "member-add", "web", "--port", "vm1", "--mac", "02:00:00:00:00:01",
                "--ip", "10.0.0.1");
            show = ok(running.ctl(), "secgroup", "show", "--json");
            assertTrue(show.contains("\"id\":2") && show.contains("\"id\":3") && !show.contains("\"id\":1,"), show);
        }
        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withLogic("secgroups")))
        {
            assertEquals(show, ok(running.ctl(), "secgroup", "show", "--json"));
            assertTrue(ok(running.ctl(), "secgroup", "rule-add", "web", "--direction", "egress").contains("4"),
                "rule ids are never reused after a restart");
        }
    }

    @Test
    void shouldRefuseToStartOnACorruptStateFileAndStartAsideWithDiscardState() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags()))
        {
            ok(running.ctl(), "add-port", "virtual:web");
        }
        final Path state = dir.resolve("vsd.state");
        final byte[] bytes = Files.readAllBytes(state);
        bytes[bytes.length - 5] ^= 0x04;
        Files.write(state, bytes);
        final DaemonException ex = assertThrows(DaemonException.class, () -> TestDaemons.start(dir, flags()));
        assertTrue(ex.getMessage().startsWith("state file " + state + " at offset "), ex.getMessage());
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("(start with --discard-state to move it aside and start from the config"
            + " alone)"), ex.getMessage());

        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withState(null, false, true)))
        {
            final String show = ok(running.ctl(), "show");
            assertTrue(show.startsWith("switch br0: logic bridge, 2 ports\n"), show);
            assertTrue(running.log().contains("event=state_discarded"), running.log());
        }
        try (var files = Files.list(dir))
        {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("vsd.state.discarded-")).count());
        }
    }

    @Test
    void shouldKeepReservationsWhenFilter3IsSetAgainAndLoseThemAcrossAnotherLogic() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withLogic("filter3")))
        {
            ok(running.ctl(), "reserve", "host", "tcp:10.0.0.1:80");
            final String reserved = ok(running.ctl(), "reservations");
            assertTrue(reserved.contains("tcp:10.0.0.1:80"), reserved);
            ok(running.ctl(), "set-logic", "filter3");
            assertEquals(reserved, ok(running.ctl(), "reservations"), "set-logic of the same logic keeps them");
            ok(running.ctl(), "set-logic", "bridge");
            ok(running.ctl(), "set-logic", "filter3");
            assertFalse(ok(running.ctl(), "reservations").contains("tcp:10.0.0.1:80"), "another logic in between");
        }
    }

    @Test
    void shouldRefuseToStartWhenTheStoredModuleStateDoesNotFitTheLogic() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withLogic("filter3")))
        {
            ok(running.ctl(), "add-port", "virtual:web");
            ok(running.ctl(), "reserve", "web", "tcp:10.0.0.1:80");
        }
        final DaemonException ex = assertThrows(DaemonException.class,
            () -> TestDaemons.start(dir, flags().withLogic("middlebox")));
        assertEquals("state file " + dir.resolve("vsd.state") + ": switch br0: logic middlebox cannot take back its"
            + " state: the stored module state is of form 'filter3' but logic middlebox keeps form 'middlebox';"
            + " refusing to start without it (start with --discard-state to move the file aside)", ex.getMessage());
    }

    @Test
    void shouldKeepNothingWithNoState() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, flags().withState(null, true, false)))
        {
            ok(running.ctl(), "add-port", "virtual:web");
            assertTrue(ok(running.ctl(), "show").endsWith("state: none (--no-state: changes are lost at exit)\n"));
        }
        assertFalse(Files.exists(dir.resolve("vsd.state")));
    }

    /** Root only: a tmpfs remounted read-only is a directory even root cannot write. */
    @Test
    void shouldRefuseAChangeThatCannotBeMadeDurableAndLeaveTheSwitchUnchanged() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a read-only tmpfs");
        final Path mount = Files.createDirectories(dir.resolve("ro"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()),
            "cannot mount a tmpfs (mount -t tmpfs)");
        try
        {
            final RunFlags flags = flags().withLogic("filter3").withState(mount.resolve("s.state"), false, false);
            try (TestDaemons.Running running = TestDaemons.start(dir, flags))
            {
                ok(running.ctl(), "add-port", "virtual:web");
                ok(running.ctl(), "reserve", "web", "tcp:10.0.0.1:80");
                final String before = ok(running.ctl(), "show");
                final String reservations = ok(running.ctl(), "reservations");
                assertTrue(run("mount", "-o", "remount,ro", mount.toString()), "remount read-only");

                final String expected = "cannot make the change durable: cannot write the state file "
                    + mount.resolve("s.state") + ": read-only file system";
                assertRefused(running.ctl(), expected + "; port db was not added", "add-port", "virtual:db");
                assertRefused(running.ctl(), expected + "; port web was not removed", "del-port", "web");
                assertRefused(running.ctl(), expected + "; switch br0 keeps logic filter3", "set-logic", "bridge");
                assertRefused(running.ctl(), expected + "; 'reserve' was not applied", "reserve", "web",
                    "tcp:10.0.0.2:80");
                assertRefused(running.ctl(), expected + "; 'release' was not applied", "release", "web",
                    "tcp:10.0.0.1:80");
                assertEquals(before, ok(running.ctl(), "show"));
                assertEquals(reservations, ok(running.ctl(), "reservations"));

                assertTrue(run("mount", "-o", "remount,rw", mount.toString()), "remount read-write");
                ok(running.ctl(), "reserve", "web", "tcp:10.0.0.2:80");
            }
            try (TestDaemons.Running running = TestDaemons.start(dir, flags().withLogic("filter3")
                .withState(mount.resolve("s.state"), false, false)))
            {
                assertEquals("{\"reservations\":[{\"tuple\":\"tcp:10.0.0.1:80\",\"port\":2,\"port_name\":\"web\"},"
                    + "{\"tuple\":\"tcp:10.0.0.2:80\",\"port\":2,\"port_name\":\"web\"}]}\n",
                    ok(running.ctl(), "reservations", "--json"));
            }
        }
        finally
        {
            run("umount", mount.toString());
        }
    }

    private static void assertRefused(final Path ctl, final String message, final String... words) throws Exception
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertFalse(answer.ok(), String.join(" ", words) + " must be refused");
        assertEquals(message, answer.body().strip());
    }

    private static boolean run(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
