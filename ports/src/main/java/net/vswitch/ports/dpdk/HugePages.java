package net.vswitch.ports.dpdk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the machine offers DPDK in huge pages: the hugetlbfs mounts ({@code /proc/mounts}) and the
 * free pages of each size ({@code /sys/kernel/mm/hugepages/hugepages-NkB/free_hugepages}). Only
 * sizes with a mount count: DPDK's EAL finds huge pages through their mounts.
 *
 * @param mounts          hugetlbfs mount points with their page size in bytes
 * @param freePages       free pages by page size in bytes
 * @param defaultPageSize the kernel's default huge page size in bytes ({@code Hugepagesize} of
 *                        {@code /proc/meminfo}); a mount without {@code pagesize=} has this size
 */
public record HugePages(Map<Path, Long> mounts, Map<Long, Long> freePages, long defaultPageSize)
{
    /** The command that reserves 512 pages of 2 MiB (1 GiB), as the docs quote it. */
    public static final String RESERVE_HINT = "echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";
    private static final long MIB = 1L << 20;

    public HugePages
    {
        mounts = Map.copyOf(mounts);
        freePages = Map.copyOf(freePages);
    }

    /** Reads this machine's hugetlbfs mounts and free huge pages; nothing found is an empty answer. */
    public static HugePages probe()
    {
        return probe(Path.of("/proc/mounts"), Path.of("/proc/meminfo"), Path.of("/sys/kernel/mm/hugepages"));
    }

    static HugePages probe(final Path procMounts, final Path meminfo, final Path sysHugepages)
    {
        final long defaultSize = defaultPageSize(meminfo);
        final Map<Long, Long> free = new TreeMap<>();
        if (Files.isDirectory(sysHugepages))
        {
            try (DirectoryStream<Path> sizes = Files.newDirectoryStream(sysHugepages, "hugepages-*kB"))
            {
                for (final Path dir : sizes)
                {
                    final String name = dir.getFileName().toString();
                    final long kb = Long.parseLong(name.substring("hugepages-".length(), name.length() - 2));
                    free.put(kb * 1024, readLong(dir.resolve("free_hugepages")));
                }
            }
            catch (final IOException | NumberFormatException ex)
            {
                free.clear();
            }
        }
        final Map<Path, Long> mounts = new TreeMap<>();
        for (final String line : readLines(procMounts))
        {
            final String[] fields = line.split(" ");
            if (fields.length >= 4 && fields[2].equals("hugetlbfs"))
            {
                mounts.put(Path.of(unescape(fields[1])), pageSize(fields[3], defaultSize));
            }
        }
        return new HugePages(mounts, free, defaultSize);
    }

    /** Bytes of free huge pages of the sizes that have a hugetlbfs mount. */
    public long usableBytes()
    {
        long bytes = 0;
        for (final Map.Entry<Long, Long> entry : freePages.entrySet())
        {
            if (mounts.containsValue(entry.getKey()))
            {
                bytes += entry.getKey() * entry.getValue();
            }
        }
        return bytes;
    }

    /**
     * Why {@code neededBytes} cannot come from huge pages, or {@code null} when it can.
     *
     * @param neededBytes what EAL and the configured ports need
     */
    public String shortfall(final long neededBytes)
    {
        if (mounts.isEmpty())
        {
            return "no hugetlbfs is mounted";
        }
        final long usable = usableBytes();
        if (usable < neededBytes)
        {
            return String.format(Locale.ROOT, "the mounted huge page sizes have %d MiB free, the DPDK ports need"
                + " about %d MiB", usable / MIB, (neededBytes + MIB - 1) / MIB);
        }
        return null;
    }

    private static long pageSize(final String options, final long defaultSize)
    {
        for (final String option : options.split(","))
        {
            if (option.startsWith("pagesize="))
            {
                return parseSize(option.substring("pagesize=".length()), defaultSize);
            }
        }
        return defaultSize;
    }

    /** {@code 2M}, {@code 1G}, {@code 2048k} or bytes, as mount(8) shows them. */
    static long parseSize(final String text, final long fallback)
    {
        if (text.isEmpty())
        {
            return fallback;
        }
        final char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        final int shift = switch (unit)
        {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        try
        {
            return Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1)) << shift;
        }
        catch (final NumberFormatException ex)
        {
            return fallback;
        }
    }

    private static long defaultPageSize(final Path meminfo)
    {
        for (final String line : readLines(meminfo))
        {
            if (line.startsWith("Hugepagesize:"))
            {
                final String[] fields = line.substring("Hugepagesize:".length()).trim().split("\\s+");
                try
                {
                    return Long.parseLong(fields[0]) * 1024;
                }
                catch (final NumberFormatException ex)
                {
                    break;
                }
            }
        }
        return 2 * MIB;
    }

    /** /proc/mounts escapes spaces and the like as octal ({@code \040}). */
    private static String unescape(final String field)
    {
        final StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++)
        {
            final char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1))
            {
                out.append((char)Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(final String text, final int from)
    {
        for (int i = from; i < from + 3; i++)
        {
            if (text.charAt(i) < '0' || text.charAt(i) > '7')
            {
                return false;
            }
        }
        return true;
    }

    private static long readLong(final Path file)
    {
        final List<String> lines = readLines(file);
        try
        {
            return lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).trim());
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static List<String> readLines(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            return new ArrayList<>();
        }
    }
}
