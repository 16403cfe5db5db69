package net.vswitch.vswitchd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.vswitch.ports.PortSpec;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest
{
    private final ConfigLoader loader = new ConfigLoader(LogicRegistry.load());

    @TempDir
    Path dir;

    private Path file(final String text) throws IOException
    {
        return Files.writeString(dir.resolve("vswitch.yaml"), text);
    }

    private String error(final String text) throws IOException
    {
        final Path file = file(text);
        return assertThrows(ConfigException.class, () -> loader.load(RunFlags.none().withConfig(file)))
            .getMessage().replace(file.toString(), "F");
    }

    @Test
    void shouldLoadTheDocumentedExample() throws Exception
    {
        final Path example = Path.of("examples/vswitch.yaml");
        final DaemonConfig config = loader.load(RunFlags.none().withConfig(example));
        assertEquals(Path.of("/tmp/vswitch.ctl"), config.ctl());
        assertEquals("127.0.0.1:9100", config.metrics());
        assertEquals(Log.Level.INFO, config.logLevel());
        assertEquals(2, config.switches().size());
        final SwitchDefinition br0 = config.switches().get(0);
        assertEquals("br0", br0.name());
        assertEquals("bridge", br0.logic());
        assertEquals(Map.of("aging", "300", "table-limit", "8192"), br0.settings());
        assertEquals(List.of(new PortSpec.Virtual("vm1"), new PortSpec.Virtual("vm2")),
            br0.ports().stream().map(PortDefinition::spec).toList());
        assertEquals("examples/vswitch.yaml:38", br0.ports().get(0).where());
        final SwitchDefinition lab = config.switches().get(1);
        assertEquals("static", lab.logic());
        assertEquals(List.of("east", "west"), lab.ports().stream().map(p -> p.spec().name()).toList());
    }

    @Test
    void shouldDefaultToOneBridgeWithoutFile() throws Exception
    {
        final DaemonConfig config = loader.load(RunFlags.none().withCtl(dir.resolve("vsd.ctl")));
        assertEquals(1, config.switches().size());
        assertEquals("br0", config.switches().get(0).name());
        assertEquals("bridge", config.switches().get(0).logic());
        assertEquals(dir.resolve("vsd.ctl"), config.ctl());
        assertEquals(null, config.metrics());
    }

    @Test
    void shouldLetFlagsAddAndOverride() throws Exception
    {
        final Path file = file("""
            ctl: /tmp/from-file.ctl
            metrics: 127.0.0.1:9100
            openflow: ptcp:6653
            switches:
              - name: a
                logic: bridge
                settings: {aging: 30}
                ports: [virtual:p1]
              - name: b
            """);
        final RunFlags flags = new RunFlags(file, List.of("virtual:p2"), "static", dir.resolve("vsd.ctl"),
            "127.0.0.1:0", List.of("tcp:10.0.0.1:6653"), "--no-huge", "debug");
        final DaemonConfig config = loader.load(flags);
        assertEquals(dir.resolve("vsd.ctl"), config.ctl());
        assertEquals("127.0.0.1:0", config.metrics());
        assertEquals(List.of("ptcp:6653", "tcp:10.0.0.1:6653"), config.openflow());
        assertEquals("--no-huge", config.dpdkEal());
        assertEquals(Log.Level.DEBUG, config.logLevel());
        final SwitchDefinition a = config.switches().get(0);
        assertEquals("static", a.logic());
        assertEquals(Map.of(), a.settings(), "bridge settings do not apply to static");
        assertEquals(List.of("p1", "p2"), a.ports().stream().map(p -> p.spec().name()).toList());
        assertEquals("--port virtual:p2", a.ports().get(1).where());
        assertEquals("bridge", config.switches().get(1).logic());
    }

    @Test
    void shouldPassPortOptionsThroughToTheSpec() throws Exception
    {
        final Path file = file("""
            switches:
              - ports:
                  - spec: pcap-in:/tmp/t.pcap
                    rate: 1000
                    loop: 0
                  - spec: dpdk:net_null0
                    size: 64
            """);
        final List<PortDefinition> ports = loader.load(RunFlags.none().withConfig(file)).switches().get(0).ports();
        assertEquals(new PortSpec.PcapIn(Path.of("/tmp/t.pcap"), 1000, 0, "t.pcap"), ports.get(0).spec());
        assertEquals(new PortSpec.Dpdk("net_null0,size=64", "net_null0"), ports.get(1).spec());
    }

    @Test
    void shouldRejectUnknownTopLevelKey() throws Exception
    {
        assertEquals("F:2: unknown key 'metric' at the top level (known: ctl, metrics, log-level, openflow,"
            + " dpdk-eal, switches)", error("""
            ctl: /tmp/x.ctl
            metric: 127.0.0.1:9100
            """));
    }

    @Test
    void shouldRejectUnknownSwitchKey() throws Exception
    {
        assertEquals("F:3: unknown key 'port' in a switch (known: name, logic, settings, max-ports, max-batch,"
            + " ports)", error("""
            switches:
              - name: br0
                port: [virtual:a]
            """));
    }

    @Test
    void shouldRejectUnknownLogicSettingAtItsLine() throws Exception
    {
        assertEquals("F:5: unknown setting 'agin' for logic bridge (known: aging, table-limit)", error("""
            switches:
              - name: br0
                settings:
                  aging: 10
                  agin: 20
            """));
    }

    @Test
    void shouldRejectBadSettingValue() throws Exception
    {
        assertEquals("F:4: setting 'aging' of logic bridge must be in 1..1000000, got 0", error("""
            switches:
              - logic: bridge
                settings:
                  aging: 0
            """));
    }

    @Test
    void shouldRejectUnknownLogic() throws Exception
    {
        assertEquals("F:3: unknown logic 'brdige'; " + LogicRegistry.load().known(), error("""
            switches:
              - name: br0
                logic: brdige
            """));
    }

    @Test
    void shouldRejectBadNumbers() throws Exception
    {
        assertEquals("F:3: 'max-ports' must be an integer, got 'lots'", error("""
            switches:
              - name: br0
                max-ports: lots
            """));
        assertEquals("F:2: 'max-batch' must be in 1..65536, got 0", error("""
            switches:
              - max-batch: 0
            """));
    }

    @Test
    void shouldRejectBadPortSpecAtItsLine() throws Exception
    {
        assertEquals("F:4: port spec 'virtaul:vm2': unknown kind 'virtaul' (expected virtual, shm, afpacket, tap,"
            + " pcap-in, pcap-out or dpdk)", error("""
            switches:
              - ports:
                  - virtual:vm1
                  - virtaul:vm2
            """));
        assertEquals("F:3: port spec 'pcap-in:t.pcap,rate=fast': rate must be a non-negative integer, got 'fast'",
            error("""
            switches:
              - ports:
                  - spec: pcap-in:t.pcap
                    rate: fast
            """));
    }

    @Test
    void shouldRejectDuplicatePortNames() throws Exception
    {
        assertEquals("F:4: switch br0 already has a port named 'vm1' (F:3)", error("""
            switches:
              - ports:
                  - virtual:vm1
                  - virtual:x,name=vm1
            """));
    }

    @Test
    void shouldRejectDuplicateKeysAndSwitches() throws Exception
    {
        assertEquals("F:2: duplicate key 'ctl' in the config file (first at line 1)", error("""
            ctl: /tmp/a.ctl
            ctl: /tmp/b.ctl
            """));
        assertEquals("F:3: switch 'br0' is defined twice (first at F:2)", error("""
            switches:
              - name: br0
              - name: br0
            """));
    }

    @Test
    void shouldRejectWrongShapes() throws Exception
    {
        assertEquals("F:1: 'switches' must be a list ('- item' lines or [a, b])", error("switches: br0\n"));
        assertEquals("F:1: 'ctl' needs a value", error("ctl:\n"));
        assertEquals("F:1: the config file must be a mapping of key: value lines", error("- a\n- b\n"));
        assertEquals("F:2: 'metrics' must be a single value, not a list or mapping", error("""
            metrics:
              - 127.0.0.1:9100
            """));
    }

    @Test
    void shouldRejectBadValuesOfTopLevelKeys() throws Exception
    {
        assertEquals("F:1: log level must be debug, info, warn or error, got 'loud'", error("log-level: loud\n"));
        assertEquals("F:1: metrics address 'localhost:http' must look like ADDR:PORT, e.g. 127.0.0.1:9100",
            error("metrics: localhost:http\n"));
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithLine() throws Exception
    {
        final String message = error("""
            switches:
              - name: br0
                logic: [bridge
            """);
        assertEquals("F:4: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow"
            + " sequence)", message);
    }

    @Test
    void shouldNameMissingFile()
    {
        final Path missing = dir.resolve("missing.yaml");
        assertEquals(missing + ": cannot read config file: no such file", assertThrows(ConfigException.class,
            () -> loader.load(RunFlags.none().withConfig(missing))).getMessage());
    }

    @Test
    void shouldNameTheBadFlag()
    {
        assertEquals("--metrics: metrics port must be in 0..65535, got 70000", assertThrows(ConfigException.class,
            () -> loader.load(RunFlags.none().withMetrics("127.0.0.1:70000"))).getMessage());
        assertEquals("--port bogus: port spec 'bogus' must look like KIND:VALUE[,key=value...] with KIND one of"
            + " virtual, shm, afpacket, tap, pcap-in, pcap-out, dpdk", assertThrows(ConfigException.class,
            () -> loader.load(RunFlags.none().withPorts(List.of("bogus")))).getMessage());
        assertEquals("--logic: unknown logic 'x'; " + LogicRegistry.load().known(), assertThrows(ConfigException.class,
            () -> loader.load(RunFlags.none().withLogic("x"))).getMessage());
        final Path longPath = dir.resolve("x".repeat(120) + ".ctl");
        assertEquals("--ctl: ctl socket path " + longPath + " is " + longPath.toString().length()
            + " bytes long; Unix sockets allow at most 107", assertThrows(ConfigException.class,
            () -> loader.load(RunFlags.none().withCtl(longPath))).getMessage());
    }
}
