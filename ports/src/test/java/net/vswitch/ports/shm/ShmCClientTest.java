package net.vswitch.ports.shm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Switch;
import net.vswitch.fabric.logic.StaticLogic;

import static org.junit.jupiter.api.Assertions.*;

/** The C client in examples/c speaks the same layout: built with gcc and run against two ports. */
class ShmCClientTest
{
    private static final Path SOURCE = Path.of("..", "examples", "c", "shm_client.c");

    @Test
    void shouldExchangeFramesWithTheCClient() throws Exception
    {
        final boolean gcc = Files.isExecutable(Path.of("/usr/bin/gcc"));
        if (!gcc)
        {
            System.err.println("SKIPPING C shm client test: /usr/bin/gcc not installed (apt-get install gcc)");
        }
        Assumptions.assumeTrue(gcc, "gcc not installed");
        assertTrue(Files.exists(SOURCE), SOURCE.toAbsolutePath() + " missing");
        final Path binary = Path.of("target", "shm_client");
        final Process build = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(),
            SOURCE.toString()).inheritIO().start();
        assertTrue(build.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, build.exitValue(), "gcc failed");

        final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final long count = 200_000;
        try (Switch sw = new Switch("sw", new StaticLogic()))
        {
            final ShmPort a = new ShmPort("a", dir.resolve("vsp-" + tag + "-ca"));
            final ShmPort b = new ShmPort("b", dir.resolve("vsp-" + tag + "-cb"));
            try
            {
                sw.attach(a);
                sw.attach(b);
                final Process client = new ProcessBuilder(binary.toString(), a.path().toString(), b.path().toString(),
                    Long.toString(count)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                final String line = new String(client.getInputStream().readAllBytes());
                assertTrue(client.waitFor(5, TimeUnit.MINUTES));
                assertEquals(0, client.exitValue(), line);
                final Map<String, String> result = ShmPortTest.fields(line);
                assertEquals(Long.toString(count), result.get("received"), line);
                assertEquals(result.get("sentSum"), result.get("receivedSum"), line);
                assertEquals("0", result.get("outOfOrder"), line);
                assertEquals(count, b.counters().txPackets());
                assertEquals(0, a.counters().totalDrops());
                ShmPortTest.awaitNoClient(a);

                // same frames, same checksum as the Java side computes
                long javaSum = 0;
                final java.lang.foreign.MemorySegment frame = java.lang.foreign.MemorySegment.ofArray(new byte[256]);
                for (long seq = 0; seq < count; seq++)
                {
                    javaSum += ShmTestFrames.hash(frame, 0, ShmTestFrames.write(frame, 0, seq));
                }
                assertEquals(Long.toHexString(javaSum), result.get("sentSum"));
            }
            finally
            {
                for (final ShmPort port : new ShmPort[] {a, b})
                {
                    if (port.owner() != null)
                    {
                        sw.detach(port);
                    }
                    port.close();
                }
            }
        }
    }

    @Test
    void shouldRefuseAPlainFileInC() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("target", "shm_client")) || build(), "no C client");
        final Path bogus = Files.write(Files.createTempFile("vsp-bogus", ".shm"), new byte[8192]);
        try
        {
            final Process client = new ProcessBuilder(Path.of("target", "shm_client").toString(), bogus.toString(),
                bogus.toString(), "1").redirectErrorStream(true).start();
            final String output = new String(client.getInputStream().readAllBytes()).trim();
            assertTrue(client.waitFor(1, TimeUnit.MINUTES));
            assertEquals(2, client.exitValue());
            assertEquals("shm_client: " + bogus + ": a plain file, not a vswitch shared-memory port socket", output);
        }
        finally
        {
            Files.delete(bogus);
        }
    }

    private static boolean build() throws Exception
    {
        if (!Files.isExecutable(Path.of("/usr/bin/gcc")))
        {
            System.err.println("SKIPPING C shm client test: /usr/bin/gcc not installed (apt-get install gcc)");
            return false;
        }
        final Process build = new ProcessBuilder("gcc", "-O2", "-o", "target/shm_client", SOURCE.toString())
            .inheritIO().start();
        return build.waitFor(2, TimeUnit.MINUTES) && build.exitValue() == 0;
    }
}
