package net.vswitch.ports.tap;

import java.nio.file.Path;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.linux.HostPair;
import net.vswitch.ports.linux.NetLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two network namespaces, each holding a TAP device that a vswitch TAP port created (and that was
 * then moved into the namespace), joined by the learning bridge.
 */
class TapEndToEndTest
{
    private NetLab lab;
    private Switch sw;
    private LearningBridge bridge;
    private TapPort portA;
    private TapPort portB;
    private HostPair hosts;
    private long txErrorsAtStart;

    @BeforeAll
    static void requireLinuxLab()
    {
        NetLab.requirements("TAP end-to-end").readWrite(Path.of("/dev/net/tun"), "modprobe tun").assumeMet();
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
            bridge = new LearningBridge();
            sw = new Switch("e2e-tap", bridge);
            portA = TapPort.open(lab.ifname("t0"));
            portB = (TapPort)new PortFactory().create(PortSpec.parse("tap:" + lab.ifname("t1") + ",name=tapB"));
            sw.attach(portA);
            sw.attach(portB);
            NetLab.run("ip", "link", "set", lab.ifname("t0"), "netns", nsA);
            NetLab.run("ip", "link", "set", lab.ifname("t1"), "netns", nsB);
            lab.configure(nsA, lab.ifname("t0"), "10.198.0.1/24");
            lab.configure(nsB, lab.ifname("t1"), "10.198.0.2/24");
            hosts = new HostPair(lab, nsA, lab.ifname("t0"), "10.198.0.1", nsB, lab.ifname("t1"), "10.198.0.2");
            // frames flooded while a TAP was down (moving to its namespace) fail with EIO: TX_ERROR, rightly
            txErrorsAtStart = txErrors();
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
    void shouldPingBothWaysAndLearnBothHosts()
    {
        hosts.pingBothWays();

        hosts.assertLearnt(bridge, portA, portB);
        assertEquals("tap:" + lab.ifname("t1") + ",name=tapB", portB.spec());
        assertEquals(txErrorsAtStart, txErrors(), "TX errors once both links are up");
        for (final TapPort port : new TapPort[] {portA, portB})
        {
            final var c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), port.name());
        }
    }

    private long txErrors()
    {
        return portA.counters().drops(DropReason.TX_ERROR) + portB.counters().drops(DropReason.TX_ERROR);
    }

    @Test
    void shouldCarryTcpTransferWithCorrectBytes(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(8 << 20, dir);
        assertTrue(portB.counters().txBytes() > 8 << 20, "bytes out of port B: " + portB.counters().txBytes());
    }

    @Test
    void shouldRefuseAnInterfaceThatIsNotATapAndKeepSwitching()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> TapPort.open("lo"));
        assertEquals("tap:lo: ioctl(TUNSETIFF): Invalid argument"
            + " (an interface of that name exists and is not a TAP device)", ex.getMessage());
        hosts.pingBothWays();
    }
}
