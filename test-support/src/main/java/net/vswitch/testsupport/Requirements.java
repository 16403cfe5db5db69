package net.vswitch.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (tools, privileges, devices, libraries), probed all at once before
 * the test starts, so a missing piece skips the test with one line that names everything missing and
 * the exact command that installs it, instead of an error half-way through:
 *
 * <pre>
 * Requirements.of("AF_PACKET end-to-end").root().namespaces().tool("ethtool", "ethtool")
 *     .tool("ping", "iputils-ping").tool("python3", "python3").assumeMet();
 * // skipped with: needs: ethtool (not on PATH), ping (not on PATH) [AF_PACKET end-to-end];
 * //               fix: apt-get install ethtool iputils-ping
 * </pre>
 *
 * Each skip is also appended to a skip log ({@value #SKIP_LOG_DEFAULT}) that {@code ./test} summarises at
 * its end, with the other skips the surefire reports hold; under CI, where everything is installed, any
 * skip fails the run.
 */
public final class Requirements
{
    /** Marks every skip message, so {@code ./test} can tell requirement skips from other aborts. */
    public static final String PREFIX = "needs: ";
    /** System property naming the skip log; by default {@value #SKIP_LOG_DEFAULT} in the module's directory. */
    public static final String SKIP_LOG_PROP_NAME = "vswitch.skip.log";
    public static final String SKIP_LOG_DEFAULT = "target/vswitch-skips.log";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static volatile String namespaceProblem;
    private static volatile boolean namespacesProbed;

    private final String what;
    private final List<String> missing = new ArrayList<>();
    private final Set<String> packages = new LinkedHashSet<>();
    private final List<String> hints = new ArrayList<>();

    private Requirements(final String what)
    {
        this.what = what;
    }

    /**
     * Starts a probe for {@code what}, the test or feature named in the skip message.
     *
     * @param what e.g. {@code "TAP end-to-end"}
     * @return a probe to add requirements to
     */
    public static Requirements of(final String what)
    {
        return new Requirements(what);
    }

    /**
     * Requires an executable named {@code command} on {@code PATH}.
     *
     * @param command       the program, e.g. {@code ethtool}
     * @param debianPackage the package that installs it, e.g. {@code iputils-ping} for {@code ping}
     * @return this
     */
    public Requirements tool(final String command, final String debianPackage)
    {
        if (which(command) == null)
        {
            missing.add(command + " (not on PATH)");
            packages.add(debianPackage);
        }
        return this;
    }

    /**
     * Requires the effective user to be root.
     *
     * @return this
     */
    public Requirements root()
    {
        if (!isRoot())
        {
            missing.add("root (running as " + System.getProperty("user.name") + ")");
            hints.add("run as root");
        }
        return this;
    }

    /**
     * Requires root, {@code ip} (iproute2) and the right to create network namespaces, proven by
     * creating and deleting one (a container may forbid it even to root).
     *
     * @return this
     */
    public Requirements namespaces()
    {
        root();
        tool("ip", "iproute2");
        if (isRoot() && which("ip") != null)
        {
            final String problem = namespaceProblem();
            if (problem != null)
            {
                missing.add("network namespaces (" + problem + ")");
                hints.add("run in a VM or a privileged container");
            }
        }
        return this;
    }

    /**
     * Requires a file or device node that can be read and written, e.g. {@code /dev/net/tun}.
     *
     * @param path the file
     * @param hint how to get it, e.g. {@code "modprobe tun"}
     * @return this
     */
    public Requirements readWrite(final Path path, final String hint)
    {
        if (!Files.isReadable(path) || !Files.isWritable(path))
        {
            missing.add(path + (Files.exists(path) ? " (no read/write access)" : " (missing)"));
            hints.add(hint);
        }
        return this;
    }

    /**
     * Requires a Python 3 module that {@code python3 -c 'import MODULE'} finds.
     *
     * @param module        e.g. {@code scapy}
     * @param debianPackage e.g. {@code python3-scapy}
     * @return this
     */
    public Requirements pythonModule(final String module, final String debianPackage)
    {
        if (which("python3") == null)
        {
            missing.add("python3 (not on PATH)");
            packages.add("python3");
            packages.add(debianPackage);
            return this;
        }
        final ChildProcess.Result result = ChildProcess.runQuietly(PROBE_TIMEOUT, "python3", "-c", "import " + module);
        if (result.exitCode() != 0)
        {
            missing.add("python3 module " + module);
            packages.add(debianPackage);
        }
        return this;
    }

    /**
     * Requires something this class cannot probe itself, e.g. a native library a binding class loads.
     *
     * @param met            whether it is there
     * @param description    what is missing, e.g. {@code "DPDK (libvswitch_dpdk.so not built)"}
     * @param debianPackages packages that install it (space-separated), or {@code ""} for none
     * @return this
     */
    public Requirements that(final boolean met, final String description, final String debianPackages)
    {
        if (!met)
        {
            missing.add(description);
            for (final String pkg : debianPackages.trim().split("\\s+"))
            {
                if (!pkg.isEmpty())
                {
                    packages.add(pkg);
                }
            }
        }
        return this;
    }

    /**
     * The one-line reason the test cannot run, or {@code null} when everything is there.
     *
     * @return e.g. {@code "needs: ethtool (not on PATH); install with: apt-get install ethtool"}
     */
    public String problem()
    {
        if (missing.isEmpty())
        {
            return null;
        }
        final StringBuilder line = new StringBuilder(PREFIX).append(String.join(", ", missing))
            .append(" [").append(what).append(']');
        final List<String> fixes = new ArrayList<>();
        if (!packages.isEmpty())
        {
            fixes.add("apt-get install " + String.join(" ", packages));
        }
        for (final String hint : hints)
        {
            if (!fixes.contains(hint))
            {
                fixes.add(hint);
            }
        }
        if (!fixes.isEmpty())
        {
            line.append("; fix: ").append(String.join("; ", fixes));
        }
        return line.toString().replace('\n', ' ');
    }

    /**
     * Skips the calling test (a JUnit assumption) when anything is missing, printing the same line to
     * standard error so a developer running one test sees it too.
     */
    public void assumeMet()
    {
        final String problem = problem();
        if (problem != null)
        {
            System.err.println("SKIPPED " + problem);
            record(problem);
        }
        Assumptions.assumeTrue(problem == null, problem);
    }

    /**
     * Appends {@code TESTCLASS<tab>problem} to the skip log {@code ./test} summarises: surefire's reports
     * leave out a class skipped in {@code @BeforeAll}, so they cannot be the only record.
     */
    private static void record(final String problem)
    {
        final String log = System.getProperty(SKIP_LOG_PROP_NAME, SKIP_LOG_DEFAULT);
        final String line = callerTestClass() + "\t" + problem + "\n";
        try
        {
            final Path path = Path.of(log);
            if (path.getParent() != null)
            {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            System.err.println("cannot record the skip in " + log + ": " + ex.getMessage());
        }
    }

    /** The test class that asked (a class named *Test, *Tests or *Properties), else the first caller. */
    private static String callerTestClass()
    {
        final List<String> callers = StackWalker.getInstance().walk(frames -> frames
            .map(StackWalker.StackFrame::getClassName)
            .filter(name -> !name.equals(Requirements.class.getName()))
            .toList());
        for (final String name : callers)
        {
            final String simple = name.substring(name.lastIndexOf('.') + 1);
            if (simple.endsWith("Test") || simple.endsWith("Tests") || simple.endsWith("Properties"))
            {
                return simple;
            }
        }
        return callers.isEmpty() ? "?" : callers.get(0).substring(callers.get(0).lastIndexOf('.') + 1);
    }

    /**
     * The executable {@code command} resolves to on {@code PATH}, or {@code null}.
     *
     * @param command a program name (or a path, checked as it is)
     * @return its path, or {@code null}
     */
    public static Path which(final String command)
    {
        if (command.contains("/"))
        {
            final Path path = Path.of(command);
            return Files.isExecutable(path) ? path : null;
        }
        final String pathEnv = System.getenv("PATH");
        if (pathEnv == null)
        {
            return null;
        }
        for (final String dir : pathEnv.split(File.pathSeparator))
        {
            if (dir.isEmpty())
            {
                continue;
            }
            final Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Whether this process runs as root.
     *
     * @return true for uid 0
     */
    public static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String namespaceProblem()
    {
        if (!namespacesProbed)
        {
            synchronized (Requirements.class)
            {
                if (!namespacesProbed)
                {
                    namespaceProblem = probeNamespaces();
                    namespacesProbed = true;
                }
            }
        }
        return namespaceProblem;
    }

    private static String probeNamespaces()
    {
        final String name = String.format("vsl-probe-%06x", ThreadLocalRandom.current().nextInt(0x1000000));
        final ChildProcess.Result add = ChildProcess.runQuietly(PROBE_TIMEOUT, "ip", "netns", "add", name);
        if (add.exitCode() != 0)
        {
            return "'ip netns add' failed: " + add.output().trim();
        }
        ChildProcess.runQuietly(PROBE_TIMEOUT, "ip", "netns", "delete", name);
        return null;
    }
}
