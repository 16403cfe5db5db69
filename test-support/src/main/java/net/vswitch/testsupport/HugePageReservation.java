package net.vswitch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free 2 MiB huge pages and a hugetlbfs mount for a test, put back as they were by {@link #close()}:
 * raises {@code nr_hugepages} until {@code pages} are free and mounts a hugetlbfs under {@code /tmp}
 * when none is mounted. Skips the test (with {@link Requirements}) when not root or when the kernel
 * cannot give the pages.
 */
public final class HugePageReservation implements AutoCloseable
{
    private static final Path NR_HUGEPAGES = Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final long originalPages;
    private Path mounted;

    private HugePageReservation(final long originalPages)
    {
        this.originalPages = originalPages;
    }

    /**
     * Reserves {@code pages} free pages of 2 MiB, or skips the calling test saying why it cannot.
     *
     * @param what  the test, named in the skip message
     * @param pages how many free pages the test needs
     * @return the reservation, to close after the test
     */
    public static HugePageReservation reserve(final String what, final int pages) throws IOException
    {
        Requirements.of(what).root()
            .that(Files.isWritable(NR_HUGEPAGES), NR_HUGEPAGES + " (no 2 MiB huge pages in this kernel)", "")
            .assumeMet();
        final HugePageReservation reservation = new HugePageReservation(
            Long.parseLong(Files.readString(NR_HUGEPAGES).trim()));
        final long free = freePages();
        if (free < pages)
        {
            Files.writeString(NR_HUGEPAGES, String.valueOf(reservation.originalPages + pages - free));
        }
        if (!hugetlbfsMounted())
        {
            final Path dir = Path.of("/tmp", "vs-huge-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.createDirectories(dir);
            if (ChildProcess.runQuietly(WAIT, "mount", "-t", "hugetlbfs", "-o", "pagesize=2M", "nodev",
                dir.toString()).exitCode() == 0)
            {
                reservation.mounted = dir;
            }
            else
            {
                Files.deleteIfExists(dir);
            }
        }
        final long reserved = freePages();
        final boolean mounted = hugetlbfsMounted();
        if (reserved < pages || !mounted)
        {
            reservation.close();
        }
        Requirements.of(what)
            .that(reserved >= pages, pages + " free 2 MiB huge pages (the kernel gave " + reserved + ")", "")
            .that(mounted, "a hugetlbfs mount (mount -t hugetlbfs failed)", "")
            .assumeMet();
        return reservation;
    }

    /** {@code HugePages_Free} of {@code /proc/meminfo}. */
    public static long freePages()
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
        return 0;
    }

    private static boolean hugetlbfsMounted() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/mounts")))
        {
            final String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].equals("hugetlbfs"))
            {
                return true;
            }
        }
        return false;
    }

    /** Unmounts what this mounted and gives the kernel back the pages it reserved. */
    @Override
    public void close() throws IOException
    {
        if (mounted != null)
        {
            ChildProcess.runQuietly(WAIT, "umount", mounted.toString());
            Files.deleteIfExists(mounted);
            mounted = null;
        }
        Files.writeString(NR_HUGEPAGES, String.valueOf(originalPages));
    }
}
