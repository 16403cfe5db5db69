package net.vswitch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A cross-check of {@link SecurityGroupsBenchmark} for busy machines: builds both configurations
 * ({@code 10-rules} and {@code 10k-groups}) in one JVM and measures them in alternating rounds by the
 * forwarding thread's CPU time, so neither load changes between runs nor time slices lost to other
 * processes bias the ratio. Both use the same logic class, so the fabric's call site stays monomorphic.
 * {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * net.vswitch.benchmarks.SecurityGroupsProbe [rounds]}. Prints median ns of CPU per packet and the ratios.
 */
public final class SecurityGroupsProbe
{
    private static final int BATCHES_PER_ROUND = 4_000;
    private static final int WARMUP_ROUNDS = 4;

    private SecurityGroupsProbe()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final SecurityGroupsBenchmark small = bench("10-rules");
        final SecurityGroupsBenchmark big = bench("10k-groups");
        final double[][] ns = new double[4][rounds];
        for (int r = -WARMUP_ROUNDS; r < rounds; r++)
        {
            for (int kind = 0; kind < 4; kind++)
            {
                final SecurityGroupsBenchmark b = kind % 2 == 0 ? small : big;
                final boolean fresh = kind < 2;
                final long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < BATCHES_PER_ROUND; i++)
                {
                    if (fresh)
                    {
                        b.newConnections();
                    }
                    else
                    {
                        b.established();
                    }
                }
                final long cpu = mx.getCurrentThreadCpuTime() - start;
                if (r >= 0)
                {
                    ns[kind][r] = (double)cpu / ((long)BATCHES_PER_ROUND * SecurityGroupsBenchmark.BATCH);
                }
            }
        }
        small.tearDown();
        big.tearDown();
        final String[] names = {"newConnections 10-rules", "newConnections 10k-groups", "established 10-rules",
            "established 10k-groups"};
        final double[] medians = new double[4];
        for (int kind = 0; kind < 4; kind++)
        {
            Arrays.sort(ns[kind]);
            medians[kind] = ns[kind][rounds / 2];
            System.out.printf("%-26s median %8.1f ns CPU/packet (min %.1f, max %.1f) = %.3f Mpps per core%n",
                names[kind], medians[kind], ns[kind][0], ns[kind][rounds - 1], 1e3 / medians[kind]);
        }
        System.out.printf("rate 10k-groups / 10-rules: new connections %.3f, established %.3f%n",
            medians[0] / medians[1], medians[2] / medians[3]);
    }

    private static SecurityGroupsBenchmark bench(final String groups)
    {
        final SecurityGroupsBenchmark b = new SecurityGroupsBenchmark();
        b.groups = groups;
        b.setUp();
        return b;
    }
}
