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
        awaitNoClient(a);
        awaitNoClient(b);
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
            assertEquals(capacity, next.poll((m, o, l) -> { }, 2 * capacity));
            assertEquals("the switch closed port victim (" + victim.path() + ")", assertThrows(
                IllegalStateException.class, () -> next.poll((m, o, l) -> { }, 1, 1, TimeUnit.SECONDS))
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
        try (ShmClient rogue = ShmClient.attach(port.path()))
        {
            final Ring ring = rogue.region().toSwitch();
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
            // counted on the port as one received unit dropped as protocol_error, so the books balance
            awaitSettled(port, 5);
            assertEquals(1, port.counters().drops(DropReason.PROTOCOL_ERROR));
        }
        // the worker resynchronised on the client's tail: a well-behaved client is served again
        try (ShmClient client = ShmClient.attach(port.path()))
        {
            assertTrue(client.send(new byte[64], 5, TimeUnit.SECONDS));
            assertEquals(1, peer.receive(new PacketBatch(4), 5, TimeUnit.SECONDS));
        }
    }

    /** Waits (bounded) until the port's listener saw its client's connection close. */
    static void awaitNoClient(final ShmPort port) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (port.clientPid() != 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(0, port.clientPid(), "client of " + port.name() + " still connected");
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
                assertEquals(1, cb.poll(atB, 8, 5, TimeUnit.SECONDS));
                final ShmTestFrames.Checker atA = new ShmTestFrames.Checker();
                atA.received = i;
                assertEquals(1, ca.poll(atA, 8, 5, TimeUnit.SECONDS));
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
    void shouldTellAWaitingClientThatTheSwitchClosedItsPort() throws Exception
    {
        final ShmPort port = new ShmPort("closing", shmPath("closing"));
        sw.attach(port);
        try (ShmClient client = ShmClient.attach(port.path()))
        {
            final Thread closer = Thread.ofPlatform().start(() ->
            {
                sw.detach(port);
                port.close();
            });
            assertEquals("the switch closed port closing (" + port.path() + ")",
                assertThrows(IllegalStateException.class,
                    () -> client.poll((m, o, l) -> { }, 1, 30, TimeUnit.SECONDS)).getMessage());
            closer.join(TimeUnit.SECONDS.toMillis(30));
        }
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
        assertEquals("shm port " + path + " is a plain file, not a vswitch shared-memory port socket",
            assertThrows(IllegalArgumentException.class, () -> ShmClient.attach(path)).getMessage());
        // the switch refuses to take over a file that is not one of its regions
        assertEquals("shm file " + path + " exists and is not a vswitch shared-memory port; remove it or choose"
            + " another path", assertThrows(IllegalArgumentException.class,
                () -> new PortFactory().create(PortSpec.parse("shm:" + path))).getMessage());
    }

    @Test
    void shouldNameTheLayoutVersionOfAnOldPortOrClient() throws IOException
    {
        // a version 1 switch made a file at the path: the client names its version instead of failing to connect
        final Path old = shmPath("v1");
        final ByteBuffer header = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, ShmPortDescriptor.MAGIC).putInt(4, 1);
        header.putLong(ShmPortDescriptor.SWITCH_PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(ShmPortDescriptor.STATE_OFFSET, ShmPortDescriptor.STATE_CLOSED);
        Files.write(old, header.array());
        assertEquals("shm port " + old + " is a layout version 1 port file; this client speaks layout version 2"
            + " (a Unix socket passing a sealed memfd): run a switch of the same version",
            assertThrows(IllegalArgumentException.class, () -> ShmClient.attach(old)).getMessage());
        // a closed version 1 region is stale: the switch replaces it with its socket
        final ShmPort port = new ShmPort("p", old);
        sw.attach(port);

        // a client asking for version 1 is refused with a message naming both versions
        assertEquals("shm port p speaks layout version 2; the client speaks version 1", RawClient.refusal(old, 1));
        assertEquals("shm port p: expected a client hello of 16 bytes ('VSPC', version)",
            RawClient.refusal(old, -1));
    }

    @Test
    void shouldRejectMissingAndBusyPorts() throws Exception
    {
        final Path missing = shmPath("missing");
        assertEquals("shm port " + missing + " does not exist (is a switch running with port shm:" + missing + "?)",
            assertThrows(UncheckedIOException.class, () -> ShmClient.attach(missing)).getMessage());

        final ShmPort port = new ShmPort("busy", shmPath("busy"));
        sw.attach(port);
        try (ShmClient first = ShmClient.attach(port.path()))
        {
            assertEquals(ProcessHandle.current().pid(), port.clientPid());
            assertEquals(port.path() + ": shm port busy already has a client, pid " + ProcessHandle.current().pid(),
                assertThrows(IllegalStateException.class, () -> ShmClient.attach(port.path())).getMessage());
            assertTrue(first.portOpen());
        }
        // the claim ends with the connection: the next client is served
        awaitNoClient(port);
        try (ShmClient second = ShmClient.attach(port.path()))
        {
            assertEquals("busy", second.portName());
        }
    }

    @Test
    void shouldReplaceAStaleSocketButNotALiveOne() throws Exception
    {
        final Path path = shmPath("stale");
        // a socket whose process is gone (a switch that crashed): nobody listens, so it is replaced
        final Process binder = new ProcessBuilder("python3", "-c", "import socket,sys; s=socket.socket(socket.AF_UNIX,"
            + " socket.SOCK_SEQPACKET); s.bind(sys.argv[1])", path.toString()).inheritIO().start();
        assertTrue(binder.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(path));
        final ShmPort first = new ShmPort("first", path);
        assertEquals("shm path " + path + " is in use: a switch serves a port there",
            assertThrows(IllegalArgumentException.class, () -> new ShmPort("twin", path)).getMessage());
        first.close();
        assertFalse(Files.exists(path));
        final ShmPort again = new ShmPort("again", path);
        try (ShmClient view = ShmClient.attach(path))
        {
            assertEquals("again", view.portName());
        }
        again.close();
    }
}
