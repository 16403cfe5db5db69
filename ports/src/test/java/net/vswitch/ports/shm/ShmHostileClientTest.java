package net.vswitch.ports.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.virtual.VirtualPort;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A hostile client process (Python, written against docs/shm-layout.md only) attacks a shared-memory
 * port the way issue 28 lists, one fresh port per attack, while an honest client on another port
 * exchanges traffic with a virtual port through every attack. Its traffic must never stop, every
 * thread of the switch must be alive at the end, and every port's books must balance.
 */
class ShmHostileClientTest
{
    private static final Path SCRIPT = Path.of("src", "test", "resources", "shm", "hostile_client.py");
    private static final int MARKER_OFFSET = 14;
    private static final long HONEST = 0x54534e4f48L; // "HONST" little-endian
    private static final long ECHO = 0x4f484345L; // "ECHO"
    private static final long ATTACK_SECONDS = 60;

    @Test
    void shouldContainEveryAttackWhileAnHonestClientKeepsTalking() throws Exception
    {
        final boolean python = Files.isExecutable(Path.of("/usr/bin/python3"));
        if (!python)
        {
            System.err.println("SKIPPING hostile shm client test: /usr/bin/python3 not installed");
        }
        Assumptions.assumeTrue(python, "python3 not installed");
        final Set<String> threadsBefore = threadNames();
        final ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
        final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
        final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        final List<Port> everyPort = new ArrayList<>();
        try (Switch sw = new Switch("sw", new FloodLogic()))
        {
            final ShmPort honestPort = new ShmPort("b", shmPath(tag, "b"));
            final VirtualPort peer = new VirtualPort("v");
            everyPort.add(honestPort);
            everyPort.add(peer);
            sw.attach(honestPort);
            sw.attach(peer);
            final Honest honest = new Honest(honestPort.path());
            final Echo echo = new Echo(peer);
            try
            {
                awaitEchoes(honest, 20, "before any attack");
                for (final String attack : List.of("lengths", "tail-ahead", "tail-behind", "header-garbage",
                    "random-writes", "resize", "exit-mid-batch", "claim-twice", "unlink", "flood-until-closed"))
                {
                    final ShmPort hostile = new ShmPort("a-" + attack, shmPath(tag, "a-" + attack));
                    everyPort.add(hostile);
                    sw.attach(hostile);
                    final long echoes = honest.echoes.get();
                    final Map<String, String> result = attack(sw, hostile, attack, honestPort);
                    check(hostile, attack, result);
                    System.out.println("attack " + attack + ": client said " + result + "; port " + summary(hostile)
                        + "; honest echoes " + honest.echoes.get());
                    awaitEchoes(honest, echoes + 20, "after attack " + attack);
                    if (hostile.owner() != null)
                    {
                        sw.detach(hostile);
                        hostile.close();
                    }
                    assertEquals(0, hostile.workerErrors(), attack + ": " + hostile.lastWorkerError());
                    assertFalse(hostile.quarantined(), attack + " quarantined its port: " + hostile.fault());
                }
                awaitEchoes(honest, honest.echoes.get() + 20, "at the end");
                assertEquals(Set.of(), missing(Set.of("rx-b", "shm-listen-b"), threadNames()),
                    "the honest port's threads are alive");
            }
            finally
            {
                honest.stop();
                echo.stop();
            }
            assertNull(honest.error.get(), "the honest client saw an error");
            assertNull(echo.error.get(), "the echo saw an error");
            assertEquals(0, honestPort.workerErrors());
            assertEquals(0, honestPort.protocolErrors());
            assertEquals(0, sw.portErrors(), "port errors: " + sw.lastPortError());
            assertFalse(honestPort.quarantined());
            for (final Port port : sw.ports())
            {
                sw.detach(port);
            }
            assertBooksBalance(everyPort);
            honestPort.close();
            peer.close();
        }
        finally
        {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertEquals(List.of(), List.copyOf(uncaught), "uncaught exceptions in switch threads");
        // every thread the switch started for the hostile ports ended cleanly once its port closed
        final Set<String> left = threadNames();
        left.removeAll(threadsBefore);
        left.removeIf(name -> !name.startsWith("rx-a-") && !name.startsWith("shm-listen-a-"));
        assertEquals(Set.of(), left, "hostile ports' threads still running");
    }

    private static Map<String, String> attack(final Switch sw, final ShmPort hostile, final String attack,
        final ShmPort honestPort) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), hostile.path().toString(),
            attack));
        if (attack.equals("claim-twice"))
        {
            command.add(honestPort.path().toString());
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
            final StringBuilder lines = new StringBuilder();
            if (attack.equals("flood-until-closed"))
            {
                assertEquals("flooding", out.readLine());
                Thread.sleep(200);
                // the switch detaches and closes the port while its client writes as fast as it can
                sw.detach(hostile);
                hostile.close();
            }
            String line;
            while ((line = out.readLine()) != null)
            {
                lines.append(line).append(' ');
            }
            assertTrue(process.waitFor(ATTACK_SECONDS, TimeUnit.SECONDS), attack + ": client did not finish");
            assertEquals(0, process.exitValue(), attack + ": " + lines);
            return ShmPortTest.fields(lines.toString().replace(" done ", " ").replace("done", "").trim());
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static void check(final ShmPort hostile, final String attack, final Map<String, String> result)
        throws Exception
    {
        final PortCounters c = hostile.counters();
        switch (attack)
        {
            case "lengths" ->
            {
                // -1, -2^31, 2^31-1, bufsize+1, 65536 by the port; 0 and 13 by the fabric; the valid one flooded
                awaitSettled(hostile, 8);
                assertEquals(7, c.drops(DropReason.MALFORMED));
                assertEquals(2, c.forwarded());
            }
            case "tail-ahead", "tail-behind" ->
            {
                awaitSettled(hostile, 1);
                assertEquals(1, c.drops(DropReason.PROTOCOL_ERROR));
                assertEquals(1, hostile.protocolErrors());
            }
            case "header-garbage" ->
            {
                awaitSettled(hostile, 1);
                assertEquals(2, c.forwarded(), "the valid frame after the garbage is flooded to b and v");
            }
            case "resize" -> assertEquals(Map.of("truncate", "EPERM", "shrink_to_zero", "EPERM", "grow", "EPERM",
                "fallocate_grow", "EPERM", "unseal_write", "EPERM", "size", "unchanged"), result);
            case "exit-mid-batch" ->
            {
                awaitSettled(hostile, 32);
                assertEquals(64, c.forwarded());
                ShmPortTest.awaitNoClient(hostile);
            }
            case "claim-twice" ->
            {
                assertEquals("refused", result.get("second"));
                assertEquals("refused", result.get("other"), "a hostile client claimed the honest client's port");
                assertTrue(result.get("reason").startsWith("shm_port_a-claim-twice_already_has_a_client,_pid_"),
                    result.get("reason"));
            }
            case "unlink" ->
            {
                assertEquals("yes", result.get("unlinked"));
                assertEquals("shm port " + hostile.path() + " does not exist (is a switch running with port shm:"
                    + hostile.path() + "?)", assertThrows(UncheckedIOException.class,
                        () -> ShmClient.attach(hostile.path())).getMessage());
            }
            case "flood-until-closed" -> assertEquals("yes", result.get("closed"), result.toString());
            default -> awaitQuiet(hostile);
        }
        if (hostile.owner() != null)
        {
            awaitQuiet(hostile);
        }
    }

    // ------------------------------------------------------------------ the honest pair

    /** The honest client of port b: sends a broadcast now and then, counts the echoes that come back. */
    private static final class Honest
    {
        final AtomicLong echoes = new AtomicLong();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final ShmClient client;
        private final Thread thread;
        private volatile boolean running = true;

        Honest(final Path path)
        {
            client = ShmClient.attach(path);
            thread = Thread.ofPlatform().name("honest-client").start(this::run);
        }

        private void run()
        {
            try
            {
                long seq = 0;
                while (running)
                {
                    final int claimed = client.claim(4);
                    for (int i = 0; i < claimed; i++)
                    {
                        final long at = client.txBufferOffset(i);
                        writeFrame(client.txMemory(), at, HONEST, seq++);
                        client.txLength(i, 64);
                    }
                    client.commit(claimed);
                    client.poll((memory, offset, length) ->
                    {
                        if (length >= 64 && memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + MARKER_OFFSET) == ECHO)
                        {
                            echoes.incrementAndGet();
                        }
                    }, 256, 1, TimeUnit.MILLISECONDS);
                }
            }
            catch (final RuntimeException ex)
            {
                error.set(ex);
            }
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            client.close();
        }
    }

    /** Port v: sends every honest frame back as an echo (flooded to b and to the hostile port). */
    private static final class Echo
    {
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        Echo(final VirtualPort port)
        {
            final MemorySegment frame = MemorySegment.ofArray(new byte[64]);
            thread = Thread.ofPlatform().name("echo").start(() ->
            {
                try
                {
                    final long[] pending = new long[1];
                    while (running)
                    {
                        pending[0] = 0;
                        port.poll((memory, offset, length) ->
                        {
                            if (length == 64 && memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + MARKER_OFFSET)
                                == HONEST)
                            {
                                pending[0]++;
                            }
                        }, 64, 1, TimeUnit.MILLISECONDS);
                        for (long i = 0; i < pending[0]; i++)
                        {
                            writeFrame(frame, 0, ECHO, i);
                            port.send(frame, 0, 64);
                        }
                    }
                }
                catch (final RuntimeException ex)
                {
                    error.set(ex);
                }
            });
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private static void writeFrame(final MemorySegment memory, final long at, final long marker, final long seq)
    {
        memory.asSlice(at, 64).fill((byte)0);
        for (int i = 0; i < 6; i++)
        {
            memory.set(ValueLayout.JAVA_BYTE, at + i, (byte)0xff);
        }
        memory.set(ValueLayout.JAVA_BYTE, at + 6, (byte)0x02);
        memory.set(ValueLayout.JAVA_BYTE, at + 11, (byte)0x0b);
        memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 12, (short)0xb588);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, at + MARKER_OFFSET, marker);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, at + MARKER_OFFSET + 8, seq);
    }

    private static void awaitEchoes(final Honest honest, final long atLeast, final String when) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (honest.echoes.get() < atLeast && honest.error.get() == null && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertNull(honest.error.get(), "honest client failed " + when);
        assertTrue(honest.echoes.get() >= atLeast, "the honest client's traffic stopped " + when + ": "
            + honest.echoes.get() + " echoes, expected " + atLeast);
    }

    // ------------------------------------------------------------------ books and threads

    /** Waits until the port received {@code packets} units and each was forwarded or counted as dropped. */
    private static void awaitSettled(final ShmPort port, final long packets) throws InterruptedException
    {
        final PortCounters c = port.counters();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((c.rxPackets() < packets || !balanced(c)) && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(packets, c.rxPackets(), port.name() + " rx");
        assertTrue(balanced(c), port.name() + " books");
    }

    /** Waits until the port's client stopped and its worker drained what it left (rx stops moving). */
    private static void awaitQuiet(final ShmPort port) throws InterruptedException
    {
        ShmPortTest.awaitNoClient(port);
        final PortCounters c = port.counters();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        while (System.nanoTime() < deadline)
        {
            final long rx = c.rxPackets();
            if (rx == last && balanced(c))
            {
                return;
            }
            last = rx;
            Thread.sleep(100);
        }
        fail(port.name() + " never settled: rx " + c.rxPackets());
    }

    private static String summary(final Port port)
    {
        final PortCounters c = port.counters();
        final StringBuilder text = new StringBuilder("rx=" + c.rxPackets() + " forwarded=" + c.forwarded() + " tx="
            + c.txPackets());
        for (final DropReason reason : DropReason.values())
        {
            if (c.drops(reason) != 0)
            {
                text.append(' ').append(reason.label()).append('=').append(c.drops(reason));
            }
        }
        return text.toString();
    }

    private static boolean balanced(final PortCounters c)
    {
        return c.rxPackets() + c.replicated() == c.forwarded() + c.totalDrops();
    }

    private static void assertBooksBalance(final List<Port> ports)
    {
        long forwarded = 0;
        long tx = 0;
        for (final Port port : ports)
        {
            final PortCounters c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.totalDrops(), port.name()
                + ": rx + replicated = forwarded + drops");
            assertEquals(0, c.drops(DropReason.TX_ERROR), port.name() + " tx errors");
            forwarded += c.forwarded();
            tx += c.txPackets();
        }
        // every copy the fabric forwarded reached a port's ring: rx + replicated = tx + drops, switch-wide
        assertEquals(forwarded, tx, "copies forwarded vs transmitted");
    }

    private static Set<String> threadNames()
    {
        final Set<String> names = new java.util.HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive())
            {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static Set<String> missing(final Set<String> wanted, final Set<String> present)
    {
        final Set<String> missing = new java.util.TreeSet<>(wanted);
        missing.removeAll(present);
        return missing;
    }

    private static Path shmPath(final String tag, final String what) throws IOException
    {
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final Path path = dir.resolve("vsp-" + tag + "-" + what);
        Files.deleteIfExists(path);
        return path;
    }
}
