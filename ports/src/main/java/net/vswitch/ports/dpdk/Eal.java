package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import net.vswitch.natives.dpdk.DpdkLibrary;
import net.vswitch.natives.dpdk.RteEal;
import net.vswitch.natives.dpdk.RteErrno;
import net.vswitch.natives.dpdk.RteEthdev;
import net.vswitch.natives.dpdk.VsDpdkShim;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.Threads;

/**
 * DPDK's environment abstraction layer for this process. DPDK allows exactly one EAL per process
 * and no restart, and this class makes that explicit: the first {@link #start} initialises EAL with
 * its arguments; later calls return the running EAL (their arguments cannot be applied; devices
 * they need are hot-plugged by the ports instead); after a failed start every later call fails with
 * the original error; after {@link #close()} nothing can start it again.
 *
 * <p>{@code rte_eal_init} runs on a short-lived thread of its own, because EAL pins the calling
 * thread to its main lcore's CPUs. vswitch launches no lcores: ports poll from their own threads,
 * registered with {@code rte_thread_register}.
 *
 * <p>Huge pages go back to the kernel when the process ends: the automatic arguments run EAL
 * {@code --in-memory}; arguments that pick a {@code --file-prefix} (without {@code --huge-unlink})
 * get their hugepage files and runtime directory removed by {@link #close()} and at JVM exit
 * ({@link HugePageFiles}).
 */
public final class Eal
{
    private static final Object LOCK = new Object();
    private static Eal running;
    private static String failure;
    private static boolean closed;

    private final List<String> args;
    private final EalPlan plan;
    private final String version;
    private final Map<Integer, String> claims = new HashMap<>();

    private Eal(final EalPlan plan, final String version)
    {
        this.args = plan.args();
        this.plan = plan;
        this.version = version;
    }

    /**
     * Starts EAL with {@code settings.ealArguments(ports)}, or returns it if it already runs.
     *
     * @throws net.vswitch.natives.dpdk.DpdkUnavailableException when DPDK is not installed
     * @throws DpdkException when {@code rte_eal_init} fails (now or in an earlier call) or EAL was closed
     */
    public static Eal start(final DpdkSettings settings, final Collection<PortSpec.Dpdk> ports)
    {
        DpdkLibrary.require();
        synchronized (LOCK)
        {
            if (running != null)
            {
                return running;
            }
            if (closed)
            {
                throw new DpdkException("DPDK's EAL was shut down in this process; DPDK cannot start it again:"
                    + " restart the process to use DPDK ports");
            }
            if (failure != null)
            {
                throw new DpdkException(failure + " (EAL can be initialised only once per process: fix the EAL"
                    + " arguments and restart)");
            }
            final EalPlan plan = settings.plan(ports, HugePages.probe());
            final List<String> args = plan.args();
            if (plan.fallback() != null)
            {
                System.err.println(plan.fallbackMessage());
            }
            final int[] result = new int[2];
            final Thread init = new Thread(() ->
            {
                result[0] = initialise(args);
                result[1] = result[0] < 0 ? RteErrno.rte_errno() : 0;
            }, "vswitch-eal-init");
            init.start();
            Threads.joinUninterruptibly(init);
            if (result[0] < 0)
            {
                failure = "DPDK EAL initialisation failed: " + RteErrno.message(result[1]) + " (rte_errno "
                    + result[1] + "); EAL arguments: " + String.join(" ", args) + "; EAL's log above says which"
                    + " argument or resource is at fault";
                throw new DpdkException(failure, result[1]);
            }
            running = new Eal(plan, VsDpdkShim.vs_version());
            HugePageFiles.of(args).ifPresent(files -> Runtime.getRuntime().addShutdownHook(
                new Thread(files::remove, "vswitch-eal-hugepages")));
            return running;
        }
    }

    /** The running EAL, or {@code null}. */
    public static Eal running()
    {
        synchronized (LOCK)
        {
            return running;
        }
    }

    private static int initialise(final List<String> args)
    {
        // EAL may keep pointers into argv (saved for telemetry), so it lives as long as the process
        final Arena arena = Arena.global();
        final MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.size() + 2L);
        argv.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom("vswitch"));
        for (int i = 0; i < args.size(); i++)
        {
            argv.setAtIndex(ValueLayout.ADDRESS, i + 1, arena.allocateFrom(args.get(i)));
        }
        argv.setAtIndex(ValueLayout.ADDRESS, args.size() + 1, MemorySegment.NULL);
        return RteEal.rte_eal_init(args.size() + 1, argv);
    }

    /** The arguments EAL was started with (without the program name). */
    public List<String> args()
    {
        return args;
    }

    /** Whether EAL runs on huge pages (else on 4 KB pages, {@code --no-huge}). */
    public boolean hugePages()
    {
        return plan.hugePages();
    }

    /**
     * Why automatic settings fell back to 4 KB pages, or {@code null} when they did not (or the
     * arguments were given).
     */
    public String fallback()
    {
        return plan.fallback();
    }

    /** DPDK's version string, e.g. {@code DPDK 22.11.11}. */
    public String version()
    {
        return version;
    }

    /** Ethdev ports DPDK currently has. */
    public int portCount()
    {
        return Short.toUnsignedInt(RteEthdev.rte_eth_dev_count_avail());
    }

    /** Marks an ethdev as used by a switch port; fails when another port already uses it. */
    void claim(final int portId, final String device, final String portName)
    {
        synchronized (LOCK)
        {
            final String owner = claims.putIfAbsent(portId, portName);
            if (owner != null)
            {
                throw new DpdkException("DPDK device " + device + " (ethdev port " + portId + ") is already used by"
                    + " switch port " + owner);
            }
        }
    }

    void release(final int portId)
    {
        synchronized (LOCK)
        {
            claims.remove(portId);
        }
    }

    /**
     * Shuts EAL down ({@code rte_eal_cleanup}). Close every DPDK port first; EAL cannot be started
     * again in this process.
     */
    public void close()
    {
        synchronized (LOCK)
        {
            if (running != this)
            {
                return;
            }
            if (!claims.isEmpty())
            {
                throw new IllegalStateException("close the DPDK ports " + claims.values() + " before EAL");
            }
            RteEal.rte_eal_cleanup();
            HugePageFiles.of(args).ifPresent(HugePageFiles::remove);
            running = null;
            closed = true;
        }
    }

    @Override
    public String toString()
    {
        return "Eal{" + version + ", args=" + args + "}";
    }
}
