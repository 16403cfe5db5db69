package net.vswitch.examples.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.vswitchd.config.ConfigLoader;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.daemon.Daemon;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Json;
import net.vswitch.vswitchd.util.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example module plugs into the unchanged daemon: found by name, its command and counter over ctl. */
class HubModuleThroughDaemonTest
{
    @TempDir
    Path dir;

    private static String ok(final Path ctl, final String... words) throws IOException
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertTrue(answer.ok(), () -> String.join(" ", words) + " failed: " + answer.body());
        return answer.body();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerItsCommandAndShowItsCounterThroughTheDaemon() throws Exception
    {
        final Path ctl = dir.resolve("vsd.ctl");
        final RunFlags flags = RunFlags.none().withPorts(List.of("virtual:a", "virtual:b", "virtual:c"))
            .withLogic("hub").withCtl(ctl);
        final LogicRegistry registry = LogicRegistry.load();
        final ConfigLoader loader = new ConfigLoader(registry);
        try (Daemon daemon = Daemon.start(() -> loader.load(flags), registry, Log.system(Log.Level.WARN)))
        {
            final VirtualPort a = (VirtualPort)daemon.switchNamed("br0").port("a").port();
            a.send(new byte[60]);
            a.send(new byte[60]);

            assertEquals("flooded 2 frame(s)\n", ok(ctl, "hub-stats"));
            assertEquals(Map.of("flooded", 2L), Json.parse(ok(ctl, "hub-stats", "--json")));
            final Map<String, Object> stats = (Map<String, Object>)Json.parse(ok(ctl, "stats", "--json"));
            final Map<String, Object> sw = ((List<Map<String, Object>>)stats.get("switches")).get(0);
            assertEquals("hub", sw.get("logic"));
            assertEquals(Map.of("flooded", 2L), sw.get("logic_counters"));
            final String help = ok(ctl, "help");
            assertTrue(help.matches("(?s).*\\nhub-stats \\.\\.\\. +answered by logic hub of switch br0\\n.*"), help);

            final CtlClient.Answer wrong = CtlClient.call(ctl, "hub-stats", "now");
            assertFalse(wrong.ok());
            assertEquals("hub-stats takes no arguments, got now\n", wrong.body());
            assertEquals(2, ((VirtualPort)daemon.switchNamed("br0").port("b").port()).available(),
                "the hub flooded both frames to b");
        }
    }
}
