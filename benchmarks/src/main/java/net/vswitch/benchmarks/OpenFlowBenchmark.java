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
 * in table 0 going to 500 /24 rules in table 1). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar OpenFlowBenchmark -prof gc}.
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

    @Param({"one", "l2", "two-tables"})
    public String rules;

    @Param({"1000"})
    public int flows;

    private OpenFlowLogic logic;
    private Arena arena;
    private MemorySegment memory;
    private final PacketBatch batch = new PacketBatch(BATCH);
    private final int[] decisions = new int[BATCH];
    private int nextPort;

    @Setup(Level.Trial)
    public void setUp()
    {
        logic = new OpenFlowLogic(new OpenFlowLogic.Settings(OpenFlowLogic.EMC_INSERT_INVERSE_DEFAULT, 1 << 20, 60_000,
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

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final java.util.Map<String, Long> c = logic.counters();
        System.out.println("\n[openflow " + rules + "] packets=" + c.get("packets") + " emc_hits=" + c.get("emc_hits")
            + " megaflow_hits=" + c.get("megaflow_hits") + " upcalls=" + c.get("upcalls") + " megaflows="
            + c.get("megaflows") + " evictions=" + c.get("evictions"));
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
