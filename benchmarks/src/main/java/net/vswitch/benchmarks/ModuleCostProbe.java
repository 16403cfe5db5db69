package net.vswitch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A cross-check of {@link ModuleCostBenchmark} for busy machines: runs the same setup but measures
 * the forwarding thread's CPU time (not wall time), so time slices lost to other processes do not
 * count. Run one logic per JVM (several in one JVM make the fabric's logic call site megamorphic):
 * {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * net.vswitch.benchmarks.ModuleCostProbe filter3 [rounds]}. Prints the median ns of CPU per packet.
 */
public final class ModuleCostProbe
{
    private static final int BATCHES_PER_ROUND = 20_000;
    private static final int WARMUP_ROUNDS = 5;

    private ModuleCostProbe()
    {
    }

    public static void main(final String[] args)
    {
        final String logic = args.length > 0 ? args[0] : "static";
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final ModuleCostBenchmark bench = new ModuleCostBenchmark();
        bench.logic = logic;
        bench.flows = 256;
        bench.setUp();
        final double[] nsPerPacket = new double[rounds];
        for (int r = -WARMUP_ROUNDS; r < rounds; r++)
        {
            final long start = mx.getCurrentThreadCpuTime();
            for (int b = 0; b < BATCHES_PER_ROUND; b++)
            {
                bench.forward();
            }
            final long cpu = mx.getCurrentThreadCpuTime() - start;
            if (r >= 0)
            {
                nsPerPacket[r] = (double)cpu / ((long)BATCHES_PER_ROUND * ModuleCostBenchmark.BATCH);
            }
        }
        bench.tearDown();
        Arrays.sort(nsPerPacket);
        System.out.printf("%-10s median %6.2f ns CPU/packet (min %.2f, max %.2f) = %.2f Mpps per core%n", logic,
            nsPerPacket[rounds / 2], nsPerPacket[0], nsPerPacket[rounds - 1], 1e3 / nsPerPacket[rounds / 2]);
    }
}
