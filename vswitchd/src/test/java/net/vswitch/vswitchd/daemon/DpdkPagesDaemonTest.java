package net.vswitch.vswitchd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.vswitch.natives.dpdk.DpdkLibrary;
import net.vswitch.testsupport.HugePageReservation;
import net.vswitch.testsupport.Requirements;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon with a DPDK port, as a real process: {@code show} says which pages EAL took, the default
 * takes huge pages when the machine has them, and SIGTERM gives them back ({@code HugePages_Free}).
 */
class DpdkPagesDaemonTest
{
    private static final long START_TIMEOUT_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void shouldTakeHugePagesByDefaultSayItInShowAndGiveThemBackOnSigterm() throws Exception
    {
        assumeDpdk();
        try (HugePageReservation ignored = HugePageReservation.reserve("DPDK daemon on huge pages", 96))
        {
            final long before = HugePageReservation.freePages();
            final Path ctl = dir.resolve("vsd-huge.ctl");
            final Path log = dir.resolve("daemon.log");
            final Process daemon = start(log, "run", "--ctl", ctl.toString(), "--port", "dpdk:net_null0,no-rx=1",
                "--port", "virtual:a");
            try
            {
                awaitSocket(ctl, daemon, log);
                final Map<String, Object> dpdk = dpdk(ctl);
                assertEquals("huge", dpdk.get("pages"), dpdk.toString());
                assertEquals("--in-memory --no-pci --vdev=net_null0,no-rx=1", dpdk.get("eal_args"));
                assertNull(dpdk.get("fallback"));
                final String show = CtlClient.call(ctl, "show").body();
                assertTrue(show.startsWith("dpdk: EAL on huge pages: --in-memory --no-pci --vdev=net_null0,no-rx=1\n"),
                    show);
                assertTrue(HugePageReservation.freePages() < before, "the daemon took no huge pages");
                daemon.destroy(); // SIGTERM
                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon stops within 60 s");
                assertEquals(0, daemon.exitValue(), Files.readString(log));
            }
            finally
            {
                daemon.destroyForcibly();
                daemon.waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(before, HugePageReservation.freePages(), "HugePages_Free after SIGTERM");
        }
    }

    @Test
    void shouldUseTheGivenEalArgumentsAndSayFourKilobytePages() throws Exception
    {
        assumeDpdk();
        final Path ctl = dir.resolve("vsd-4k.ctl");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = start(log, "run", "--ctl", ctl.toString(), "--dpdk-eal", "--no-huge -m 128 --no-pci",
            "--port", "dpdk:net_null0,no-rx=1");
        try
        {
            awaitSocket(ctl, daemon, log);
            final Map<String, Object> dpdk = dpdk(ctl);
            assertEquals("4k", dpdk.get("pages"));
            assertEquals("--no-huge -m 128 --no-pci --no-shconf --vdev=net_null0,no-rx=1", dpdk.get("eal_args"));
            assertNull(dpdk.get("fallback"));
            assertTrue(CtlClient.call(ctl, "show").body().startsWith("dpdk: EAL on 4 KB pages: --no-huge -m 128"));
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon stops within 60 s");
        }
        finally
        {
            daemon.destroyForcibly();
        }
    }

    private static void assumeDpdk()
    {
        Requirements.of("DPDK").that(DpdkLibrary.available(), String.valueOf(DpdkLibrary.problem()), "").assumeMet();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dpdk(final Path ctl) throws Exception
    {
        final CtlClient.Answer show = CtlClient.call(ctl, "show", "--json");
        assertTrue(show.ok(), show.body());
        final Map<String, Object> json = (Map<String, Object>)Json.parse(show.body());
        return (Map<String, Object>)json.get("dpdk");
    }

    private static Process start(final Path log, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("net.vswitch.vswitchd.Main");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitSocket(final Path ctl, final Process process, final Path log) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!Files.exists(ctl))
        {
            if (!process.isAlive())
            {
                throw new AssertionError("daemon exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.currentTimeMillis() > deadline)
            {
                process.destroyForcibly();
                throw new AssertionError("daemon did not create " + ctl + " within " + START_TIMEOUT_MS + " ms: "
                    + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }
}
