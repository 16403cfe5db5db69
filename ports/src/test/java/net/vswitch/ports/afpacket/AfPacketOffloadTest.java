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

    private static final String UDP_RECEIVER = String.join("\n",
        "import hashlib, socket, sys",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)",
        "s.bind((sys.argv[1], 5202))",
        "print('ready', flush=True)",
        "s.settimeout(10)",
        "got = []",
        "try:",
        "    while len(got) < int(sys.argv[2]):",
        "        got.append(s.recv(65535))",
        "except socket.timeout:",
        "    pass",
        "print(len(got), sorted(set(len(d) for d in got)), hashlib.sha256(b''.join(got)).hexdigest())");
    private static final String UDP_SENDER = String.join("\n",
        "import hashlib, socket, sys, time",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "data = [bytes([i % 251]) * 8000 for i in range(int(sys.argv[2]))]",
        "for d in data:",
        "    s.sendto(d, (sys.argv[1], 5202))",
        "    time.sleep(0.002)",
        "print(hashlib.sha256(b''.join(data)).hexdigest())");

    @Test
    void shouldCarryUdpDatagramsOf8000BytesWithMtu9000() throws Exception
    {
        final int count = 200;
        final Process receiver = lab.start(hosts.nsB(), "python3", "-c", UDP_RECEIVER, hosts.ipB(),
            Integer.toString(count));
        final java.io.BufferedReader lines = new java.io.BufferedReader(
            new java.io.InputStreamReader(receiver.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("ready", lines.readLine(), "receiver bound");
        hosts.ping(hosts.nsA(), hosts.ipB());
        final NetLab.Result sender = lab.exec(hosts.nsA(), 60, "python3", "-c", UDP_SENDER, hosts.ipB(),
            Integer.toString(count));
        assertEquals(0, sender.status(), sender.output());
        assertTrue(receiver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "receiver finished");
        final String report = lines.readLine().trim();
        // every datagram whole (one 8028-byte IP packet each, no fragments), in order, bytes intact
        assertEquals(count + " [8000] " + sender.output().trim(), report);
        assertEquals(0, drops(DropReason.TOO_BIG));
        assertBooksExact();
    }

    @Test
    void shouldPassJumboFramesWithoutVirtioHeadersToo()
    {
        // offloads off in the switch (not on the veths): rings and buffers grow to the 9000-byte MTU
        sw.detach(portA);
        sw.detach(portB);
        portA.close();
        portB.close();
        portA = null;
        portB = null;
        final AfPacketConfig plain = AfPacketConfig.defaults().withOffloads(false);
        lab.offloadsOff(null, lab.ifname("h0"));
        lab.offloadsOff(null, lab.ifname("h1"));
        lab.offloadsOff(hosts.nsA(), hosts.devA());
        lab.offloadsOff(hosts.nsB(), hosts.devB());
        portA = AfPacketPort.open(lab.ifname("h0"), "plainA", plain);
        portB = AfPacketPort.open(lab.ifname("h1"), "plainB", plain);
        assertTrue(portA.config().bufferSize() >= 9018, "output buffers fit the MTU: " + portA.config());
        sw.attach(portA);
        sw.attach(portB);
        final NetLab.Result result = lab.exec(hosts.nsA(), 30, "ping", "-c", "3", "-W", "2", "-M", "do", "-s", "8972",
            hosts.ipB());
        assertEquals(0, result.status(), result.output());
        assertEquals(0, drops(DropReason.TOO_BIG) + drops(DropReason.TX_ERROR));
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
