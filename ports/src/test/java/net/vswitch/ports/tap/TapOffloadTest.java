package net.vswitch.ports.tap;

import java.nio.file.Path;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.afpacket.AfPacketPort;
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
 * Host A behind a veth with default offloads (an AF_PACKET port), host B on a TAP with virtio-net
 * headers: GSO frames cross the switch whole in both directions, as through a Linux bridge.
 */
class TapOffloadTest
{
    private static final int MTU = 1500;

    private NetLab lab;
    private Switch sw;
    private AfPacketPort portA;
    private TapPort portB;
    private HostPair hosts;

    @BeforeAll
    static void requireRoot()
    {
        NetLab.requirements("TAP offloads").readWrite(Path.of("/dev/net/tun"), "modprobe tun").assumeMet();
    }

    @BeforeEach
    void setUp()
    {
        lab = NetLab.create();
        try
        {
            lab.addNamespace(lab.ns("a"));
            lab.addNamespace(lab.ns("b"));
            lab.addVethWithOffloads(lab.ifname("h0"), lab.ifname("n0"), lab.ns("a"), "10.194.0.1/24", MTU);
            sw = new Switch("tap-offload", new LearningBridge());
            portA = AfPacketPort.open(lab.ifname("h0"));
            portB = TapPort.open(lab.ifname("t1"));
            sw.attach(portA);
            sw.attach(portB);
            NetLab.run("ip", "link", "set", lab.ifname("t1"), "netns", lab.ns("b"));
            lab.configure(lab.ns("b"), lab.ifname("t1"), "10.194.0.2/24");
            hosts = new HostPair(lab, lab.ns("a"), lab.ifname("n0"), "10.194.0.1", lab.ns("b"), lab.ifname("t1"),
                "10.194.0.2");
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
    void shouldPassGsoFramesWholeFromAfPacketToTap(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(16 << 20, dir);
        assertWhole(portB.counters().txBytes(), portB.counters().txPackets(), "TAP tx");
        assertBooks(portA);
        assertBooks(portB);
        assertEquals(0, drops(DropReason.TOO_BIG) + drops(DropReason.MALFORMED));
    }

    @Test
    void shouldPassGsoFramesWholeFromTapToAfPacket(@TempDir final Path dir) throws Exception
    {
        final HostPair reverse = new HostPair(lab, hosts.nsB(), hosts.devB(), hosts.ipB(), hosts.nsA(), hosts.devA(),
            hosts.ipA());
        reverse.tcpTransfer(16 << 20, dir);
        assertWhole(portB.counters().rxBytes(), portB.counters().rxPackets(), "TAP rx");
        assertBooks(portA);
        assertBooks(portB);
        assertEquals(0, drops(DropReason.TOO_BIG) + drops(DropReason.MALFORMED));
    }

    private static void assertWhole(final long bytes, final long packets, final String what)
    {
        assertTrue(packets > 0 && bytes / packets > MTU + 14, what + ": frames larger than the MTU passed whole: "
            + bytes + " bytes in " + packets + " frames");
    }

    private static void assertBooks(final Port port)
    {
        final var c = port.counters();
        assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), port.name());
    }

    private long drops(final DropReason reason)
    {
        return portA.counters().drops(reason) + portB.counters().drops(reason);
    }
}
