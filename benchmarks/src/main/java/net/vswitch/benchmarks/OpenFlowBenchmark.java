package net.vswitch.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.control.PacketInQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The openflow logic on its own (no ports): one JMH op = one packet decided.
 * <ul>
 * <li>{@code cachedPath}: a batch of {@value #BATCH} 64-byte UDP packets over {@code flows} flows, all served by
 * the EMC or the megaflows after warm-up. Run with {@code -prof gc}: the target is 0 B/op.</li>
 * <li>{@code slowPath}: every packet has a new UDP source port under a table where a high-priority rule pins it,
 * so every packet is an upcall: translation + megaflow install (flow setups per second, target >= 200 k/s).</li>
 * </ul>
 * Tables ({@code rules}): {@code one} (one rule), {@code l2} (8 dl_dst rules), {@code two-tables} (500 dl_dst rules
 * in table 0 going to 500 /25 rules in table 1). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar OpenFlowBenchmark -prof gc}; hit rates against the number of
 * flows: {@code ... OpenFlowBenchmark.cachedPath -p rules=two-tables -p flows=1,100,10000,100000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class OpenFlowBenchmark
{
    public static final int BATCH = 256;
    public static final int FRAME = 64;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Param({"one", "l2", "two-tables"})
    public String rules;

    /** Distinct UDP flows (destination addresses) in the traffic; hit rates per tier are printed at the end. */
    @Param({"1000"})
    public int flows;

    private OpenFlowLogic logic;
    private Arena arena;
    private MemorySegment memory;
    private final PacketBatch batch = new PacketBatch(BATCH);
    private final int[] decisions = new int[BATCH];
    private int nextPort;
    private int nextFlow;

    @Setup(Level.Trial)
    public void setUp()
    {
        logic = new OpenFlowLogic(new OpenFlowLogic.Settings(OpenFlowLogic.EMC_INSERT_INVERSE_DEFAULT, 100_000, 60_000,
            1_000, PacketInQueue.CAPACITY_DEFAULT, null));
        logic.start(new Context());
        final List<String> table = new ArrayList<>();
        // a high-priority rule whose subtable pins nw_src and tp_src: every new source is a new megaflow (slowPath)
        table.add("priority=60000,udp,nw_src=0.0.0.1,tp_src=1 actions=drop");
        switch (rules)
        {
            case "one" -> table.add("priority=1 actions=output:2");
            case "l2" ->
            {
                for (int i = 0; i < 8; i++)
                {
                    table.add("priority=10,dl_dst=02:00:00:00:00:0" + (i == 0 ? 2 : i + 2) + " actions=output:2");
                }
            }
            case "two-tables" ->
            {
                table.add("table=0,priority=10,dl_dst=02:00:00:00:00:02 actions=goto_table:1");
                for (int i = 0; i < 499; i++)
                {
                    table.add(String.format("table=0,priority=10,dl_dst=02:00:00:01:%02x:%02x actions=goto_table:1",
                        i >> 8, i & 0xFF));
                }
                for (int i = 0; i < 500; i++)
                {
                    table.add("table=1,priority=10,ip,nw_dst=10.0." + i % 256 + "." + (i / 256) * 128 + "/25"
                        + " actions=output:2");
                }
            }
            default -> throw new IllegalArgumentException("rules: one, l2 or two-tables, got " + rules);
        }
        final Path file = write(table);
        logic.command("add-flows", List.of(file.toString()), false);
        arena = Arena.ofConfined();
        memory = arena.allocate((long)BATCH * 2048, 64);
        for (int i = 0; i < BATCH; i++)
        {
            BenchFrames.udp(memory, i * 2048L, FRAME, BenchFrames.SRC_MAC, BenchFrames.DST_MAC,
                BenchFrames.flowIp(i % flows));
        }
        refill();
        logic.lookupBatch(batch, 0, decisions);
        for (final int d : decisions)
        {
            if (d != 1)
            {
                throw new IllegalStateException(rules + ": a packet went to " + d + ", not port index 1");
            }
        }
    }

    private static Path write(final List<String> lines)
    {
        try
        {
            final Path file = java.nio.file.Files.createTempFile("openflow-bench", ".flows");
            java.nio.file.Files.write(file, lines);
            file.toFile().deleteOnExit();
            return file;
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void refill()
    {
        batch.clear();
        for (int i = 0; i < BATCH; i++)
        {
            batch.add(memory, i * 2048L, FRAME, 2048, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int cachedPath()
    {
        if (flows > BATCH)
        {
            // more flows than a batch holds: each batch carries the next BATCH of them (4-byte write per packet)
            for (int i = 0; i < BATCH; i++)
            {
                memory.set(U32, i * 2048L + 30, BenchFrames.flowIp(nextFlow));
                nextFlow = nextFlow + 1 == flows ? 0 : nextFlow + 1;
            }
        }
        refill();
        logic.lookupBatch(batch, 0, decisions);
        return decisions[BATCH - 1];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int slowPath()
    {
        for (int i = 0; i < BATCH; i++)
        {
            // a source port (and, past 64 K, a source address byte) never seen before: a miss
            nextPort += (nextPort & 0xFFFF) == 0 ? 2 : 1;
            final int port = nextPort;
            memory.set(U16, i * 2048L + 34, (short)port);
            memory.set(ValueLayout.JAVA_BYTE, i * 2048L + 29, (byte)(port >>> 16));
        }
        refill();
        logic.lookupBatch(batch, 0, decisions);
        return decisions[BATCH - 1];
    }

    /** The logic's counters (packets, emc_hits, megaflow_hits, upcalls, megaflows, evictions, ...). */
    public java.util.Map<String, Long> counters()
    {
        return logic.counters();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final java.util.Map<String, Long> c = logic.counters();
        final double packets = Math.max(1, c.get("packets"));
        System.out.printf(java.util.Locale.ROOT, "%n[openflow %s flows=%d] packets=%d emc=%.1f%% megaflow=%.1f%% "
            + "slow=%.1f%% megaflows=%d evictions=%d%n", rules, flows, c.get("packets"),
            100 * c.get("emc_hits") / packets, 100 * c.get("megaflow_hits") / packets,
            100 * c.get("upcalls") / packets, c.get("megaflows"), c.get("evictions"));
        logic.stop();
        arena.close();
    }

    /** Two ports, the system clock. */
    private static final class Context implements LogicContext
    {
        @Override
        public String switchName()
        {
            return "bench";
        }

        @Override
        public String[] portNames()
        {
            return new String[] {"in", "out"};
        }

        @Override
        public Clock clock()
        {
            return Clock.SYSTEM;
        }
    }
}
