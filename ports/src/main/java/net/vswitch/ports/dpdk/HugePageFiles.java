package net.vswitch.ports.dpdk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files through which an EAL with a {@code --file-prefix P} holds its huge pages
 * ({@code MOUNT/Pmap_N} in every hugetlbfs mount, or in {@code --huge-dir}) and its runtime directory
 * ({@code /var/run/dpdk/P}). DPDK leaves them behind at exit, and every page stays taken until they
 * are deleted. Deleting them while EAL still maps them is safe: the kernel frees a page when its last
 * mapping goes, so this runs at JVM exit too.
 *
 * @param prefix  the {@code --file-prefix}
 * @param hugeDir the {@code --huge-dir}, or {@code null} for every hugetlbfs mount
 */
record HugePageFiles(String prefix, Path hugeDir)
{
    /** The files to remove for EAL arguments {@code args}, if EAL leaves any behind. */
    static Optional<HugePageFiles> of(final List<String> args)
    {
        final String prefix = value(args, "--file-prefix");
        if (prefix == null || prefix.isEmpty() || prefix.contains("/") || !DpdkSettings.usesHugePages(args)
            || DpdkSettings.hasOption(args, "--in-memory") || DpdkSettings.hasOption(args, "--huge-unlink"))
        {
            return Optional.empty();
        }
        final String dir = value(args, "--huge-dir");
        return Optional.of(new HugePageFiles(prefix, dir == null ? null : Path.of(dir)));
    }

    /** Deletes the hugepage files and the runtime directory; reports what it cannot delete on stderr. */
    void remove()
    {
        final List<Path> dirs = new ArrayList<>();
        if (hugeDir != null)
        {
            dirs.add(hugeDir);
        }
        else
        {
            dirs.addAll(HugePages.probe().mounts().keySet());
        }
        for (final Path dir : dirs)
        {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "map_*"))
            {
                for (final Path file : files)
                {
                    Files.deleteIfExists(file);
                }
            }
            catch (final IOException ex)
            {
                System.err.println("vswitch: cannot remove DPDK hugepage files " + dir + "/" + prefix + "map_*: " + ex);
            }
        }
        final Path runtime = runtimeDir();
        if (Files.isDirectory(runtime))
        {
            try (Stream<Path> tree = Files.walk(runtime))
            {
                for (final Path path : tree.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(path);
                }
            }
            catch (final IOException ex)
            {
                System.err.println("vswitch: cannot remove DPDK runtime directory " + runtime + ": " + ex);
            }
        }
    }

    /** EAL's runtime directory: {@code /var/run/dpdk/P} for root, else under XDG_RUNTIME_DIR or /tmp. */
    Path runtimeDir()
    {
        if ("root".equals(System.getProperty("user.name")))
        {
            return Path.of("/var/run/dpdk", prefix);
        }
        final String xdg = System.getenv("XDG_RUNTIME_DIR");
        return Path.of(xdg == null ? "/tmp" : xdg, "dpdk", prefix);
    }

    private static String value(final List<String> args, final String option)
    {
        String value = null;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (arg.equals(option) && i + 1 < args.size())
            {
                value = args.get(i + 1);
            }
            else if (arg.startsWith(option + "="))
            {
                value = arg.substring(option.length() + 1);
            }
        }
        return value;
    }
}
