package net.vswitch.ports.afpacket;

import java.nio.file.Path;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.linux.HostPair;
import net.vswitch.ports.linux.NetLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hosts behind veths left as the kernel makes them (TSO, GSO, tx checksum on; MTU 9000), joined
 * by AF_PACKET ports of the learning bridge: what a user runs without any {@code ethtool} step.
 */
class AfPacketOffloadTest
{
    private NetLab lab;
    private Switch sw;
    private AfPacketPort portA;
    private AfPacketPort portB;
    private HostPair hosts;

    @BeforeAll
    static void requireRoot()
    {
        NetLab.assumeAvailable(AfPacketOffloadTest.class);
    }

    @BeforeEach
    void setUp()
    {
        lab = NetLab.create();
        try
        {
            final String nsA = lab.ns("a");
            final String nsB = lab.ns("b");
            lab.addNamespace(nsA);
            lab.addNamespace(nsB);
            lab.addVethWithOffloads(lab.ifname("h0"), lab.ifname("n0"), nsA, "10.196.0.1/24", 9000);
            lab.addVethWithOffloads(lab.ifname("h1"), lab.ifname("n1"), nsB, "10.196.0.2/24", 9000);
            lab.addIpv6(nsA, lab.ifname("n0"), "fd00:196::1/64");
            lab.addIpv6(nsB, lab.ifname("n1"), "fd00:196::2/64");
            hosts = new HostPair(lab, nsA, lab.ifname("n0"), "10.196.0.1", nsB, lab.ifname("n1"), "10.196.0.2");
            sw = new Switch("offload", new LearningBridge());
            portA = AfPacketPort.open(lab.ifname("h0"));
            sw.attach(portA);
            portB = AfPacketPort.open(lab.ifname("h1"));
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
        lab.closeAfter(sw, portA, portB);
    }

    @Test
    void shouldCarryTcpWithDefaultOffloads(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(16 << 20, dir);
        assertBooksExact();
        final var a = portA.counters();
        assertTrue(a.rxBytes() / a.rxPackets() > 9018, "GSO frames larger than the MTU passed whole: "
            + a.rxBytes() + " bytes in " + a.rxPackets() + " frames");
        assertEquals(0, drops(DropReason.TOO_BIG) + drops(DropReason.TX_ERROR) + drops(DropReason.MALFORMED));
    }

    @Test
    void shouldCarryIpv6TcpWithDefaultOffloads(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(16 << 20, dir, "fd00:196::2");
        assertBooksExact();
        assertEquals(0, drops(DropReason.TOO_BIG) + drops(DropReason.TX_ERROR) + drops(DropReason.MALFORMED));
    }

    @Test
    void shouldPassJumboPingsThatTheMtuAllows()
    {
        final NetLab.Result result = lab.exec(hosts.nsA(), 30, "ping", "-c", "3", "-W", "2", "-M", "do", "-s", "8900",
            hosts.ipB());
        assertEquals(0, result.status(), result.output());
        assertEquals(0, drops(DropReason.TOO_BIG));
    }

    private long drops(final DropReason reason)
    {
        return portA.counters().drops(reason) + portB.counters().drops(reason);
    }

    private void assertBooksExact()
    {
        for (final AfPacketPort port : new AfPacketPort[] {portA, portB})
        {
            final var c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), port.name());
            assertTrue(c.rxPackets() > 0, port.name() + " received");
        }
    }
}
