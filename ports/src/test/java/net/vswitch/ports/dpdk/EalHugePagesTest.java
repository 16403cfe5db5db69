package net.vswitch.ports.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.vswitch.natives.dpdk.DpdkLibrary;
import net.vswitch.testsupport.ChildProcess;
import net.vswitch.testsupport.HugePageReservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Huge pages end to end, in child JVMs (EAL once per process): the default settings take huge pages
 * when the machine has them, and every way a DPDK process ends gives them back ({@code HugePages_Free}
 * of {@code /proc/meminfo} counted before and after). Reserves {@value #PAGES} pages of 2 MiB and
 * mounts a hugetlbfs when none is mounted, and puts both back afterwards.
 */
class EalHugePagesTest
{
    private static final int PAGES = 64;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static HugePageReservation reservation;

    /** Runs in the child: opens a DPDK sink port, reports, then closes everything, exits, or waits for a signal. */
    public static void main(final String[] args) throws Exception
    {
        final DpdkSettings settings = (args[1].equals("auto") ? DpdkSettings.defaults() : DpdkSettings.of(args[1]))
            .withPort(DpdkTestSupport.SMALL);
        final DpdkPort port = DpdkPort.open("net_null0,no-rx=1", settings);
        final Eal eal = Eal.running();
        System.out.println("MODE " + (eal.hugePages() ? "hugepages" : "4k") + " " + String.join(" ", eal.args()));
        System.out.println("FREE " + freePages());
        if (args[0].equals("close"))
        {
            port.close();
            eal.close();
            System.out.println("CLOSED " + freePages());
            return;
        }
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    @BeforeAll
    static void reservePages() throws IOException
    {
        DpdkTestSupport.assumeDpdk();
        reservation = HugePageReservation.reserve("DPDK huge pages", PAGES);
    }

    @AfterAll
    static void restore() throws IOException
    {
        if (reservation != null)
        {
            reservation.close();
        }
    }

    @Test
    void shouldTakeHugePagesByDefaultAndGiveThemBackOnSigterm()
    {
        final long before = freePages();
        try (ChildProcess child = child("term", "auto"))
        {
            final String mode = child.nextLine(WAIT);
            assertTrue(mode.startsWith("MODE hugepages --in-memory --no-pci --vdev=net_null0,no-rx=1"), mode);
            assertTaken(before, child.nextLine(WAIT));
            assertEquals("READY", child.nextLine(WAIT));
            child.process().destroy();
            child.await(WAIT);
        }
        assertEquals(before, freePages(), "HugePages_Free after the DPDK process ended on SIGTERM");
    }

    @Test
    void shouldRemoveTheHugePageFilesOfAFilePrefixOnSigterm()
    {
        final String prefix = "vsdp" + Long.toHexString(ThreadLocalRandom.current().nextInt() & 0xffffffL);
        final long before = freePages();
        try (ChildProcess child = child("term", "--no-pci --file-prefix " + prefix))
        {
            final String mode = child.nextLine(WAIT);
            assertTrue(mode.startsWith("MODE hugepages --no-pci --file-prefix " + prefix), mode);
            assertTaken(before, child.nextLine(WAIT));
            assertEquals("READY", child.nextLine(WAIT));
            child.process().destroy();
            child.await(WAIT);
        }
        assertEquals(before, freePages(), "HugePages_Free after a --file-prefix DPDK process ended on SIGTERM");
        assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)), "runtime directory /var/run/dpdk/" + prefix);
    }

    @Test
    void shouldGiveTheHugePagesBackWhenAnEmbeddingProgramClosesEal()
    {
        final String prefix = "vsdp" + Long.toHexString(ThreadLocalRandom.current().nextInt() & 0xffffffL);
        final long before = freePages();
        try (ChildProcess child = child("close", "--no-pci --file-prefix=" + prefix))
        {
            assertTrue(child.nextLine(WAIT).startsWith("MODE hugepages"));
            assertTaken(before, child.nextLine(WAIT));
            // the pages are back while the process still runs
            assertEquals("CLOSED " + before, child.nextLine(WAIT));
            assertEquals(0, child.await(WAIT).exitCode(), child.output());
        }
        assertEquals(before, freePages());
    }

    private static void assertTaken(final long before, final String line)
    {
        assertTrue(line.startsWith("FREE "), line);
        final long during = Long.parseLong(line.substring("FREE ".length()));
        assertTrue(during < before, "the DPDK process took no huge pages: " + before + " free before, " + during
            + " while it ran");
    }

    private static ChildProcess child(final String how, final String eal)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        final String shim = System.getProperty(DpdkLibrary.PATH_PROP_NAME);
        if (shim != null)
        {
            command.add("-D" + DpdkLibrary.PATH_PROP_NAME + "=" + shim);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EalHugePagesTest.class.getName(), how,
            eal));
        return ChildProcess.start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT));
    }

    private static long freePages()
    {
        return HugePageReservation.freePages();
    }
}
