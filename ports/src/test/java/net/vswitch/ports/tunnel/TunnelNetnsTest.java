package net.vswitch.ports.tunnel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.afpacket.AfPacketConfig;
import net.vswitch.ports.afpacket.AfPacketPort;
import net.vswitch.ports.linux.HostPair;
import net.vswitch.ports.linux.NetLab;
import net.vswitch.testsupport.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two "hosts" (network namespaces hA, hB) joined by an underlay veth pair; each host's vswitch (two
 * {@link Switch}es in this JVM, their tunnel sockets opened inside hA / hB with {@code netns=}) has a
 * tenant namespace behind an AF_PACKET port. Tenants ping and talk TCP through VXLAN and Geneve over
 * IPv4 and IPv6 underlays; tshark dissects the underlay; and the Linux kernel's own vxlan device is the
 * far end in the interoperability test.
 */
class TunnelNetnsTest
{
    private NetLab lab;
    private String hostA;
    private String hostB;
    private String tenantA;
    private String tenantB;
    private Switch swA;
    private Switch swB;
    private AfPacketPort vmA;
    private AfPacketPort vmB;
    private TunnelPort tunA;
    private TunnelPort tunB;

    @BeforeAll
    static void requireLab()
    {
        NetLab.requirements("tunnel ports between namespaces").tool("tshark", "tshark").assumeMet();
    }

