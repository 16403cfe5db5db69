package net.vswitch.ports.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import net.vswitch.testsupport.ChildProcess;

import static org.junit.jupiter.api.Assertions.*;

class ShmPortTest
{
    private final List<Path> files = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Switch sw;

    @BeforeEach
    void start()
    {
        sw = new Switch("sw", new StaticLogic());
    }

    @AfterEach
    void cleanUp() throws IOException
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
        for (final Port port : sw.ports())
        {
            sw.detach(port);
            port.close();
        }
        sw.close();
        for (final Path file : files)
        {
            Files.deleteIfExists(file);
        }
    }

    /** A unique region path under /dev/shm (tmpfs), removed after the test. */
    Path shmPath(final String what)
    {
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final Path path = dir.resolve("vsp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + what);
        files.add(path);
        return path;
    }

    static List<String> javaCommand(final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23)
        {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private ChildProcess spawn(final String... args)
    {
        final ChildProcess child = ChildProcess.start(new ProcessBuilder(javaCommand(ShmClientMain.class, args))
            .redirectError(ProcessBuilder.Redirect.INHERIT));
        processes.add(child.process());
        return child;
    }

    static Map<String, String> fields(final String line)
    {
        final Map<String, String> fields = new TreeMap<>();
        for (final String part : line.trim().split(" "))
        {
            final int eq = part.indexOf('=');
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return fields;
    }

    @Test
    void shouldCarryAMillionFramesToAndFromAnotherProcess() throws Exception
    {
        final long count = 1_000_000;
        final ShmPort a = (ShmPort)new PortFactory().create(PortSpec.parse("shm:" + shmPath("a") + ",name=a"));
        final ShmPort b = (ShmPort)new PortFactory().create(PortSpec.parse("shm:" + shmPath("b") + ",name=b"));
        sw.attach(a);
        sw.attach(b);

        final ChildProcess.Result run = spawn("pump", a.path().toString(), b.path().toString(), Long.toString(count))
            .await(Duration.ofMinutes(5));
        final String line = run.output();
        assertEquals(0, run.exitCode(), "client output: " + line);

        final Map<String, String> result = fields(line);
        assertEquals(Long.toString(count), result.get("sent"), line);
        assertEquals(Long.toString(count), result.get("received"), line);
        assertEquals(result.get("sentSum"), result.get("receivedSum"), line);
        assertEquals("0", result.get("outOfOrder"), line);
        assertEquals(count, a.counters().rxPackets());
        assertEquals(count, a.counters().forwarded());
        assertEquals(0, a.counters().totalDrops());
        assertEquals(count, b.counters().txPackets());
        assertEquals(0, a.clientPid());
        assertEquals(0, b.clientPid());
    }

    @Test
    void shouldKeepSwitchingWhenAClientProcessIsKilled() throws Exception
    {
        final ShmPort victim = new ShmPort("victim", shmPath("victim"));
        final VirtualPort sink = new VirtualPort("sink", VirtualPortConfig.defaults().withSink(true));
        final VirtualPort left = new VirtualPort("left");
        final VirtualPort right = new VirtualPort("right");
        sw.attach(victim);
        sw.attach(sink);
        sw.attach(left);
        sw.attach(right);

        final ChildProcess client = spawn("flood", victim.path().toString());
        assertEquals("ready", client.nextLine(Duration.ofMinutes(1)));
        assertEquals(client.pid(), victim.clientPid());
        client.process().destroyForcibly();
        assertTrue(client.process().waitFor(30, TimeUnit.SECONDS));

        // other ports keep forwarding
        final PacketBatch batch = new PacketBatch(8);
        for (int i = 0; i < 100; i++)
        {
            left.send(new byte[64]);
            assertEquals(1, right.receive(batch, 5, TimeUnit.SECONDS));
            right.release();
        }
        assertEquals(100, right.counters().txPackets());

        // frames for the dead client fill its ring, then drop as ring_full on the sender: nobody waits
        final int capacity = victim.config().slots();
        for (int i = 0; i < capacity + 500; i++)
        {
            sink.send(new byte[64]);
        }
        assertEquals(capacity, victim.counters().txPackets());
        assertEquals(500, sink.counters().drops(DropReason.RING_FULL));

        // every frame the dead client published was forwarded and sunk, nothing else happened to the port;
        // its RX worker drains asynchronously (once, in CI, it had not polled yet when this was read)
        final long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (victim.counters().forwarded() < 1000 && System.nanoTime() < drained)
        {
            Thread.sleep(1);
        }
        final long forwarded = victim.counters().forwarded();
        assertTrue(forwarded >= 1000, "forwarded " + forwarded);
        assertEquals(victim.counters().rxPackets(), forwarded + victim.counters().ingressDrops());

        // a new client takes over the dead one's claim and is served
        try (ShmClient next = ShmClient.attach(victim.path()))
        {
            final long before = sink.sunkPackets();
            assertTrue(next.send(new byte[80], 5, TimeUnit.SECONDS));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sink.sunkPackets() == before && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(before + 1, sink.sunkPackets());

            // and the port detaches and closes cleanly under it
            sw.detach(victim);
            victim.close();
            assertFalse(Files.exists(victim.path()));
            assertFalse(next.portOpen());
            // what was delivered before the close can still be read; then waiting reports the close
            assertEquals(capacity, next.receive((m, o, l) -> { }, 2 * capacity));
            assertEquals("the switch closed port victim (" + victim.path() + ")", assertThrows(
                IllegalStateException.class, () -> next.receive((m, o, l) -> { }, 1, 1, TimeUnit.SECONDS))
                .getMessage());
        }
    }

    @Test
    void shouldCountMalformedSlotsAndSurviveAScribblingClient() throws Exception
    {
        final ShmPort port = new ShmPort("p", shmPath("p"));
        final VirtualPort peer = new VirtualPort("peer");
        sw.attach(port);
        sw.attach(peer);
        try (ShmRegion rogue = ShmRegion.attach(port.path()))
        {
            final Ring ring = rogue.toSwitch();
            final long tail = ring.tail();
            ring.slotLength(tail, ring.bufferSize() + 1);
            ring.slotLength(tail + 1, -7);
            ring.slotLength(tail + 2, 5); // shorter than Ethernet: the fabric drops it
            ring.slotLength(tail + 3, 64);
            ring.tail(tail + 4);
            awaitSettled(port, 4);
            assertEquals(3, port.counters().drops(DropReason.MALFORMED));
            assertEquals(1, port.counters().forwarded());
            assertEquals(1, peer.receive(new PacketBatch(4), 5, TimeUnit.SECONDS));
            peer.release();

            ring.tail(ring.tail() + 5 * ring.capacity()); // impossible: more than a ring ahead
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (port.protocolErrors() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(1, port.protocolErrors());
            // the worker resynchronised on the client's tail: a well-behaved client is served again
            try (ShmClient client = ShmClient.attach(port.path()))
            {
                assertTrue(client.send(new byte[64], 5, TimeUnit.SECONDS));
                assertEquals(1, peer.receive(new PacketBatch(4), 5, TimeUnit.SECONDS));
            }
        }
    }

    /** Waits until {@code packets} frames were received and each forwarded or counted as dropped. */
    private static void awaitSettled(final Port port, final long packets) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (port.counters().forwarded() + port.counters().ingressDrops() < packets
            && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(packets, port.counters().rxPackets());
        assertEquals(packets, port.counters().forwarded() + port.counters().ingressDrops());
    }

    @Test
    void shouldDeliverBothWaysWithinOneProcess() throws Exception
    {
        final ShmPort a = new ShmPort("a", shmPath("a"));
        final ShmPort b = new ShmPort("b", shmPath("b"));
        sw.attach(a);
        sw.attach(b);
        try (ShmClient ca = ShmClient.attach(a.path());
            ShmClient cb = ShmClient.attach(b.path()))
        {
            assertEquals("a", ca.portName());
            final MemorySegment frame = MemorySegment.ofArray(new byte[256]);
            for (int i = 0; i < 3000; i++)
            {
                ShmTestFrames.write(frame, 0, i);
                assertTrue(ca.send(frame, 0, ShmTestFrames.length(i), 5, TimeUnit.SECONDS));
                assertTrue(cb.send(frame, 0, ShmTestFrames.length(i), 5, TimeUnit.SECONDS));
                final ShmTestFrames.Checker atB = new ShmTestFrames.Checker();
                atB.received = i;
                assertEquals(1, cb.receive(atB, 8, 5, TimeUnit.SECONDS));
                final ShmTestFrames.Checker atA = new ShmTestFrames.Checker();
                atA.received = i;
                assertEquals(1, ca.receive(atA, 8, 5, TimeUnit.SECONDS));
                assertEquals(0, atA.outOfOrder + atB.outOfOrder);
            }
            assertEquals(0, ca.available());
            assertEquals(3000, a.counters().txPackets());
            assertEquals(3000, b.counters().txPackets());
        }
    }

    @Test
    void shouldWakeAWorkerFromDeepSleepWhenItsClientSends() throws Exception
    {
        final ShmPort port = new ShmPort("sleepy", shmPath("sleepy"));
        final VirtualPort peer = new VirtualPort("peer");
        sw.attach(port);
        sw.attach(peer);
        try (ShmClient client = ShmClient.attach(port.path()))
        {
            for (int round = 0; round < 3; round++)
            {
                // idle well past the point where the worker hands itself to the idle watcher
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ShmIdleStrategy.DEEP_AFTER_NANOS) * 3);
                assertTrue(client.send(new byte[64], 5, TimeUnit.SECONDS));
                assertEquals(1, peer.receive(new PacketBatch(4), 5, TimeUnit.SECONDS));
                peer.release();
            }
        }
    }

    @Test
    void shouldTellAWaitingClientThatItsSwitchProcessIsGone() throws Exception
    {
        final ShmPort port = new ShmPort("orphan", shmPath("orphan"));
        final Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
        final ByteBuffer pid = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(dead.pid()).flip();
        try (FileChannel channel = FileChannel.open(port.path(), StandardOpenOption.WRITE))
        {
            channel.write(pid, ShmPortDescriptor.SWITCH_PID_OFFSET); // as if the switch had crashed
        }
        try (ShmClient client = ShmClient.attach(port.path()))
        {
            assertEquals("the switch process " + dead.pid() + " serving port orphan (" + port.path() + ") is gone",
                assertThrows(IllegalStateException.class,
                    () -> client.receive((m, o, l) -> { }, 1, 5, TimeUnit.SECONDS)).getMessage());
        }
        port.close();
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void shouldRejectAFileWithWrongMagic() throws IOException
    {
        final Path path = shmPath("garbage");
        Files.write(path, new byte[8192]);
        final ByteBuffer junk = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x12345678).flip();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.write(junk, 0);
        }
        assertEquals("shm file " + path + " has bad magic 0x12345678 (expected 0x4d505356 'VSPM'): not a vswitch"
            + " shared-memory port", assertThrows(IllegalArgumentException.class, () -> ShmClient.attach(path))
            .getMessage());
        // the switch refuses to take over a file that is not one of its regions
        assertEquals("shm file " + path + " exists and is not a vswitch shared-memory port; remove it or choose"
            + " another path", assertThrows(IllegalArgumentException.class,
                () -> new PortFactory().create(PortSpec.parse("shm:" + path))).getMessage());
    }

    @Test
    void shouldRejectAFileWithWrongVersion() throws IOException
    {
        final ShmPort port = new ShmPort("p", shmPath("version"));
        sw.attach(port);
        final ByteBuffer version = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(9).flip();
        try (FileChannel channel = FileChannel.open(port.path(), StandardOpenOption.WRITE))
        {
            channel.write(version, ShmPortDescriptor.VERSION_OFFSET);
        }
        assertEquals("shm file " + port.path() + " has layout version 9; this library supports version 1",
            assertThrows(IllegalArgumentException.class, () -> ShmClient.attach(port.path())).getMessage());
    }

    @Test
    void shouldRejectMissingSmallAndBusyFiles() throws IOException
    {
        final Path missing = shmPath("missing");
        assertEquals("shm file " + missing + " does not exist (is a switch running with port shm:" + missing + "?)",
            assertThrows(UncheckedIOException.class, () -> ShmClient.attach(missing)).getMessage());
        final Path small = Files.write(shmPath("small"), new byte[100]);
        assertEquals("shm file " + small + " is too small (100 bytes) to be a vswitch shared-memory port",
            assertThrows(IllegalArgumentException.class, () -> ShmClient.attach(small)).getMessage());

        final ShmPort port = new ShmPort("busy", shmPath("busy"));
        sw.attach(port);
        final Process other = spawnSleeper();
        try (ShmRegion region = ShmRegion.attach(port.path()))
        {
            assertTrue(region.claimClient(other.pid()));
            assertEquals("shm file " + port.path() + ": port busy already has a client, pid " + other.pid(),
                assertThrows(IllegalStateException.class, () -> ShmClient.attach(port.path())).getMessage());
        }
        finally
        {
            other.destroyForcibly();
        }
    }

    private Process spawnSleeper() throws IOException
    {
        final Process process = new ProcessBuilder("sleep", "60").start();
        processes.add(process);
        return process;
    }

    @Test
    void shouldReplaceAStaleRegionOfADeadSwitch() throws IOException
    {
        final Path path = shmPath("stale");
        final ShmPort first = new ShmPort("first", path);
        first.close();
        assertFalse(Files.exists(path));
        final ShmPort again = new ShmPort("again", path);
        final ShmPort third;
        // same live switch process, region not closed: it is ours to replace only after close
        try (ShmRegion view = ShmRegion.attach(path))
        {
            assertEquals("again", view.portName());
        }
        again.close();
        third = new ShmPort("third", path);
        third.close();
    }
}
