package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --logic secgroups} as the daemon finds and configures it. */
class SecurityGroupsProviderTest
{
    @TempDir
    Path dir;

    private static LogicProvider provider()
    {
        for (final LogicProvider p : ServiceLoader.load(LogicProvider.class))
        {
            if (p.name().equals("secgroups"))
            {
                return p;
            }
        }
        throw new AssertionError("no LogicProvider named secgroups on the class path");
    }

    @Test
    void shouldLoadTheGroupsFileAndAnswerCtlCommands() throws Exception
    {
        final Path file = dir.resolve("groups.txt");
        Files.writeString(file, """
            # web servers accept 8080 from the clients
            secgroup create web
            create clients
            secgroup rule-add web --direction ingress --protocol tcp --port-range 8080 --remote-group clients
            secgroup rule-add clients --direction egress   # anything out
            secgroup member-add web --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.1
            """);
        final SwitchLogic logic = provider().create(new LogicSettings("secgroups", Map.of("groups", file.toString(),
            "zone", "7")));
        try
        {
            assertEquals("secgroups", logic.name());
            final LogicControl control = (LogicControl)logic;
            assertEquals("group web: 1 rule(s), 1 member(s)\n"
                + "  rule 1: ingress IPv4 tcp 8080 remote-group clients\n"
                + "  member p1: mac 02:00:00:00:00:01 ip 10.0.0.1", control.command("secgroup", List.of("show", "web"),
                false));
            assertEquals("3", control.command("secgroup", List.of("rule-add", "web", "--direction", "egress"), false));
            assertTrue(control.commands().containsAll(List.of("secgroup", "dump-conntrack", "flush-conntrack")));
            assertEquals(2L, control.counters().get("groups"));
            assertEquals(7, ((SecurityGroupsLogic)logic).zone());
            assertEquals("flushed 0 connection(s)", control.command("flush-conntrack", List.of(), false));
            assertEquals("{\"connections\":[]}", control.command("dump-conntrack", List.of("--zone", "7"), true));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> control.command("dump-conntrack", List.of("--zone", "70000"), false));
            assertEquals("--zone must be in 0..65535, got '70000'", ex.getMessage());
        }
        finally
        {
            logic.stop();
        }
    }

    @Test
    void shouldNameTheFileAndLineOfABadCommand() throws Exception
    {
        final Path file = dir.resolve("bad.txt");
        Files.writeString(file, "secgroup create web\n\nsecgroup rule-add web --direction upward\n");
        final LogicSettings.InvalidSetting ex = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider().create(new LogicSettings("secgroups", Map.of("groups", file.toString()))));
        assertEquals(file + ":3: --direction must be ingress or egress, got 'upward'", ex.getMessage());
        assertEquals("groups", ex.key());
    }

    @Test
    void shouldRefuseUnknownSettingsAndMissingFiles()
    {
        final LogicSettings.InvalidSetting unknown = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider().create(new LogicSettings("secgroups", Map.of("group", "x"))));
        assertEquals("unknown setting 'group' for logic secgroups (known: groups, zone, conntrack-limit, "
            + "mac-table-limit)", unknown.getMessage());
        final Path missing = dir.resolve("missing.txt");
        final LogicSettings.InvalidSetting absent = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider().create(new LogicSettings("secgroups", Map.of("groups", missing.toString()))));
        assertTrue(absent.getMessage().startsWith("setting 'groups' of logic secgroups: cannot read " + missing),
            absent.getMessage());
    }
}
