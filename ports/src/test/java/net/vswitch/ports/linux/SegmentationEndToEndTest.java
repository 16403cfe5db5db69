package net.vswitch.ports.linux;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import net.vswitch.fabric.ChecksumOffload;
import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.ports.afpacket.AfPacketPort;
import net.vswitch.ports.pcap.PcapSinkPort;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TCP transfer with the kernel's default offloads between two hosts behind AF_PACKET ports, every
 * frame host A sends also copied to a virtual port and a pcap file (ports that cannot take GSO
 * frames or partial checksums): there the super-frames must arrive as wire-sized segments with
 * valid checksums, as our parser and tshark see them, and the books must add up.
 */
class SegmentationEndToEndTest
{
    private static final int MTU = 1500;

    private NetLab lab;
    private Switch sw;
    private AfPacketPort portA;
    private AfPacketPort portB;
    private VirtualPort tap;
    private PcapSinkPort capture;
    private HostPair hosts;
    private Path pcap;

    @BeforeAll
    static void requireRoot()
    {
        NetLab.assumeAvailable(SegmentationEndToEndTest.class);
    }

    /** A to B and copies to the virtual port and the capture; B to A. */
    private static final class CopyingLogic implements SwitchLogic
    {
        @Override
        public int lookup(final Packet packet, final int ingressPort)
        {
            if (ingressPort == 0)
            {
                packet.addOutput(1).addOutput(2).addOutput(3);
                return MULTIPLE;
            }
            return ingressPort == 1 ? 0 : DROP;
        }
    }

