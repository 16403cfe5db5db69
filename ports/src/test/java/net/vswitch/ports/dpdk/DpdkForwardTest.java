package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.bridge.MacEntry;
import net.vswitch.natives.dpdk.RteDev;
import net.vswitch.natives.dpdk.RteEthdev;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;

import static net.vswitch.ports.dpdk.DpdkTestSupport.SMALL;
import static net.vswitch.ports.dpdk.DpdkTestSupport.assumeDpdk;
import static net.vswitch.ports.dpdk.DpdkTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames through DPDK ports and the learning bridge, on DPDK's virtual devices. This class owns
 * EAL for its JVM (the DPDK tests run with a fork per class): EAL starts once, with net_ring0 and
 * net_ring1; every other device is hot-plugged by the port that needs it and removed on close.
 */
class DpdkForwardTest
{
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;
    private static final long MAC_V = 0x02_00_00_00_00_0CL;

    private static DpdkSettings settings;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEal()
    {
        assumeDpdk();
        settings = DpdkSettings.of("--no-huge -m 256 --no-pci --vdev=net_ring0 --vdev=net_ring1").withPort(SMALL);
        final Eal eal = Eal.start(settings, List.of());
        assertTrue(eal.args().contains("--vdev=net_ring0"), eal.args().toString());
    }

