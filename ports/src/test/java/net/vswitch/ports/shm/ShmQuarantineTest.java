package net.vswitch.ports.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.RingDescriptor;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.natives.libc.Fcntl;
import net.vswitch.natives.libc.SysMemfd;
import net.vswitch.ports.virtual.VirtualPort;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Defence in depth: the sealed memfd keeps clients from shrinking a port's memory, but should touching
 * it fault anyway (here: a port served from a plain file the test truncates, as version 1 allowed, and a
 * region unmapped under a running port), the port is quarantined alone and every other port, worker and
 * the shared idle watcher go on.
 */
class ShmQuarantineTest
{
    private final List<Path> paths = new ArrayList<>();
    private Switch sw;
    private ShmPort honest;
    private VirtualPort peer;
    private ShmClient client;

    @BeforeEach
    void start()
    {
        sw = new Switch("sw", new FloodLogic());
        honest = new ShmPort("b", path("b"));
        peer = new VirtualPort("v");
        sw.attach(honest);
        sw.attach(peer);
        client = ShmClient.attach(honest.path());
    }

    @AfterEach
    void stop() throws IOException
    {
        client.close();
        for (final Port port : sw.ports())
        {
            sw.detach(port);
            port.close();
        }
        sw.close();
        for (final Path path : paths)
        {
            Files.deleteIfExists(path);
        }
    }

    private Path path(final String what)
    {
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final Path path = dir.resolve("vsq-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + what);
        paths.add(path);
        return path;
    }

    @Test
    void shouldQuarantineAPortWhoseMemoryIsTruncatedAndKeepEveryOtherThreadGoing() throws Exception
    {
        // a region in a plain file, which (unlike the sealed memfd) can be truncated under the switch
        final ShmPortConfig config = ShmPortConfig.defaults();
        final Path file = Files.createFile(path("file"));
        final int fd = Fcntl.open(file.toString(), Fcntl.O_RDWR | Fcntl.O_CLOEXEC, 0);
        final long length = ShmPortDescriptor.fileLength(config.slots(), config.bufferSize());
        SysMemfd.ftruncate(fd, length);
        final ShmPort victim = new ShmPort("a", path("a"), config, ShmRegion.format("a", ShmMemory.map(fd, length),
            config));
        sw.attach(victim);
        exchange(10);
        // let the victim's worker fall into deep sleep, so the shared watcher polls its ring too
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ShmIdleStrategy.DEEP_AFTER_NANOS) * 4);