    @BeforeEach
    void setUp(@TempDir final Path dir)
    {
        lab = NetLab.create();
        pcap = dir.resolve("copies.pcap");
        try
        {
            lab.addNamespace(lab.ns("a"));
            lab.addNamespace(lab.ns("b"));
            lab.addVethWithOffloads(lab.ifname("h0"), lab.ifname("n0"), lab.ns("a"), "10.195.0.1/24", MTU);
            lab.addVethWithOffloads(lab.ifname("h1"), lab.ifname("n1"), lab.ns("b"), "10.195.0.2/24", MTU);
            hosts = new HostPair(lab, lab.ns("a"), lab.ifname("n0"), "10.195.0.1", lab.ns("b"), lab.ifname("n1"),
                "10.195.0.2");
            sw = new Switch("gso", new CopyingLogic());
            portA = AfPacketPort.open(lab.ifname("h0"));
            portB = AfPacketPort.open(lab.ifname("h1"));
            tap = new VirtualPort("copy", VirtualPortConfig.defaults().withRxSlots(1 << 16));
            capture = new PcapSinkPort("capture", pcap, 1 << 14, 2048);
            sw.attach(portA);
            sw.attach(portB);
            sw.attach(tap);
            sw.attach(capture);
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
        lab.closeAfter(sw, portA, portB, tap, capture);
    }

    @Test
    void shouldSegmentGsoFramesTowardPortsThatCannotTakeThem(@TempDir final Path dir) throws Exception
    {
        hosts.tcpTransfer(2 << 20, dir);
        capture.flush();

        final var a = portA.counters();
        assertEquals(a.rxPackets() + a.replicated(), a.forwarded() + a.ingressDrops(), "books of port A");
        assertTrue(a.rxBytes() / a.rxPackets() > MTU + 14, "A received GSO frames: " + a.rxBytes() + " bytes in "
            + a.rxPackets());
        assertEquals(0, a.drops(DropReason.TOO_BIG) + a.drops(DropReason.MALFORMED) + a.drops(DropReason.RING_FULL),
            "drops on A");
        // one frame in, N segments out: the copy ports sent more frames than A received
        assertTrue(tap.counters().txPackets() > a.rxPackets(), "segments " + tap.counters().txPackets()
            + " > frames " + a.rxPackets());
        assertEquals(tap.counters().txPackets(), capture.counters().txPackets());

        final PacketBatch batch = new PacketBatch(256);
        long frames = 0;
        long payload = 0;
        while (tap.receive(batch) > 0)
        {
            for (int i = 0; i < batch.size(); i++)
            {
                final Packet p = batch.packet(i);
                assertTrue(p.length() <= MTU + 14, "segment of " + p.length() + " bytes");
                if (p.ipVersion() == 4 && p.ipProto() == Packet.IPPROTO_TCP)
                {
                    assertValidChecksums(p);
                    payload += p.length() - p.l4Offset() - (p.u8(p.l4Offset() + 12) >>> 4) * 4;
                }
                frames++;
            }
            tap.release();
        }
        assertEquals(tap.counters().txPackets(), frames);
        assertTrue(payload >= 2 << 20, "TCP payload through the virtual port: " + payload);
        assertTsharkFindsNoBadChecksum();
    }

    private static final String UDP_GSO_SENDER = String.join("\n",
        "import socket, sys, time",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.setsockopt(socket.SOL_UDP, 103, 1400)  # UDP_SEGMENT: the kernel sends one GSO frame per send",
        "for i in range(20):",
        "    s.sendto(bytes([i]) * 14000, (sys.argv[1], 5203))",
        "    time.sleep(0.02)");
    private static final String UDP_RECEIVER = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)",
        "s.bind((sys.argv[1], 5203))",
        "s.settimeout(5)",
        "n = 0",
        "try:",
        "    while True:",
        "        if len(s.recv(65535)) == 1400:",
        "            n += 1",
        "except socket.timeout:",
        "    pass",
        "print(n)");

    @Test
    void shouldCutUdpGsoFramesIntoDatagramsTowardPortsThatCannotTakeThem() throws Exception
    {
        hosts.pingBothWays();
        final Process receiver = lab.start(hosts.nsB(), "python3", "-c", UDP_RECEIVER, hosts.ipB());
        Thread.sleep(300);
        final NetLab.Result sender = lab.exec(hosts.nsA(), 30, "python3", "-c", UDP_GSO_SENDER, hosts.ipB());
        assertEquals(0, sender.status(), sender.output());
        assertTrue(receiver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "receiver finished");
        // through AF_PACKET whole, cut by B's kernel: 20 sends of 10 datagrams each
        assertEquals("200", new String(receiver.getInputStream().readAllBytes()).trim());

        final PacketBatch batch = new PacketBatch(256);
        int datagrams = 0;
        while (tap.receive(batch) > 0)
        {
            for (int i = 0; i < batch.size(); i++)
            {
                final Packet p = batch.packet(i);
                if (p.ipVersion() == 4 && p.ipProto() == Packet.IPPROTO_UDP && p.l4DstPort() == 5203)
                {
                    assertEquals(14 + 20 + 8 + 1400, p.length(), "a segment is one wire datagram");
                    final MemorySegment m = p.segment();
                    final int l4 = p.l4Offset();
                    final long pseudo = ChecksumOffload.sum(m, p.offset() + p.l3Offset() + 12, 8, 0)
                        + Packet.IPPROTO_UDP + (p.length() - l4);
                    assertTrue(ChecksumOffload.verifies(m, p.offset() + l4, p.length() - l4, pseudo), "UDP checksum");
                    datagrams++;
                }
            }
            tap.release();
        }
        assertEquals(200, datagrams, "datagrams the virtual port got, cut by the switch");
        final var a = portA.counters();
        assertTrue(a.rxPackets() < 100 && a.rxBytes() / a.rxPackets() > MTU, "A received UDP GSO frames: "
            + a.rxBytes() + " bytes in " + a.rxPackets());
        assertEquals(a.rxPackets() + a.replicated(), a.forwarded() + a.ingressDrops(), "books of port A");
        assertEquals(0, a.drops(DropReason.MALFORMED) + a.drops(DropReason.TOO_BIG));
    }

    private static void assertValidChecksums(final Packet p)
    {
        final MemorySegment m = p.segment();
        final int l3 = p.l3Offset();
        final int l4 = p.l4Offset();
        assertTrue(ChecksumOffload.verifies(m, p.offset() + l3, (p.u8(l3) & 0xF) * 4, 0), "IPv4 header checksum");
        final long pseudo = ChecksumOffload.sum(m, p.offset() + l3 + 12, 8, 0) + Packet.IPPROTO_TCP
            + (p.length() - l4);
        assertTrue(ChecksumOffload.verifies(m, p.offset() + l4, p.length() - l4, pseudo), "TCP checksum");
    }

    private void assertTsharkFindsNoBadChecksum() throws Exception
    {
        final NetLab.Result version = NetLab.runStatus(10, "tshark", "-v");
        if (version.status() != 0)
        {
            System.err.println("SegmentationEndToEndTest: tshark not installed, its check skipped");
            return;
        }
        assertTrue(Files.size(pcap) > 2 << 20, "capture holds the transfer");
        final NetLab.Result result = NetLab.runStatus(120, "tshark", "-n", "-r", pcap.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-Y", "tcp",
            "-T", "fields", "-e", "frame.len", "-e", "ip.checksum.status", "-e", "tcp.checksum.status");
        assertEquals(0, result.status(), result.output());
        final Map<String, Integer> statuses = new TreeMap<>();
        for (final String line : result.output().split("\n"))
        {
            final String[] fields = line.trim().split("\t");
            if (fields.length == 3)
            {
                assertTrue(Integer.parseInt(fields[0]) <= MTU + 14, "tshark: frame of " + fields[0] + " bytes");
                statuses.merge(fields[1] + "/" + fields[2], 1, Integer::sum);
            }
        }
        // checksum status 1 = good, 0 = bad (2 = not checked)
        assertEquals(1, statuses.size(), "ip/tcp checksum statuses as tshark sees them: " + statuses);
        assertTrue(statuses.containsKey("1/1"), "all good: " + statuses);
    }
}
