package net.vswitch.benchmarks.figures;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import net.vswitch.benchmarks.ConntrackBenchmark;
import net.vswitch.benchmarks.OpenFlowBenchmark;
import net.vswitch.benchmarks.SecurityGroupsBenchmark;

/**
 * One point of the {@code conntrack} and {@code openflow} figures in a fresh JVM: the JMH benchmarks' states
 * driven by a plain loop, timed by this thread's CPU time and by the wall clock, so a per-core rate can be quoted
 * from a shared machine (the wall-clock rate there mostly measures what the scheduler gave us). Arguments are
 * {@code key=value}: {@code mode} (conntrack, secgroups, openflow-slow, openflow-cached), {@code rules} and
 * {@code flows} for openflow, and {@code warmupMs}, {@code repMs}, {@code reps}. Prints
 * {@code rate <workload> <M/CPU-s> <M/s wall>} per repetition and {@code metric <name> <value>} lines.
 */
public final class ModuleRatePoint
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static int sink;

    private final long warmupMs;
    private final long repMs;
    private final int reps;

    private ModuleRatePoint(final long warmupMs, final long repMs, final int reps)
    {
        this.warmupMs = warmupMs;
        this.repMs = repMs;
        this.reps = reps;
    }

    public static void main(final String[] args)
    {
        final Map<String, String> a = new HashMap<>();
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            if (eq < 1)
            {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final ModuleRatePoint point = new ModuleRatePoint(Long.parseLong(a.getOrDefault("warmupMs", "2000")),
            Long.parseLong(a.getOrDefault("repMs", "2000")), Integer.parseInt(a.getOrDefault("reps", "5")));
        final String mode = a.getOrDefault("mode", "conntrack");
        switch (mode)
        {
            case "conntrack" -> point.conntrack();
            case "secgroups" -> point.secgroups();
            case "openflow-slow", "openflow-cached" -> point.openflow(mode.equals("openflow-slow"),
                a.getOrDefault("rules", "one"), Integer.parseInt(a.getOrDefault("flows", "1000")));
            default -> throw new IllegalArgumentException("unknown mode " + mode
                + " (conntrack, secgroups, openflow-slow, openflow-cached)");
        }
        System.exit(0);
    }

    private void conntrack()
    {
        final ConntrackBenchmark bench = new ConntrackBenchmark();
        bench.setUp();
        try
        {
            rates("new", bench::newConnections, ConntrackBenchmark.BATCH);
            rates("established", bench::established, ConntrackBenchmark.FLOWS);
        }
        finally
        {
            bench.tearDown();
        }
    }

    /**
     * Both configurations in one JVM, measured in alternating slices of each repetition (as SecurityGroupsProbe
     * does) so a change of machine load between them does not bias their ratio.
     */
    private void secgroups()
    {
        final SecurityGroupsBenchmark small = groups("10-rules");
        final SecurityGroupsBenchmark big = groups("10k-groups");
        try
        {
            final IntSupplier[] workloads = {small::newConnections, big::newConnections, small::established,
                big::established};
            final String[] names = {"new-10-rules", "new-10k-groups", "established-10-rules",
                "established-10k-groups"};
            final long end = System.nanoTime() + warmupMs * 1_000_000L;
            while (System.nanoTime() < end)
            {
                for (final IntSupplier w : workloads)
                {
                    loop(w, 64);
                }
            }
            final long slices = 8;
            for (int r = 0; r < reps; r++)
            {
                final long[] cpu = new long[workloads.length];
                final long[] wall = new long[workloads.length];
                final long[] ops = new long[workloads.length];
                for (int slice = 0; slice < slices; slice++)
                {
                    for (int k = 0; k < workloads.length; k++)
                    {
                        final long c0 = THREADS.getCurrentThreadCpuTime();
                        final long w0 = System.nanoTime();
                        ops[k] += timed(workloads[k], w0 + repMs * 1_000_000L / slices / workloads.length)
                            * SecurityGroupsBenchmark.BATCH;
                        cpu[k] += THREADS.getCurrentThreadCpuTime() - c0;
                        wall[k] += System.nanoTime() - w0;
                    }
                }
                for (int k = 0; k < workloads.length; k++)
                {
                    print(names[k], ops[k], cpu[k], wall[k]);
                }
            }
        }
        finally
        {
            small.tearDown();
            big.tearDown();
        }
    }

    private static SecurityGroupsBenchmark groups(final String groups)
    {
        final SecurityGroupsBenchmark b = new SecurityGroupsBenchmark();
        b.groups = groups;
        b.setUp();
        return b;
    }

    private void openflow(final boolean slow, final String rules, final int flows)
    {
        final OpenFlowBenchmark bench = new OpenFlowBenchmark();
        bench.rules = rules;
        bench.flows = flows;
        bench.setUp();
        try
        {
            final IntSupplier workload = slow ? bench::slowPath : bench::cachedPath;
            warmUp(workload);
            // hit rates of the measured packets only: warm-up (cache filling) is left out
            final Map<String, Long> before = Map.copyOf(bench.counters());
            measure(slow ? "setups" : "cached", workload, OpenFlowBenchmark.BATCH);
            final Map<String, Long> after = bench.counters();
            final double packets = Math.max(1, delta(after, before, "packets"));
            metric("emc_pct", 100 * delta(after, before, "emc_hits") / packets);
            metric("megaflow_pct", 100 * delta(after, before, "megaflow_hits") / packets);
            metric("slow_pct", 100 * delta(after, before, "upcalls") / packets);
            metric("megaflows", after.getOrDefault("megaflows", 0L));
            metric("evictions", after.getOrDefault("evictions", 0L));
        }
        finally
        {
            bench.tearDown();
        }
    }

    private static double delta(final Map<String, Long> after, final Map<String, Long> before, final String name)
    {
        return after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
    }

    private void rates(final String name, final IntSupplier workload, final int perCall)
    {
        warmUp(workload);
        measure(name, workload, perCall);
    }

    private void warmUp(final IntSupplier workload)
    {
        timed(workload, System.nanoTime() + warmupMs * 1_000_000L);
    }

    private void measure(final String name, final IntSupplier workload, final int perCall)
    {
        for (int r = 0; r < reps; r++)
        {
            final long c0 = THREADS.getCurrentThreadCpuTime();
            final long w0 = System.nanoTime();
            final long calls = timed(workload, w0 + repMs * 1_000_000L);
            print(name, calls * perCall, THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - w0);
        }
    }

    /** Calls the workload in groups of 16 until the wall clock passes {@code deadline}; returns the calls made. */
    private static long timed(final IntSupplier workload, final long deadline)
    {
        long calls = 0;
        do
        {
            loop(workload, 16);
            calls += 16;
        }
        while (System.nanoTime() < deadline);
        return calls;
    }

    private static void loop(final IntSupplier workload, final int calls)
    {
        int sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += workload.getAsInt();
        }
        // kept so the JIT cannot drop the calls' results
        sink += sum;
    }

    private static void print(final String name, final long ops, final long cpuNs, final long wallNs)
    {
        System.out.printf(Locale.ROOT, "rate %s %.4f %.4f%n", name, ops / (Math.max(cpuNs, 1) / 1e9) / 1e6,
            ops / (Math.max(wallNs, 1) / 1e9) / 1e6);
    }

    private static void metric(final String name, final double value)
    {
        System.out.printf(Locale.ROOT, "metric %s %.4f%n", name, value);
    }
}