    @Test
    void shouldForwardFramesFromOneDpdkPortToAnotherThroughTheBridge()
    {
        final int count = 300;
        final List<byte[]> frames = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = Frames.udp(i % 3 == 0 ? Frames.BROADCAST : MAC_B + i, MAC_A, i, 60 + (i * 7) % 1455);
            frames.add(frame);
            bytes += frame.length;
        }
        // net_ring loops TX back to RX: the source is filled through its own TX queue; the
        // destination is send-only so what the switch sends stays in its ring for the test to read
        try (DpdkPort in = DpdkPort.open("net_ring0,name=in", settings);
            DpdkPort out = DpdkPort.open("net_ring1,name=out", settings.withPort(SMALL.withRx(false)));
            Switch sw = new Switch("dpdk-ring", new LearningBridge()))
        {
            assertEquals("net_ring", in.driver());
            assertEquals(count, DpdkTestSupport.send(in.portId(), frames));
            sw.attach(out);
            sw.attach(in);
            await(() -> "all frames forwarded: " + describe(in, out), () -> done(in, count));
            sw.close();

            assertEquals(count, in.counters().rxPackets());
            assertEquals(bytes, in.counters().rxBytes());
            assertEquals(count, in.counters().forwarded());
            assertEquals(0, in.counters().totalDrops());
            assertEquals(bytes, out.counters().txBytes());
            assertEquals(0, out.counters().drops(DropReason.TX_ERROR));
            final EthStats device = out.deviceStats();
            assertEquals(count, device.opackets());
            // net_ring counts packets only; the bytes are checked by reading the frames back below
            assertEquals(count, in.deviceStats().ipackets());

            final List<byte[]> sent = new ArrayList<>();
            while (sent.size() < count)
            {
                final List<byte[]> burst = DpdkTestSupport.receive(out.portId(), 64);
                assertTrue(!burst.isEmpty(), "ring of net_ring1 ran dry after " + sent.size() + " frames");
                sent.addAll(burst);
            }
            assertEquals(PcapFiles.hex(frames), PcapFiles.hex(sent));
        }
    }

    @Test
    void shouldSwitchPcapTracesBetweenDpdkAndVirtualPortsAsTheBridgeLearns() throws Exception
    {
        final int count = 200;
        final List<byte[]> fromA = new ArrayList<>();
        final List<byte[]> fromB = new ArrayList<>();
        fromA.add(Frames.udp(Frames.BROADCAST, MAC_A, 0, 60));
        fromB.add(Frames.udp(Frames.BROADCAST, MAC_B, 0, 60));
        for (int i = 1; i <= count; i++)
        {
            fromA.add(Frames.udp(MAC_B, MAC_A, i, 64 + i % 1000));
            fromB.add(Frames.udp(MAC_A, MAC_B, i, 1514 - i));
        }
        final Path inA = dir.resolve("in-a.pcap");
        final Path inB = dir.resolve("in-b.pcap");
        final Path outA = dir.resolve("out-a.pcap");
        final Path outB = dir.resolve("out-b.pcap");
        PcapFiles.write(inA, fromA);
        PcapFiles.write(inB, fromB);
        final LearningBridge bridge = new LearningBridge();
        final PortFactory factory = new PortFactory(VirtualPortConfig.defaults(), settings);
        final VirtualPort v = new VirtualPort("v");
        final Port a = factory.create(PortSpec.parse("dpdk:net_pcap1,rx_pcap=" + inA + ",tx_pcap=" + outA + ",name=a"));
        final Port b = factory.create(PortSpec.parse("dpdk:net_pcap2,rx_pcap=" + inB + ",tx_pcap=" + outB + ",name=b"));
        final DpdkPort sink = DpdkPort.open("net_null1,no-rx=1,name=sink", settings);
        final byte[] toA = Frames.udp(MAC_A, MAC_V, 999, 100);
        try (Switch sw = new Switch("dpdk-pcap", bridge))
        {
            // both traces start together, once every port is attached
            ((DpdkPort)a).paused(true);
            ((DpdkPort)b).paused(true);
            sw.attach(v);
            sw.attach(sink);
            sw.attach(a);
            sw.attach(b);
            ((DpdkPort)a).paused(false);
            ((DpdkPort)b).paused(false);
            await(() -> "both traces forwarded: " + describe(a, b, v, sink) + ", worker errors "
                + ((DpdkPort)a).lastWorkerError() + " " + ((DpdkPort)b).lastWorkerError() + ", switch errors "
                + sw.lastPortError() + " " + sw.lastLogicError(), () -> done(a, count + 1) && done(b, count + 1));
            assertEquals(count + 1, a.counters().txPackets());
            assertEquals(count + 1, b.counters().txPackets());
            assertEquals(count + 1, a.counters().rxPackets());
            assertEquals(count + 1, b.counters().rxPackets());

            // learned: A and B by their traces; a frame from the virtual port to A goes to A only
            assertEquals(Map.of(MAC_A, "a", MAC_B, "b"), macTable(bridge, sw));
            final long bTx = b.counters().txPackets();
            assertEquals(1, v.send(toA));
            await("unicast to a", () -> a.counters().txPackets() == count + 2);
            assertEquals(bTx, b.counters().txPackets());

            // floods reached the virtual port and the DPDK sink alike
            final long floods = sink.counters().txPackets();
            assertTrue(floods >= 2 && floods <= 2L * count + 2, "floods " + floods);
            final PacketBatch got = new PacketBatch(1024);
            long received = 0;
            int n;
            while ((n = v.receive(got, 100, TimeUnit.MILLISECONDS)) > 0)
            {
                received += n;
                v.release();
            }
            assertEquals(floods, received);
            await("sink device sent the floods", () -> sink.deviceStats().opackets() == floods);
            for (final Port port : List.of(v, sink, a, b))
            {
                assertBalanced(port);
            }
        }
        finally
        {
            a.close();
            b.close();
            sink.close();
            v.close();
        }
        // every frame of A's trace leaves B, in order, and the reverse; A also got the virtual port's frame
        assertEquals(PcapFiles.hex(fromA), PcapFiles.hex(PcapFiles.read(outB)));
        final List<byte[]> expectedA = new ArrayList<>(fromB);
        expectedA.add(toA);
        final List<byte[]> actualA = PcapFiles.read(outA);
        assertEquals(PcapFiles.hex(expectedA), PcapFiles.hex(actualA));
        assertArrayEquals(toA, actualA.get(actualA.size() - 1));
    }

    @Test
    void shouldReportDeviceInformationAndCounters()
    {
        try (DpdkPort port = DpdkPort.open("net_null2,name=null2", settings))
        {
            assertEquals("net_null", port.driver());
            assertEquals("net_null2", port.device());
            assertEquals("dpdk:net_null2,name=null2", port.spec());
            assertTrue(port.promiscuous());
            assertTrue(port.link().up(), port.link().toString());
            assertTrue(port.rxDescriptors() > 0 && port.txDescriptors() > 0);
            final Map<String, Long> xstats = port.deviceXstats();
            assertTrue(xstats.containsKey("rx_good_packets"), xstats.keySet().toString());
            assertTrue(xstats.containsKey("tx_good_bytes"), xstats.keySet().toString());
        }
        // closing removed the virtual device: its name can be created again
        try (DpdkPort again = DpdkPort.open("net_null2", settings))
        {
            assertEquals("net_null2", again.name());
        }
    }

    @Test
    void shouldRefuseUnknownVirtualDevicesWithDpdksReason()
    {
        final PortFactory factory = new PortFactory(VirtualPortConfig.defaults(), settings);
        final DpdkException unknown = assertThrows(DpdkException.class,
            () -> factory.create(PortSpec.parse("dpdk:net_bogus0")));
        assertTrue(unknown.getMessage().startsWith("DPDK could not create device 'net_bogus0': "),
            unknown.getMessage());
        assertTrue(unknown.getMessage().contains("check the driver name"), unknown.getMessage());

        final Path missing = dir.resolve("no-such.pcap");
        final DpdkException badArgs = assertThrows(DpdkException.class,
            () -> DpdkPort.open("net_pcap7,rx_pcap=" + missing, settings));
        assertTrue(badArgs.getMessage().startsWith("DPDK could not create device 'net_pcap7,rx_pcap=" + missing),
            badArgs.getMessage());
    }

    @Test
    void shouldRefusePortIdsOutOfRange()
    {
        final DpdkException ex = assertThrows(DpdkException.class, () -> DpdkPort.open("dpdk:17", settings));
        assertTrue(ex.getMessage().startsWith("DPDK port id 17 out of range: this process has "), ex.getMessage());
        assertTrue(ex.getMessage().contains(" ethdev port(s)"), ex.getMessage());
        assertThrows(DpdkException.class, () -> DpdkPort.open("dpdk:99999999999", settings));
    }

    @Test
    void shouldRefuseADeviceAlreadyUsedByAnotherPort()
    {
        try (DpdkPort first = DpdkPort.open("net_null3,name=first", settings))
        {
            final DpdkException ex = assertThrows(DpdkException.class,
                () -> DpdkPort.open("net_null3,name=second", settings));
            assertEquals("DPDK device net_null3 (ethdev port " + first.portId() + ") is already used by switch port"
                + " first", ex.getMessage());
        }
    }

    @Test
    void shouldKeepTheRunningEalWhenStartedAgain()
    {
        final Eal running = Eal.running();
        assertSame(running, Eal.start(DpdkSettings.of("--no-huge -m 64"), List.of()));
        assertTrue(running.version().startsWith("DPDK 22.11"), running.version());
    }

    @Test
    void shouldOpenAPortByEthdevId()
    {
        final int id;
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals(0, RteDev.rte_dev_probe(arena.allocateFrom("net_null4")));
            final MemorySegment portId = arena.allocate(ValueLayout.JAVA_SHORT);
            assertEquals(0, RteEthdev.rte_eth_dev_get_port_by_name(arena.allocateFrom("net_null4"), portId));
            id = portId.get(ValueLayout.JAVA_SHORT, 0);
        }
        try (DpdkPort port = DpdkPort.open("dpdk:" + id, settings))
        {
            assertEquals(id, port.portId());
            assertEquals("net_null", port.driver());
            assertEquals(String.valueOf(id), port.name());
        }
    }

    @Test
    void shouldForwardWithoutAllocatingPerPacket()
    {
        // net_null without no-rx makes 64 B frames as fast as it is polled
        try (DpdkPort source = DpdkPort.open("net_null6,name=gen", settings);
            DpdkPort sink = DpdkPort.open("net_null7,no-rx=1,name=drain", settings.withPort(SMALL.withRx(false)));
            Switch sw = new Switch("dpdk-alloc", new StaticLogic(new int[] {1, -1})))
        {
            source.paused(true);
            sw.attach(source);
            sw.attach(sink);
            source.paused(false);
            final Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("rx-gen")).findFirst().orElseThrow();
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            await("warm-up", () -> sink.counters().txPackets() > 300_000);
            final long packets0 = sink.counters().txPackets();
            final long bytes0 = threads.getThreadAllocatedBytes(worker.threadId());
            await("measured packets", () -> sink.counters().txPackets() > packets0 + 300_000);
            final long bytes = threads.getThreadAllocatedBytes(worker.threadId()) - bytes0;
            final long packets = sink.counters().txPackets() - packets0;
            sw.close();
            assertTrue(bytes < packets / 100,
                bytes + " bytes allocated by the poll worker for " + packets + " packets");
            assertEquals(0, source.workerErrors());
        }
    }

    private static Map<Long, String> macTable(final LearningBridge bridge, final Switch sw)
    {
        final Map<Long, String> table = new java.util.HashMap<>();
        for (final MacEntry entry : bridge.entries())
        {
            table.put(entry.mac(), sw.port(entry.port()).name());
        }
        return table;
    }

    /** Whether a port has received {@code packets} and finished forwarding them (its accounting balances). */
    private static boolean done(final Port port, final long packets)
    {
        final PortCounters c = port.counters();
        return c.rxPackets() == packets && c.rxPackets() + c.replicated() == c.forwarded() + c.ingressDrops();
    }

    private static String describe(final Port... ports)
    {
        final StringBuilder text = new StringBuilder();
        for (final Port port : ports)
        {
            final PortCounters c = port.counters();
            text.append(port.name()).append(" rx=").append(c.rxPackets()).append(" fwd=").append(c.forwarded())
                .append(" tx=").append(c.txPackets()).append(" drops=").append(c.totalDrops());
            for (final DropReason reason : DropReason.values())
            {
                if (c.drops(reason) > 0)
                {
                    text.append(' ').append(reason.label()).append('=').append(c.drops(reason));
                }
            }
            text.append("; ");
        }
        return text.toString();
    }

    private static void assertBalanced(final Port port)
    {
        final PortCounters c = port.counters();
        assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), port.name() + " accounting");
    }
}
