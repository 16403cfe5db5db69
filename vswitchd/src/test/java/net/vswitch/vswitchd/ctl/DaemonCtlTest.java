package net.vswitch.vswitchd.ctl;

import static net.vswitch.vswitchd.daemon.TestDaemons.broadcast;
import static net.vswitch.vswitchd.daemon.TestDaemons.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.daemon.TestDaemons;
import net.vswitch.vswitchd.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonCtlTest
{
    @TempDir
    Path dir;

    private static CtlClient.Answer ok(final Path ctl, final String... words) throws IOException
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertTrue(answer.ok(), () -> String.join(" ", words) + " failed: " + answer.body());
        return answer;
    }

    private static String error(final Path ctl, final String... words) throws IOException
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertFalse(answer.ok(), () -> String.join(" ", words) + " should fail but said: " + answer.body());
        return answer.body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final CtlClient.Answer answer)
    {
        return (Map<String, Object>)Json.parse(answer.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstSwitch(final Map<String, Object> stats)
    {
        return ((List<Map<String, Object>>)stats.get("switches")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ports(final Map<String, Object> sw)
    {
        return (List<Map<String, Object>>)sw.get("ports");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> drops(final Map<String, Object> holder)
    {
        return (Map<String, Object>)holder.get("drops");
    }

    @Test
    void ofportNumbersAreNeverReusedAfterDelPort() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none()))
        {
            final Path ctl = running.ctl();
            ok(ctl, "add-port", "virtual:a");
            ok(ctl, "add-port", "virtual:b");
            ok(ctl, "del-port", "a");
            assertEquals("added port c to switch br0 (index 0, ofport 3)\n", ok(ctl, "add-port", "virtual:c").body());
            final List<Map<String, Object>> ports = ports(firstSwitch(json(ok(ctl, "show", "--json"))));
            assertEquals(List.of(List.of("c", 0L, 3L), List.of("b", 1L, 2L)),
                ports.stream().map(p -> List.of(p.get("name"), p.get("index"), p.get("ofport"))).toList());
        }
    }

    @Test
    void shouldAddPortCarryTrafficShowCountersAndRemovePort() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none()))
        {
            final Path ctl = running.ctl();
            assertEquals("added port vm1 to switch br0 (index 0, ofport 1)\n", ok(ctl, "add-port", "virtual:vm1").body());
            assertEquals("{\"switch\":\"br0\",\"port\":\"vm2\",\"index\":1,\"ofport\":2,\"spec\":\"virtual:vm2\"}\n",
                ok(ctl, "add-port", "virtual:vm2", "--json").body());
            final VirtualPort vm1 = running.virtualPort("br0", "vm1");
            final VirtualPort vm2 = running.virtualPort("br0", "vm2");

            vm2.send(broadcast(2)); // the bridge learns vm2's MAC; the flood reaches vm1
            for (int i = 0; i < 3; i++)
            {
                vm1.send(frame(2, 1));
            }
            final PacketBatch batch = new PacketBatch(16);
            assertEquals(3, vm2.receive(batch));
            assertEquals(60, batch.packet(0).length());
            vm2.release();

            final Map<String, Object> sw = firstSwitch(json(ok(ctl, "stats", "--json")));
            assertEquals("br0", sw.get("name"));
            assertEquals("bridge", sw.get("logic"));
            final Map<String, Object> p1 = ports(sw).get(0);
            final Map<String, Object> p2 = ports(sw).get(1);
            assertEquals(List.of("vm1", 0L, 1L, "virtual:vm1", 3L, 180L, 1L, 60L),
                List.of(p1.get("name"), p1.get("index"), p1.get("ofport"), p1.get("spec"), p1.get("rx_packets"),
                    p1.get("rx_bytes"), p1.get("tx_packets"), p1.get("tx_bytes")));
            assertEquals(List.of("vm2", 1L, 2L, "virtual:vm2", 1L, 60L, 3L, 180L),
                List.of(p2.get("name"), p2.get("index"), p2.get("ofport"), p2.get("spec"), p2.get("rx_packets"),
                    p2.get("rx_bytes"), p2.get("tx_packets"), p2.get("tx_bytes")));
            for (final DropReason reason : DropReason.values())
            {
                assertEquals(0L, drops(p1).get(reason.label()), reason.label());
                assertEquals(0L, drops(sw).get(reason.label()), reason.label());
            }

            final Map<String, Object> fdb = json(ok(ctl, "fdb", "show", "--json"));
            assertEquals(List.of(Map.of("port", "vm1", "index", 0L, "vlan", -1L, "mac", "02:00:00:00:00:01", "age", 0L),
                Map.of("port", "vm2", "index", 1L, "vlan", -1L, "mac", "02:00:00:00:00:02", "age", 0L)),
                fdb.get("entries"));
            assertEquals("""
                PORT  VLAN  MAC                AGE
                vm1   -     02:00:00:00:00:01    0
                vm2   -     02:00:00:00:00:02    0
                2 of at most 8192 entries, aging 300 s
                """, ok(ctl, "fdb", "show").body());

            assertEquals("removed port vm1 from switch br0 (rx 3 packets, tx 1 packets)\n",
                ok(ctl, "del-port", "vm1").body());
            final Map<String, Object> after = firstSwitch(json(ok(ctl, "show", "--json")));
            assertEquals(List.of("vm2"), ports(after).stream().map(p -> p.get("name")).toList());
            assertEquals(4L, after.get("rx_packets"), "switch totals keep removed ports' counters");
            assertEquals("switch br0 has no port named 'vm1' (ports: vm2)\n", error(ctl, "del-port", "vm1"));
        }
    }

    @Test
    void shouldPrintTheContractJsonShape() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withPorts(List.of("virtual:a"))))
        {
            for (final String command : List.of("show", "stats"))
            {
                final Map<String, Object> root = json(ok(running.ctl(), command, "--json"));
                assertEquals(Set.of("switches"), root.keySet());
                final Map<String, Object> sw = firstSwitch(root);
                assertTrue(sw.keySet().containsAll(Set.of("name", "logic", "ports", "drops")), sw.keySet()::toString);
                final Map<String, Object> port = ports(sw).get(0);
                assertTrue(port.keySet().containsAll(Set.of("name", "index", "ofport", "spec", "rx_packets",
                    "rx_bytes", "tx_packets", "tx_bytes", "drops")), port.keySet()::toString);
                assertEquals(DropReason.count(), drops(port).size());
            }
            assertEquals("""
                switch br0: logic bridge, 1 port
                  PORT  INDEX  OFPORT  SPEC       RX_PACKETS  RX_BYTES  TX_PACKETS  TX_BYTES  DROPS
                  a         0       1  virtual:a           0         0           0         0      0
                """, ok(running.ctl(), "show").body());
        }
    }

    @Test
    void shouldAnswerErrorsNamingTheProblem() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withPorts(List.of("virtual:a"))))
        {
            final Path ctl = running.ctl();
            assertEquals("unknown command 'shwo'; commands: add-port, capture, del-port, help, logics, reload,"
                + " set-logic, show, stats; logic bridge of switch br0 answers: fdb (try: help)\n",
                error(ctl, "shwo"));
            assertEquals("switch br0 already has a port named a\n", error(ctl, "add-port", "virtual:a"));
            assertEquals("port spec 'virtual' must look like KIND:VALUE[,key=value...] with KIND one of virtual,"
                + " shm, afpacket, tap, pcap-in, pcap-out, dpdk\n", error(ctl, "add-port", "virtual"));
            assertEquals("missing argument; usage: add-port [--switch NAME] SPEC\n", error(ctl, "add-port"));
            assertEquals("unknown option --force; usage: del-port [--switch NAME] PORT\n",
                error(ctl, "del-port", "--force"));
            assertEquals("no switch named 'br9' (switches: br0)\n", error(ctl, "show", "--switch", "br9"));
            assertEquals("unknown command 'dump-flows'; commands: add-port, capture, del-port, help, logics, reload,"
                + " set-logic, show, stats; logic bridge of switch br0 answers: fdb (try: help)\n",
                error(ctl, "dump-flows"));
            assertEquals("unknown fdb subcommand 'shwo'; usage: fdb show [--switch NAME] [--json]\n",
                error(ctl, "fdb", "shwo"));
            assertEquals("switch br0 has no port named 'b'\n", error(ctl, "capture", "b", "/tmp/x.pcap"));
            assertEquals("capture FILE must be an absolute path (the daemon does not know your working directory):"
                + " x.pcap\n", error(ctl, "capture", "a", "x.pcap"));
            assertEquals("port a of switch br0 is not being captured\n", error(ctl, "capture", "--stop", "a"));
            assertEquals("unknown setting 'agin' for logic bridge (known: aging, table-limit)\n",
                error(ctl, "set-logic", "bridge", "agin=5"));
            assertEquals("--interval and --count need --watch; usage: stats [--switch NAME] [--json] [--watch"
                + " [--interval SECONDS] [--count N]]\n", error(ctl, "stats", "--count", "2"));
            assertEquals("bridge", running.daemon().switchNamed("br0").logicName(), "failed set-logic changes nothing");
        }
    }

    @Test
    void shouldSwapLogicAndLetTheLogicAnswerItsCommands() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir,
            RunFlags.none().withPorts(List.of("virtual:a", "virtual:b"))))
        {
            final Path ctl = running.ctl();
            assertEquals("switch br0: logic bridge -> test-echo {label=hi}\n",
                ok(ctl, "set-logic", "test-echo", "label=hi").body());
            assertEquals("hi: no flows\n", ok(ctl, "dump-flows").body());
            assertEquals("{\"label\":\"hi\",\"flows\":[]}\n", ok(ctl, "dump-flows", "--json").body());
            assertEquals("dump-flows takes no arguments, got [x]\n", error(ctl, "dump-flows", "x"));
            running.virtualPort("br0", "a").send(frame(2, 1));
            final Map<String, Object> sw = firstSwitch(json(ok(ctl, "stats", "--json")));
            assertEquals("test-echo", sw.get("logic"));
            assertEquals(Map.of("lookups", 1L), sw.get("logic_counters"));
            assertEquals(Map.of("label", "hi"), sw.get("settings"));
            assertEquals("unknown command 'fdb'; commands: add-port, capture, del-port, help, logics, reload,"
                + " set-logic, show, stats; logic test-echo of switch br0 answers: dump-flows (try: help)\n",
                error(ctl, "fdb", "show"));
            ok(ctl, "set-logic", "static");
            assertEquals("static", firstSwitch(json(ok(ctl, "show", "--json"))).get("logic"));

            // the echo module builds JSON by concatenation: a quote in its label breaks it, and the daemon says so
            ok(ctl, "set-logic", "test-echo", "label=a\"b");
            assertEquals("a\"b: no flows\n", ok(ctl, "dump-flows").body());
            assertTrue(error(ctl, "dump-flows", "--json").startsWith("logic test-echo answered 'dump-flows --json'"
                + " with invalid JSON (bad JSON: "), "a module's broken JSON is refused, naming the module");
        }
    }

    @Test
    void shouldCaptureAPortIntoAPcapFileUntilStopped() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir,
            RunFlags.none().withPorts(List.of("virtual:vm1", "virtual:vm2"))))
        {
            final Path ctl = running.ctl();
            final Path file = dir.resolve("vsd-vm2.pcap");
            assertEquals("capturing port vm2 of switch br0 to " + file + " (stop with: capture --stop vm2)\n",
                ok(ctl, "capture", "vm2", file.toString()).body());
            assertEquals("port vm2 is already being captured to " + file + " (stop with: capture --stop vm2)\n",
                error(ctl, "capture", "vm2", file.toString()));
            final VirtualPort vm1 = running.virtualPort("br0", "vm1");
            final VirtualPort vm2 = running.virtualPort("br0", "vm2");
            vm2.send(broadcast(2)); // sent by vm2: captured
            vm1.send(frame(2, 1)); // delivered to vm2: captured
            vm1.send(frame(2, 1));
            assertEquals("stopped capture of port vm2: 3 frames written to " + file + "\n",
                ok(ctl, "capture", "--stop", "vm2").body());
            final byte[] pcap = Files.readAllBytes(file);
            assertEquals(24 + 3 * (16 + 60), pcap.length, "pcap header + 3 records of 60-byte frames");
            assertEquals(List.of("vm1", "vm2"), ports(firstSwitch(json(ok(ctl, "show", "--json")))).stream()
                .map(p -> p.get("name")).toList(), "capturing changes nothing in the switch");

            ok(ctl, "capture", "vm1", dir.resolve("vsd-vm1.pcap").toString());
            ok(ctl, "del-port", "vm1");
            assertTrue(running.log().contains("event=capture_stopped switch=br0 port=vm1"), "removing a port ends"
                + " its capture: " + running.log());
        }
    }

    @Test
    void shouldStreamStatsWhenWatching() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withPorts(List.of("virtual:a"))))
        {
            final String body = ok(running.ctl(), "stats", "--watch", "--interval", "0.01", "--count", "3", "--json")
                .body();
            final String[] lines = body.split("\n");
            assertEquals(3, lines.length);
            for (final String line : lines)
            {
                assertEquals("a", ports(firstSwitch(json(new CtlClient.Answer(true, line)))).get(0).get("name"));
            }
        }
    }

    @Test
    void shouldRefuseASecondDaemonOnTheSameSocket() throws Exception
    {
        try (TestDaemons.Running first = TestDaemons.start(dir, RunFlags.none()))
        {
            final Exception ex = org.junit.jupiter.api.Assertions.assertThrows(
                net.vswitch.vswitchd.daemon.DaemonException.class, () -> TestDaemons.start(dir, RunFlags.none()));
            final Path ctl = first.ctl();
            assertEquals("another vswitch daemon (pid " + ProcessHandle.current().pid() + ") owns the control socket "
                + ctl + " (lock file " + ctl + ".pid); stop it first or give this one another --ctl PATH",
                ex.getMessage());
            assertTrue(ok(ctl, "show").body().startsWith("switch br0"), "the first daemon still answers");
            assertTrue(Files.exists(Path.of(ctl + ".pid")));
        }
    }

    @Test
    void shouldReplaceASocketLeftByADeadDaemonAndCleanUpOnClose() throws Exception
    {
        final Path ctl = dir.resolve("vsd.ctl");
        try (var leftover = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX))
        {
            leftover.bind(java.net.UnixDomainSocketAddress.of(ctl));
        }
        assertTrue(Files.exists(ctl));
        final TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withPorts(List.of("virtual:a")));
        ok(ctl, "show");
        running.close();
        assertFalse(Files.exists(ctl), "socket removed");
        assertFalse(Files.exists(Path.of(ctl + ".pid")), "pid file removed");
        assertTrue(running.log().contains("event=stale_socket_removed"), running.log());
        assertTrue(running.log().contains("event=port_counters switch=br0 port=a rx_packets=0"), running.log());
    }

    @Test
    void shouldReloadTheConfigFile() throws Exception
    {
        final Path file = dir.resolve("vswitch.yaml");
        Files.writeString(file, """
            switches:
              - name: br0
                ports: [virtual:a]
            """);
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withConfig(file)))
        {
            final Path ctl = running.ctl();
            ok(ctl, "add-port", "virtual:c");
            Files.writeString(file, """
                switches:
                  - name: br0
                    settings: {aging: 60}
                    ports: [virtual:b]
                  - name: br1
                    logic: hash-ip
                """);
            assertEquals("""
                reloaded:
                  switch br0: logic bridge {aging=60}
                  switch br0: removed port a
                  switch br0: added port b
                  added switch br1
                """, ok(ctl, "reload").body());
            assertEquals(List.of("b", "c"), ports(firstSwitch(json(ok(ctl, "show", "--switch", "br0", "--json"))))
                .stream().map(p -> p.get("name")).toList(), "ports added with ctl stay; b took the free index 0");
            assertEquals("hash-ip", running.daemon().switchNamed("br1").logicName());
            assertEquals("reloaded: nothing changed\n", ok(ctl, "reload").body());

            Files.writeString(file, "switches:\n  - nmae: br0\n");
            assertEquals("reload failed: " + file + ":2: unknown key 'nmae' in a switch (known: name, logic,"
                + " settings, max-ports, max-batch, ports)\n", error(ctl, "reload"));
            assertEquals(2, running.daemon().switches().all().size(), "a bad file changes nothing");
            assertEquals("the daemon runs several switches (br0, br1): name one with --switch NAME\n",
                error(ctl, "add-port", "virtual:d"));
        }
    }
}
