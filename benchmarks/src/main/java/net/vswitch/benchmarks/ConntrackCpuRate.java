package net.vswitch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link ConntrackBenchmark}'s two workloads and {@link ConntrackTableSizeBenchmark}'s timed by the thread's CPU time as well as the wall clock, so a
 * figure "per core" can be quoted from a shared, loaded machine (the wall-clock rate there mostly measures
 * how much CPU the scheduler gave us). Prints the median and range of {@value #ROUNDS} rounds per workload.
 *
 * <p>Run (after {@code ./benchmarks/jmh} built the jars): {@code java -cp
 * "$(ls benchmarks/target/benchmarks-*.jar):benchmarks/target/lib/*" net.vswitch.benchmarks.ConntrackCpuRate}.
 */
public final class ConntrackCpuRate
{
    private static final int ROUNDS = 7;
    private static final int BATCHES_PER_ROUND = 4000;

    private ConntrackCpuRate()
    {
    }

    public static void main(final String[] args)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final ConntrackBenchmark bench = new ConntrackBenchmark();
        bench.setUp();
        try
        {
            System.out.printf("machine: %d CPUs, load average %.1f, %s%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"));
            run("new connections", threads, bench::newConnections, ConntrackBenchmark.BATCH);
            run("established packets", threads, bench::established, ConntrackBenchmark.FLOWS);
        }
        finally
        {
            bench.tearDown();
        }
        for (final int live : new int[] {1024, 262_144})
        {
            final ConntrackTableSizeBenchmark sized = new ConntrackTableSizeBenchmark();
            sized.live = live;
            sized.setUp();
            try
            {
                run("uniform over " + live, threads, sized::uniform, ConntrackTableSizeBenchmark.BATCH);
                run("elephants among " + live, threads, sized::elephants, ConntrackTableSizeBenchmark.BATCH);
            }
            finally
            {
                sized.tearDown();
            }
        }
    }

    private static void run(final String name, final ThreadMXBean threads, final Workload workload,
        final int perCall)
    {
        long sink = 0;
        for (int i = 0; i < BATCHES_PER_ROUND * 3; i++)
        {
            sink += workload.call();
        }
        final double[] cpuRates = new double[ROUNDS];
        final double[] wallRates = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++)
        {
            final long cpu0 = threads.getCurrentThreadCpuTime();
            final long wall0 = System.nanoTime();
            for (int i = 0; i < BATCHES_PER_ROUND; i++)
            {
                sink += workload.call();
            }
            final double ops = (double)BATCHES_PER_ROUND * perCall;
            cpuRates[round] = ops / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            wallRates[round] = ops / ((System.nanoTime() - wall0) / 1e9);
        }
        Arrays.sort(cpuRates);
        Arrays.sort(wallRates);
        System.out.printf("%s: %.2f M/CPU-s (%.2f..%.2f), wall %.2f M/s (%.2f..%.2f) [%d]%n", name,
            cpuRates[ROUNDS / 2] / 1e6, cpuRates[0] / 1e6, cpuRates[ROUNDS - 1] / 1e6, wallRates[ROUNDS / 2] / 1e6,
            wallRates[0] / 1e6, wallRates[ROUNDS - 1] / 1e6, sink & 1);
    }

    @FunctionalInterface
    private interface Workload
    {
        int call();
    }
}
