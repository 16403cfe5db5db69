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
import net.vswitch.testsupport.Requirements;

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
    private static final Path NR_HUGEPAGES = Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static long originalPages = -1;
    private static Path mounted;

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
    static void reservePages() throws Exception
    {
        DpdkTestSupport.assumeDpdk();
        Requirements.of("DPDK huge pages").root()
            .that(Files.isWritable(NR_HUGEPAGES), NR_HUGEPAGES + " (no 2 MiB huge pages in this kernel)", "")
            .assumeMet();
        originalPages = Long.parseLong(Files.readString(NR_HUGEPAGES).trim());
        final long free = freePages();
        if (free < PAGES)
        {
            Files.writeString(NR_HUGEPAGES, String.valueOf(originalPages + PAGES - free));
        }
        if (HugePages.probe().mounts().isEmpty())
        {
            final Path dir = Path.of("/tmp", "vsdp-huge-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.createDirectories(dir);
            final ChildProcess.Result mount = ChildProcess.runQuietly(WAIT, "mount", "-t", "hugetlbfs", "-o",
                "pagesize=2M", "nodev", dir.toString());
            if (mount.exitCode() == 0)
            {
                mounted = dir;
            }
            else
            {
                Files.deleteIfExists(dir);
            }
        }
        final long reserved = freePages();
        final boolean hasMount = !HugePages.probe().mounts().isEmpty();
        if (reserved < PAGES || !hasMount)
        {
            restore();
        }
        Requirements.of("DPDK huge pages")
            .that(reserved >= PAGES, PAGES + " free 2 MiB huge pages (the kernel gave " + reserved + ")", "")
            .that(hasMount, "a hugetlbfs mount (mount -t hugetlbfs failed)", "")
            .assumeMet();
    }

    @AfterAll
    static void restore() throws IOException
    {
        if (mounted != null)
        {
            ChildProcess.runQuietly(WAIT, "umount", mounted.toString());
            Files.deleteIfExists(mounted);
            mounted = null;
        }
        if (originalPages >= 0)
        {
            Files.writeString(NR_HUGEPAGES, String.valueOf(originalPages));
            originalPages = -1;
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
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith("HugePages_Free:"))
                {
                    return Long.parseLong(line.substring("HugePages_Free:".length()).trim());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot read /proc/meminfo", ex);
        }
        throw new AssertionError("no HugePages_Free in /proc/meminfo");
    }
}
