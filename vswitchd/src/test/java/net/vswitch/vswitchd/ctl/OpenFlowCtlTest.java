package net.vswitch.vswitchd.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.PacketBatch;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.vswitchd.Main;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.daemon.TestDaemons;
import net.vswitch.vswitchd.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --logic openflow} driven through the real {@code vswitch ctl} command line: flows added, dumped (text and
 * JSON), followed by traffic between virtual ports with their counters rising, deleted; a bad flow exits non-zero
 * with the parser's message and changes nothing.
 */
class OpenFlowCtlTest
{
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String ok(final Path ctl, final String... words)
    {
        final String[] args = new String[words.length + 3];
        args[0] = "ctl";
        args[1] = "--ctl";
        args[2] = ctl.toString();
        System.arraycopy(words, 0, args, 3, words.length);
        final Run r = run(args);
        assertEquals(0, r.status(), String.join(" ", words) + ": " + r.err());
        return r.out();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> flows(final Path ctl)
    {
        return (List<Map<String, Object>>)((Map<String, Object>)Json.parse(ok(ctl, "dump-flows", "--json")))
            .get("flows");
    }

    private static int receive(final VirtualPort port, final int want) throws InterruptedException
    {
        final PacketBatch batch = new PacketBatch(16);
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        int got = 0;
        while (got < want && System.currentTimeMillis() < deadline)
        {
            final int n = port.receive(batch, 100, TimeUnit.MILLISECONDS);
            for (int i = 0; i < n; i++)
            {
                assertEquals(60, batch.packet(i).length());
            }
            if (n > 0)
            {
                port.release();
            }
            got += n;
        }
        return got;
    }

    @Test
    void shouldForwardByTheFlowsAddedDumpedAndDeletedThroughCtl() throws Exception
    {
        final RunFlags flags = RunFlags.none().withLogic("openflow").withPorts(List.of("virtual:a", "virtual:b",
            "virtual:c"));
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            final Path ctl = running.ctl();
            assertEquals("", ok(ctl, "add-flow", "priority=100,in_port=1 actions=output:2"));
            final Path file = dir.resolve("flows.txt");
            Files.writeString(file, "# from c\npriority=50,in_port=3 actions=output:1\n\n"
                + "table=1,priority=1 actions=drop\n");
            assertEquals("added 2 flows\n", ok(ctl, "add-flows", file.toString()));
            final String dump = ok(ctl, "dump-flows");
            assertTrue(dump.contains("table=0, n_packets=0, n_bytes=0, priority=100,in_port=1 actions=output:2"), dump);
            assertEquals(3, dump.lines().count(), dump);

            final VirtualPort a = running.virtualPort("br0", "a");
            final VirtualPort b = running.virtualPort("br0", "b");
            final VirtualPort c = running.virtualPort("br0", "c");
            for (int i = 0; i < 3; i++)
            {
                a.send(TestDaemons.frame(2, 1));
            }
            assertEquals(3, receive(b, 3), "in_port=1 goes out of port 2");
            c.send(TestDaemons.frame(1, 3));
            assertEquals(1, receive(a, 1), "in_port=3 goes out of port 1");

            final Map<String, Object> first = flows(ctl).stream().filter(f -> f.get("priority").equals(100L))
                .findFirst().orElseThrow();
            assertEquals(List.of(0L, "in_port=1", "output:2", 3L, 180L), List.of(first.get("table"),
                first.get("match"), first.get("actions"), first.get("n_packets"), first.get("n_bytes")));
            assertTrue(ok(ctl, "dump-flows", "in_port=3").contains("n_packets=1, n_bytes=60,"));
            assertTrue(ok(ctl, "dump-tables").contains("0: active=2"));

            assertEquals("modified 1 flow\n", ok(ctl, "mod-flows", "in_port=1 actions=output:3"));
            a.send(TestDaemons.frame(2, 1));
            assertEquals(1, receive(c, 1), "the modified flow sends to port 3");

            final Run bad = run("ctl", "--ctl", ctl.toString(), "add-flow", "in_port=1", "actions=frobnicate:2");
            assertEquals(1, bad.status());
            assertEquals("", bad.out());
            assertTrue(bad.err().startsWith("vswitch ctl: ") && bad.err().contains("frobnicate"), bad.err());
            assertEquals(3, flows(ctl).size(), "a refused flow changes nothing");

            assertEquals("deleted 1 flow\n", ok(ctl, "del-flows", "table=1"));
            assertEquals("deleted 2 flows\n", ok(ctl, "del-flows"));
            assertEquals(List.of(), flows(ctl));
            assertEquals("", ok(ctl, "dump-flows"));
        }
    }

    @Test
    void shouldKeepTheTablesWhenTheSameLogicIsSetOrReloadedAndLoseThemAcrossAnother() throws Exception
    {
        final Path config = dir.resolve("vswitch.yaml");
        Files.writeString(config, """
            switches:
              - name: br0
                logic: openflow
                ports: [virtual:a, virtual:b]
            """);
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withConfig(config)))
        {
            final Path ctl = running.ctl();
            ok(ctl, "add-flow", "priority=100,in_port=1 actions=output:2");
            final String flow = "priority=100,in_port=1 actions=output:2";

            assertEquals("switch br0: logic openflow -> openflow\n", ok(ctl, "set-logic", "openflow"));
            assertTrue(ok(ctl, "dump-flows").contains(flow), "set-logic of the same logic keeps the tables");
            running.virtualPort("br0", "a").send(TestDaemons.frame(2, 1));
            assertEquals(1, receive(running.virtualPort("br0", "b"), 1), "the carried flow forwards");

            assertEquals("reloaded: nothing changed\n", ok(ctl, "reload"));
            Files.writeString(config, """
                switches:
                  - name: br0
                    logic: openflow
                    settings: {megaflow-limit: 1000}
                    ports: [virtual:a, virtual:b]
                """);
            assertTrue(ok(ctl, "reload").contains("switch br0: logic openflow {megaflow-limit=1000}"));
            assertEquals(1, flows(ctl).size(), "a reload into the same logic with new settings keeps the tables");
            assertTrue(ok(ctl, "dump-flows").contains(flow));

            ok(ctl, "set-logic", "bridge");
            ok(ctl, "set-logic", "openflow");
            assertEquals(List.of(), flows(ctl), "a different logic in between loses the tables");
        }
    }
}
