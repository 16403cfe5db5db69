package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.afpacket.AfPacketConfig;
import net.vswitch.ports.afpacket.AfPacketPort;
import net.vswitch.ports.linux.NetLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real kernels on both sides: two network namespaces whose veth links meet in a switch running the
 * security groups on AF_PACKET ports. A TCP server is reachable only when the rules say so; an
 * established iperf3 flow survives unrelated rule changes and stops when its rule is deleted.
 */
class SecurityGroupsEndToEndTest
{
    private static final String PROBE = String.join("\n",
        "import socket, sys",
        "try:",
        "    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()",
        "    print('open')",
        "except OSError as e:",
        "    print('closed', e)",
        "    sys.exit(1)");

    private NetLab lab;
    private Switch sw;
    private SecurityGroups groups;
    private AfPacketPort portA;
    private AfPacketPort portB;
    private String nsA;
    private String nsB;
    private final String ipA = "10.198.0.1";
    private final String ipB = "10.198.0.2";
    private Process server;
    private Process client;

    @BeforeAll
    static void requireRoot()
    {
        NetLab.requirements("security groups end-to-end").tool("iperf3", "iperf3").assumeMet();
    }

    @BeforeEach
    void setUp()
    {
        lab = NetLab.create();
        try
        {
            nsA = lab.ns("a");
            nsB = lab.ns("b");
            lab.addNamespace(nsA);
            lab.addNamespace(nsB);
            lab.addVeth(lab.ifname("h0"), lab.ifname("n0"), nsA, ipA + "/24");
            lab.addVeth(lab.ifname("h1"), lab.ifname("n1"), nsB, ipB + "/24");
            groups = new SecurityGroups();
            groups.create("clients");
            groups.create("servers");
            groups.addMember("clients", "pa", List.of(macText(lab.mac(nsA, lab.ifname("n0")))), List.of(ipA));
            groups.addMember("servers", "pb", List.of(macText(lab.mac(nsB, lab.ifname("n1")))), List.of(ipB));
            sw = new Switch("sg-e2e", new SecurityGroupsLogic(groups, net.vswitch.logic.conntrack.ConntrackConfig
                .defaults(), net.vswitch.fabric.Clock.SYSTEM));
            portA = AfPacketPort.open(lab.ifname("h0"), "pa", AfPacketConfig.defaults());
            sw.attach(portA);
            portB = AfPacketPort.open(lab.ifname("h1"), "pb", AfPacketConfig.defaults());
            sw.attach(portB);
        }
        catch (final RuntimeException ex)
        {
            tearDown();
            throw ex;
        }
    }

    @AfterEach
    void tearDown()
    {
        for (final Process p : new Process[] {client, server})
        {
            if (p != null)
            {
                p.destroyForcibly();
            }
        }
        try
        {
            if (sw != null)
            {
                sw.close();
            }
            for (final AfPacketPort port : new AfPacketPort[] {portA, portB})
            {
                if (port != null)
                {
                    port.close();
                }
            }
        }
        finally
        {
            lab.close();
            assertEquals(List.of(), lab.leftovers(), "namespaces/interfaces left behind");
        }
    }

    private boolean reachable(final int port)
    {
        return lab.exec(nsA, 30, "python3", "-c", PROBE, ipB, Integer.toString(port)).status() == 0;
    }

    /** Waits (up to 20 s) until the server in B accepts on its own address. */
    private void awaitListening(final int port) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lab.exec(nsB, 30, "python3", "-c", PROBE, ipB, Integer.toString(port)).status() != 0)
        {
            assertTrue(System.nanoTime() < deadline, "server on " + port + " in " + nsB + " never listened");
            Thread.sleep(100);
        }
    }

    /** Bytes the switch delivered to B during {@code millis}. */
    private static long growth(final LongSupplier counter, final long millis) throws InterruptedException
    {
        final long before = counter.getAsLong();
        Thread.sleep(millis);
        return counter.getAsLong() - before;
    }

    @Test
    void shouldReachTheServerOnlyWhenBothSidesRulesAllowIt() throws Exception
    {
        server = lab.start(nsB, "python3", "-m", "http.server", "8080", "--bind", ipB);
        awaitListening(8080);
        assertTrue(!reachable(8080), "reachable without rules");
        groups.addRule("clients", RuleSpec.egress().protocol("tcp").portRange(8080, 8080).remoteGroup("servers"));
        assertTrue(!reachable(8080), "reachable with the egress rule only");
        final int ingress = groups.addRule("servers", RuleSpec.ingress().protocol("tcp").portRange(8080, 8080)
            .remoteGroup("clients"));
        assertTrue(reachable(8080), "not reachable with both rules");
        final NetLab.Result page = lab.exec(nsA, 30, "python3", "-c",
            "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1], timeout=5).status)",
            "http://" + ipB + ":8080/");
        assertEquals("200", page.output().trim(), page.output());
        groups.deleteRule("servers", ingress);
        assertTrue(!reachable(8080), "reachable after the ingress rule was deleted");
        assertTrue(portA.counters().drops(DropReason.FILTERED) > 0);
    }

    @Test
    void shouldKeepAnIperfFlowThroughUnrelatedChangesAndStopItWithItsRule() throws Exception
    {
        groups.addRule("clients", RuleSpec.egress().protocol("tcp").portRange(5201, 5201).remoteGroup("servers"));
        final int rule = groups.addRule("servers", RuleSpec.ingress().protocol("tcp").portRange(5201, 5201)
            .remoteGroup("clients"));
        server = lab.start(nsB, "iperf3", "-s", "-1", "-B", ipB, "-p", "5201");
        awaitServer();
        client = lab.start(nsA, "iperf3", "-c", ipB, "-p", "5201", "-t", "60", "-b", "20M");
        final LongSupplier delivered = () -> portB.counters().txBytes();
        awaitFlow(delivered);
        // unrelated changes: a rule added and deleted, a new group with a rule
        final int dns = groups.addRule("servers", RuleSpec.ingress().protocol("udp").portRange(53, 53));
        groups.create("other");
        groups.addRule("other", RuleSpec.ingress());
        groups.deleteRule("servers", dns);
        assertTrue(growth(delivered, 1500) > 200_000, "the flow stalled after unrelated changes");
        groups.deleteRule("servers", rule);
        Thread.sleep(300);
        final long after = growth(delivered, 1500);
        assertTrue(after < 20_000, "the flow went on after its rule was deleted: " + after + " bytes in 1.5 s");
        assertTrue(portA.counters().drops(DropReason.FILTERED) > 0);
    }

    /** iperf3 prints nothing when listening; wait until its port accepts a connection from B itself. */
    private void awaitServer() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lab.exec(nsB, 10, "sh", "-c", "ss -ltn | grep -q ':5201 '").status() != 0)
        {
            assertTrue(System.nanoTime() < deadline, "iperf3 server never listened");
            Thread.sleep(100);
        }
    }

    private static void awaitFlow(final LongSupplier delivered) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (growth(delivered, 500) < 100_000)
        {
            assertTrue(System.nanoTime() < deadline, "no iperf3 flow through the switch within 20 s");
        }
    }

    /** {@code aa:bb:cc:dd:ee:ff}, as {@code secgroup member-add --mac} takes it. */
    private static String macText(final long mac)
    {
        final StringBuilder text = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            text.append(String.format("%02x", (mac >>> shift) & 0xFF)).append(shift > 0 ? ":" : "");
        }
        return text.toString();
    }
}
