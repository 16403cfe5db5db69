package net.vswitch.ports.afpacket;

import java.nio.file.Path;
import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.bridge.MacEntry;
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
 * Two network namespaces whose veth links meet in a vswitch (AF_PACKET ports, learning bridge):
 * real kernels on both sides, as a user would wire them.
 */
class AfPacketEndToEndTest
{
    private NetLab lab;
    private Switch sw;
    private LearningBridge bridge;
    private AfPacketPort portA;
    private AfPacketPort portB;
    private HostPair hosts;

    @BeforeAll
    static void requireLinuxLab()
    {
        NetLab.requirements("AF_PACKET end-to-end").assumeMet();
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
            lab.addVeth(lab.ifname("h0"), lab.ifname("n0"), nsA, "10.199.0.1/24");
            lab.addVeth(lab.ifname("h1"), lab.ifname("n1"), nsB, "10.199.0.2/24");
            hosts = new HostPair(lab, nsA, lab.ifname("n0"), "10.199.0.1", nsB, lab.ifname("n1"), "10.199.0.2");
            bridge = new LearningBridge();
            sw = new Switch("e2e", bridge);
            portA = AfPacketPort.open(lab.ifname("h0"), lab.ifname("h0"), config());
            sw.attach(portA);
            portB = AfPacketPort.open(lab.ifname("h1"), "portB", config());
            sw.attach(portB);
        }
        catch (final RuntimeException ex)
        {
            tearDown();
            throw ex;
        }
    }

    /** The ring format under test (a subclass runs everything again with TPACKET_V2). */
    AfPacketConfig config()
    {
        return AfPacketConfig.defaults().withVersion(TpacketVersion.V3);
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
        assertTrue(portA.counters().rxPackets() >= 6, "rx on A: " + portA.counters().rxPackets());
        assertTrue(portB.counters().txPackets() >= 6, "tx on B: " + portB.counters().txPackets());
        assertEquals(0, portA.counters().drops(DropReason.TX_ERROR));
        assertEquals(0, portB.counters().drops(DropReason.TX_ERROR));
        assertEquals(0, portA.workerErrors());
        assertTrue(portA.qdiscBypass());
        assertEquals("afpacket:" + lab.ifname("h1") + ",name=portB", portB.spec());
    }

    private static final String VLAN_SENDER = String.join("\n",
        "import socket, struct, sys, time",
        "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)",
        "s.bind((sys.argv[1], 0))",
        "frame = b'\\xff' * 6 + bytes.fromhex(sys.argv[2]) + struct.pack('!HHH', 0x8100, 100, 0x88b5)",
        "frame += b'vswitch-vlan-test' + bytes(30)",
        "for _ in range(40):",
        "    s.send(frame)",
        "    time.sleep(0.05)");
    private static final String VLAN_RECEIVER = String.join("\n",
        "import socket, struct, sys",
        "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))",
        "s.bind((sys.argv[1], 0))",
        "s.setsockopt(263, 8, 1)",
        "s.settimeout(10)",
        "while True:",
        "    data, anc, flags, addr = s.recvmsg(2048, socket.CMSG_SPACE(20))",
        "    if b'vswitch-vlan-test' not in data:",
        "        continue",
        "    if data[12:14] == b'\\x81\\x00':",
        "        print('tci', struct.unpack('!H', data[14:16])[0] & 0xfff)",
        "        sys.exit(0)",
        "    for level, kind, d in anc:",
        "        status, ln, snap, mac, net, tci, tpid = struct.unpack('IIIHHHH', d[:20])",
        "        if level == 263 and kind == 8 and status & 0x10:",
        "            print('tci', tci & 0xfff)",
        "            sys.exit(0)",
        "    print('untagged')",
        "    sys.exit(1)");

    @Test
    void shouldCarryVlanTaggedFramesWithTheirTags() throws Exception
    {
        // a tagged frame reaches AF_PACKET with its tag moved into metadata; the port must put it back
        final long macA = lab.mac(hosts.nsA(), hosts.devA());
        final Process receiver = lab.start(hosts.nsB(), "python3", "-c", VLAN_RECEIVER, hosts.devB());
        Thread.sleep(300);
        final NetLab.Result sender = lab.exec(hosts.nsA(), 30, "python3", "-c", VLAN_SENDER, hosts.devA(),
            String.format("%012x", macA));
        assertEquals(0, sender.status(), sender.output());
        assertTrue(receiver.waitFor(15, java.util.concurrent.TimeUnit.SECONDS), "receiver finished");
        assertEquals("tci 100", new String(receiver.getInputStream().readAllBytes()).trim());
        final List<MacEntry> entries = bridge.entries();
        assertTrue(entries.stream().anyMatch(e -> e.vlan() == 100 && e.mac() == macA && e.port() == portA.index()),
            "host A learnt on VLAN 100: " + entries);
    }

    @Test
    void shouldCarryTcpTransferWithCorrectBytes(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(8 << 20, dir);
        assertTrue(portB.counters().txBytes() > 8 << 20, "bytes out of port B: " + portB.counters().txBytes());
        assertEquals(0, portA.counters().drops(DropReason.TX_ERROR) + portB.counters().drops(DropReason.TX_ERROR));
    }

    @Test
    void shouldKeepAccountsForEveryFrame()
    {
        hosts.pingBothWays();
        for (final AfPacketPort port : new AfPacketPort[] {portA, portB})
        {
            final var c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), port.name());
        }
    }

    @Test
    void shouldRefuseUnknownInterfaceByNameAndKeepSwitching()
    {
        final PortFactory factory = new PortFactory();
        final String missing = lab.ifname("zz");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> factory.create(PortSpec.parse("afpacket:" + missing)));
        assertEquals("no such interface: " + missing + " (if_nametoindex: No such device)", ex.getMessage());

        hosts.pingBothWays();
        assertEquals(2, sw.ports().size());
    }

    @Test
    void shouldCountTxErrorsWhenInterfaceVanishesAndStayUsable() throws InterruptedException
    {
        hosts.pingBothWays();
        NetLab.run("ip", "link", "delete", lab.ifname("h1"));
        // host A keeps asking for B: the ARP floods reach port B, whose device is gone
        final var result = lab.exec(hosts.nsA(), 30, "ping", "-c", "2", "-W", "1", hosts.ipB());
        assertTrue(result.status() != 0, "ping must fail once B's link is gone: " + result.output());
        assertTrue(portB.counters().drops(DropReason.TX_ERROR) > 0, "tx errors on B: "
            + portB.counters().drops(DropReason.TX_ERROR));
        assertTrue(portB.lastTxErrno() != 0);
        sw.detach(portB);
        portB.close();
        portB = null;
        assertEquals(1, sw.ports().size());
    }

    @Test
    void shouldStopWorkerOnDetachAndReattach()
    {
        sw.detach(portB);
        sw.attach(portB);
        hosts.pingBothWays();
    }
}
