package net.vswitch.ports.shm;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.testsupport.ChildProcess;
import net.vswitch.testsupport.Requirements;

import static org.junit.jupiter.api.Assertions.*;

/** The C client in examples/c speaks the same layout: built with gcc and run against two ports. */
class ShmCClientTest
{
    private static final Path SOURCE = Path.of("..", "examples", "c", "shm_client.c");

    @Test
    void shouldExchangeFramesWithTheCClient() throws Exception
    {
        Requirements.of("C shared-memory client").tool("gcc", "gcc").assumeMet();
        assertTrue(Files.exists(SOURCE), SOURCE.toAbsolutePath() + " missing");
        final Path binary = Path.of("target", "shm_client");
        try (ChildProcess build = ChildProcess.start(new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o",
            binary.toString(), SOURCE.toString()).redirectErrorStream(true)))
        {
            final ChildProcess.Result built = build.await(Duration.ofMinutes(2));
            assertEquals(0, built.exitCode(), "gcc failed: " + built.output());
        }

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
                final String line;
                try (ChildProcess client = ChildProcess.start(new ProcessBuilder(binary.toString(),
                    a.path().toString(), b.path().toString(), Long.toString(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)))
                {
                    final ChildProcess.Result result = client.await(Duration.ofMinutes(5));
                    line = result.output();
                    assertEquals(0, result.exitCode(), line);
                }
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
        Requirements.of("C shared-memory client").tool("gcc", "gcc").assumeMet();
        assertTrue(Files.isExecutable(Path.of("target", "shm_client")) || build(), "the C client did not build");
        final Path bogus = Files.write(Files.createTempFile("vsp-bogus", ".shm"), new byte[8192]);
        try
        {
            final ChildProcess.Result result;
            try (ChildProcess client = ChildProcess.start(new ProcessBuilder(Path.of("target", "shm_client").toString(),
                bogus.toString(), bogus.toString(), "1").redirectErrorStream(true)))
            {
                result = client.await(Duration.ofMinutes(1));
            }
            final String output = result.output().trim();
            assertEquals(2, result.exitCode(), output);
            assertEquals("shm_client: " + bogus + ": a plain file, not a vswitch shared-memory port socket", output);
        }
        finally
        {
            Files.delete(bogus);
        }
    }

    private static boolean build()
    {
        try (ChildProcess build = ChildProcess.start(new ProcessBuilder("gcc", "-O2", "-o", "target/shm_client",
            SOURCE.toString()).redirectErrorStream(true)))
        {
            final ChildProcess.Result result = build.await(Duration.ofMinutes(2));
            if (result.exitCode() != 0)
            {
                System.err.println("gcc failed: " + result.output());
            }
            return result.exitCode() == 0;
        }
    }
}
