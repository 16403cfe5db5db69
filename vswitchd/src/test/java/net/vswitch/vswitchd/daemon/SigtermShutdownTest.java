package net.vswitch.vswitchd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.vswitchd.ctl.CtlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vswitch run} as a real process (the packaged java command: same class path and JVM flags
 * the launcher uses): SIGTERM detaches and closes the ports, logs their counters, removes the socket
 * and the pid file and exits 0; a second daemon on the same socket exits 1 naming the first one.
 */
class SigtermShutdownTest
{
    private static final long START_TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;

    private static List<String> javaCommand(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("net.vswitch.vswitchd.Main");
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitSocket(final Path ctl, final Process process) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!Files.exists(ctl))
        {
            if (!process.isAlive())
            {
                throw new AssertionError("daemon exited with " + process.exitValue() + ": "
                    + new String(process.getErrorStream().readAllBytes()));
            }
            if (System.currentTimeMillis() > deadline)
            {
                process.destroyForcibly();
                throw new AssertionError("daemon did not create " + ctl + " within " + START_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldShutDownCleanlyOnSigterm() throws Exception
    {
        final Path ctl = dir.resolve("vsd-term.ctl");
        final Path pid = Path.of(ctl + ".pid");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = new ProcessBuilder(javaCommand("run", "--ctl", ctl.toString(), "--port", "virtual:a",
            "--port", "virtual:b")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process second = null;
        try
        {
            awaitSocket(ctl, daemon);
            assertEquals(daemon.pid() + "", Files.readString(pid).strip());
            final CtlClient.Answer show = CtlClient.call(ctl, "show");
            assertTrue(show.ok() && show.body().contains("virtual:b"), show.body());

            second = new ProcessBuilder(javaCommand("run", "--ctl", ctl.toString())).redirectErrorStream(true).start();
            assertTrue(second.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertEquals(1, second.exitValue());
            assertEquals("vswitch run: another vswitch daemon (pid " + daemon.pid() + ") owns the control socket " + ctl
                + " (lock file " + pid + "); stop it first or give this one another --ctl PATH\n",
                new String(second.getInputStream().readAllBytes()));

            daemon.destroy(); // SIGTERM
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon stops within 30 s");
            final String output = Files.readString(log);
            assertEquals(0, daemon.exitValue(), output);
            assertFalse(Files.exists(ctl), "socket removed");
            assertFalse(Files.exists(pid), "pid file removed");
            assertTrue(output.contains("event=stopping signal=SIGTERM"), output);
            assertTrue(output.contains("event=port_counters switch=br0 port=a rx_packets=0"), output);
            assertTrue(output.contains("event=port_counters switch=br0 port=b rx_packets=0"), output);
            assertTrue(output.contains("event=stopped pid=" + daemon.pid()), output);
        }
        finally
        {
            daemon.destroyForcibly();
            if (second != null)
            {
                second.destroyForcibly();
            }
        }
    }

    @Test
    void shouldExitTwoWithFileLineReasonForABadConfig() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("bad.yaml"), "switches:\n  - name: br0\n    logik: bridge\n");
        final Process run = new ProcessBuilder(javaCommand("run", "--config", file.toString(), "--ctl",
            dir.resolve("vsd-bad.ctl").toString())).redirectErrorStream(true).start();
        assertTrue(run.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals("vswitch run: " + file + ":3: unknown key 'logik' in a switch (known: name, logic, settings,"
            + " max-ports, max-batch, ports)\n", new String(run.getInputStream().readAllBytes()));
        assertEquals(2, run.exitValue());
    }
}