        SysMemfd.ftruncate(fd, 4096);
        // the honest client's broadcasts are copied toward the victim: the copy faults (SIGBUS)
        exchange(100);
        await(victim::quarantined, "victim quarantined");
        assertInstanceOf(InternalError.class, victim.fault(), String.valueOf(victim.fault()));
        afterQuarantine(victim);
    }

    @Test
    void shouldQuarantineAPortWhoseRegionWasUnmappedUnderIt() throws Exception
    {
        final ShmPort victim = new ShmPort("a", path("a"));
        sw.attach(victim);
        exchange(10);
        closeRegion(victim);
        exchange(100);
        await(victim::quarantined, "victim quarantined");
        assertInstanceOf(IllegalStateException.class, victim.fault(), String.valueOf(victim.fault()));
        afterQuarantine(victim);
    }

    /** A destination with no worker of its own: only the fabric, copying into it, can find the fault. */
    private static final class RingOnlyPort extends Port
    {
        private final OutputRing output;

        RingOnlyPort(final String name, final MemorySegment memory)
        {
            super(name);
            output = new OutputRing(Ring.format(memory, 256, 2048), counters());
        }

        @Override
        public OutputRing output()
        {
            return output;
        }
    }

    @Test
    void shouldQuarantineADestinationWhoseRingFaultsWhileAnotherPortsWorkerCopiesIntoIt() throws Exception
    {
        final Path file = Files.createFile(path("ring"));
        final int fd = Fcntl.open(file.toString(), Fcntl.O_RDWR | Fcntl.O_CLOEXEC, 0);
        final long length = RingDescriptor.ringLength(256, 2048);
        SysMemfd.ftruncate(fd, length);
        try (ShmMemory memory = ShmMemory.map(fd, length))
        {
            final RingOnlyPort victim = new RingOnlyPort("a", memory.segment());
            sw.attach(victim);
            exchange(10);
            SysMemfd.ftruncate(fd, 0);
            // b's RX worker copies b's broadcasts toward a: that copy faults, in b's thread
            exchange(100);
            assertTrue(victim.quarantined());
            assertEquals(0, honest.workerErrors(), String.valueOf(honest.lastWorkerError()));
            assertTrue(alive("rx-b"), "b's worker survived the fault in a's memory");
            final long quarantined = honest.counters().drops(DropReason.QUARANTINED);
            assertTrue(quarantined >= 99, "quarantined copies: " + quarantined);
            exchange(100);
            await(() -> honest.counters().drops(DropReason.QUARANTINED) >= quarantined + 100, "counted after");
            final PortCounters c = honest.counters();
            await(() -> c.rxPackets() + c.replicated() == c.forwarded() + c.ingressDrops(), "b's books");
            assertTrue(sw.portErrors() > 0, "the fault is reported as a port error");
            sw.detach(victim);
        }
    }

    /** What a quarantine must look like, whatever caused it. */
    private void afterQuarantine(final ShmPort victim) throws Exception
    {
        // its worker ended and counted the quarantine once; the books balance
        await(() -> !alive("rx-a"), "rx-a stopped");
        assertEquals(1, victim.counters().drops(DropReason.PORT_FAULT));
        assertEquals(0, victim.workerErrors(), String.valueOf(victim.lastWorkerError()));
        // the honest client's traffic goes on; what would have gone to the victim is dropped as quarantined
        final long quarantined = honest.counters().drops(DropReason.QUARANTINED);
        exchange(200);
        // counters are flushed after the batch: v may see the frame a moment before b's counters move
        await(() -> honest.counters().drops(DropReason.QUARANTINED) >= quarantined + 200,
            "copies toward the quarantined port are counted: " + quarantined + " then "
                + honest.counters().drops(DropReason.QUARANTINED));
        // after idling into deep sleep, the honest port's worker is still woken by the shared watcher
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ShmIdleStrategy.DEEP_AFTER_NANOS) * 4);
        exchange(10);
        assertTrue(alive("rx-b") && alive("shm-listen-b") && alive("shm-idle-watcher"), "switch threads alive");
        // a new client of the quarantined port is told why
        final String refused = assertThrows(IllegalStateException.class, () -> ShmClient.attach(victim.path()))
            .getMessage();
        assertTrue(refused.startsWith(victim.path() + ": shm port a is quarantined (touching its memory faulted: "),
            refused);
        sw.detach(victim);
        for (final Port port : List.of(honest, peer, victim))
        {
            final PortCounters c = port.counters();
            await(() -> c.rxPackets() + c.replicated() == c.forwarded() + c.ingressDrops(), port.name() + " books: rx "
                + c.rxPackets() + " + replicated " + c.replicated() + " = forwarded " + c.forwarded() + " + drops "
                + c.ingressDrops());
        }
        assertEquals(0, honest.workerErrors());
        victim.close();
    }

    /** The honest client sends {@code count} broadcasts; each must reach the virtual port. */
    private void exchange(final int count)
    {
        final PacketBatch batch = new PacketBatch(64);
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = new byte[64];
            java.util.Arrays.fill(frame, 0, 6, (byte)0xff);
            frame[6] = 2;
            frame[11] = 0x0b;
            assertTrue(client.send(frame, 10, TimeUnit.SECONDS));
            assertEquals(1, peer.receive(batch, 10, TimeUnit.SECONDS), "frame " + i + " reached v");
            peer.release();
        }
    }

    private static void closeRegion(final ShmPort port) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            try
            {
                port.region().close();
                return;
            }
            catch (final IllegalStateException ex)
            {
                // a worker was inside an access at that instant: try again
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(1);
            }
        }
    }

    private static boolean alive(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