    @BeforeEach
    void setUp()
    {
        lab = NetLab.create();
        hostA = lab.ns("ha");
        hostB = lab.ns("hb");
        tenantA = lab.ns("ta");
        tenantB = lab.ns("tb");
        for (final String ns : new String[] {hostA, hostB, tenantA, tenantB})
        {
            lab.addNamespace(ns);
        }
        NetLab.run("ip", "link", "add", lab.ifname("u0"), "netns", hostA, "type", "veth", "peer", "name",
            lab.ifname("u1"), "netns", hostB);
        lab.offloadsOff(hostA, lab.ifname("u0"));
        lab.offloadsOff(hostB, lab.ifname("u1"));
        lab.configure(hostA, lab.ifname("u0"), "10.197.0.1/24");
        lab.configure(hostB, lab.ifname("u1"), "10.197.0.2/24");
        NetLab.run("ip", "-n", hostA, "addr", "add", "fd97::1/64", "dev", lab.ifname("u0"), "nodad");
        NetLab.run("ip", "-n", hostB, "addr", "add", "fd97::2/64", "dev", lab.ifname("u1"), "nodad");
        lab.addVeth(lab.ifname("a0"), lab.ifname("a1"), tenantA, "10.199.0.1/24");
        NetLab.run("ip", "-n", tenantA, "link", "set", lab.ifname("a1"), "mtu", "1400");
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            if (swB != null)
            {
                swB.close();
            }
            if (vmB != null)
            {
                vmB.close();
            }
            if (tunB != null)
            {
                tunB.close();
            }
        }
        finally
        {
            lab.closeAfter(swA, vmA, tunA);
        }
    }

    private TunnelPort tunnel(final String protocol, final boolean ipv6, final String remote, final String local,
        final String ns)
    {
        final String spec = protocol + ":" + (ipv6 ? "fd97::" : "10.197.0.") + remote + ",local="
            + (ipv6 ? "fd97::" : "10.197.0.") + local + ",vni=42,netns=" + ns + ",name=tun";
        return (TunnelPort)new PortFactory().create(PortSpec.parse(spec));
    }

    private void switchA(final String protocol, final boolean ipv6)
    {
        swA = new Switch("host-a", new StaticLogic());
        vmA = AfPacketPort.open(lab.ifname("a0"), "vmA", AfPacketConfig.defaults());
        tunA = tunnel(protocol, ipv6, "2", "1", hostA);
        swA.attach(vmA);
        swA.attach(tunA);
    }

    @ParameterizedTest(name = "{0} over IPv6 {1}")
    @CsvSource({"vxlan,false", "geneve,false", "vxlan,true", "geneve,true"})
    void tenantsTalkThroughTwoVswitchHosts(final String protocol, final boolean ipv6, @TempDir final Path dir)
        throws Exception
    {
        lab.addVeth(lab.ifname("b0"), lab.ifname("b1"), tenantB, "10.199.0.2/24");
        NetLab.run("ip", "-n", tenantB, "link", "set", lab.ifname("b1"), "mtu", "1400");
        switchA(protocol, ipv6);
        swB = new Switch("host-b", new StaticLogic());
        vmB = AfPacketPort.open(lab.ifname("b0"), "vmB", AfPacketConfig.defaults());
        tunB = tunnel(protocol, ipv6, "1", "2", hostB);
        swB.attach(vmB);
        swB.attach(tunB);
        final HostPair tenants = new HostPair(lab, tenantA, lab.ifname("a1"), "10.199.0.1", tenantB,
            lab.ifname("b1"), "10.199.0.2");
        final Path capture = dir.resolve("underlay.pcap");
        final Process tshark = startCapture(hostB, lab.ifname("u1"), capture);
        tenants.pingBothWays();
        // the capture holds the pings only: random TCP payload sets off tshark's payload heuristics
        stopCapture(tshark);
        tenants.tcpTransfer(2 << 20, dir);
        assertDissected(capture, protocol);
        assertTrue(tunA.encapsulated() > 0 && tunB.decapsulated() > 0);
        assertEquals(0, tunB.counters().ingressDrops(), "tunnel drops at B");
    }

    @Test
    void tenantTalksToTheKernelsVxlanDevice(@TempDir final Path dir) throws Exception
    {
        final String vx = lab.ifname("vx");
        NetLab.run("ip", "-n", hostB, "link", "add", vx, "type", "vxlan", "id", "42", "remote", "10.197.0.1",
            "local", "10.197.0.2", "dstport", "4789", "dev", lab.ifname("u1"));
        lab.configure(hostB, vx, "10.199.0.2/24");
        switchA("vxlan", false);
        final HostPair tenants = new HostPair(lab, tenantA, lab.ifname("a1"), "10.199.0.1", hostB, vx, "10.199.0.2");
        final Path capture = dir.resolve("underlay.pcap");
        final Process tshark = startCapture(hostB, lab.ifname("u1"), capture);
        tenants.pingBothWays();
        stopCapture(tshark);
        tenants.tcpTransfer(1 << 20, dir);
        assertDissected(capture, "vxlan");
    }

    @Test
    void tenantTalksToTheKernelsGeneveDevice(@TempDir final Path dir) throws Exception
    {
        final String gn = lab.ifname("gn");
        final NetLab.Result added = NetLab.runStatus(30, "ip", "-n", hostB, "link", "add", gn, "type", "geneve",
            "id", "42", "remote", "10.197.0.1");
        Requirements.of("kernel Geneve interop").kernelFeature(added.status() == 0,
            "kernel module geneve (modprobe geneve; CONFIG_GENEVE): 'ip link add type geneve' said "
            + added.output().trim()).assumeMet();
        lab.configure(hostB, gn, "10.199.0.2/24");
        switchA("geneve", false);
        final HostPair tenants = new HostPair(lab, tenantA, lab.ifname("a1"), "10.199.0.1", hostB, gn, "10.199.0.2");
        tenants.pingBothWays();
        tenants.tcpTransfer(1 << 20, dir);
    }

    private Process startCapture(final String ns, final String dev, final Path file) throws Exception
    {
        final Process tshark = lab.start(ns, "tshark", "-i", dev, "-w", file.toString(), "-a", "duration:120");
        final BufferedReader out = new BufferedReader(new InputStreamReader(tshark.getInputStream(),
            StandardCharsets.UTF_8));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline)
        {
            if (line.contains("Capturing on"))
            {
                return tshark;
            }
        }
        tshark.destroyForcibly();
        throw new AssertionError("tshark did not start capturing on " + dev + " in " + ns);
    }

    private static void stopCapture(final Process tshark) throws InterruptedException
    {
        tshark.destroy();
        if (!tshark.waitFor(30, TimeUnit.SECONDS))
        {
            tshark.destroyForcibly();
        }
    }

    private static void assertDissected(final Path capture, final String protocol)
    {
        final NetLab.Result fields = NetLab.runStatus(60, "tshark", "-r", capture.toString(), "-Y",
            protocol + " && icmp", "-T", "fields", "-e", protocol + ".vni");
        assertEquals(0, fields.status(), fields.output());
        final List<String> vnis = dissected(fields.output());
        assertTrue(vnis.size() >= 6, "tshark saw " + vnis.size() + " " + protocol + " ICMP packets: "
            + fields.output());
        for (final String vni : vnis)
        {
            assertEquals(42, Integer.decode(vni), fields.output());
        }
        final NetLab.Result bad = NetLab.runStatus(60, "tshark", "-r", capture.toString(), "-Y",
            "_ws.malformed || _ws.expert.severity >= error");
        assertEquals(List.of(), dissected(bad.output()), "tshark found malformed packets");
    }

    /** tshark's output lines, without its warning about running as root. */
    private static List<String> dissected(final String output)
    {
        return output.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("Running as"))
            .toList();
    }
}
