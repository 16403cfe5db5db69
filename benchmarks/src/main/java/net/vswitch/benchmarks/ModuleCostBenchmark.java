package net.vswitch.benchmarks;

import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.basic.HashIpLogic;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.filter.L4Protocol;
import net.vswitch.logic.filter.MiddleboxFilter;
import net.vswitch.logic.filter.ThreeTupleFilter;
import net.vswitch.logic.filter.Tuple;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
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
 * Module cost (mSwitch Fig. 16): how much each switching logic costs the fabric. One sender
 * forwards batches of {@value #BATCH} 60-byte UDP frames through a {@link Switch} to one sink
 * virtual port, on one core; only the logic changes between runs. A result is packets per second
 * (one JMH op = one packet), so the ratio of a module's score to {@code static}'s is its cost.
 *
 * <p>Every packet is delivered (each logic is set up so its lookups hit: the bridge knows the
 * destination MAC, filter3 holds every flow's tuple, middlebox maps the UDP port); the setup
 * checks one batch end to end and the teardown fails the run if anything was dropped.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ModuleCostBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class ModuleCostBenchmark
{
    public static final int BATCH = 256;
    public static final int FRAME = BenchFrames.MIN_FRAME;

    /**
     * The logic under test: static (trivial), parse (trivial + the shared header parse every real
     * module pays), hash-ip, bridge, filter3, middlebox.
     */
    @Param({"static", "parse", "hash-ip", "bridge", "filter3", "middlebox"})
    public String logic;

    /** Distinct destination IPv4 addresses in the batch (filter3 reserves one tuple per flow). */
    @Param({"256"})
    public int flows;

    private Switch sw;
    private VirtualPort in;
    private VirtualPort out;

    @Setup(Level.Trial)
    public void setUp()
    {
        final VirtualPortConfig sink = new VirtualPortConfig(1024, BATCH, 2048, true);
        // installed after the ports, as a runtime swap does (and so a logic's start() sees them)
        sw = new Switch("bench", new StaticLogic());
        in = new VirtualPort("in", sink);
        out = new VirtualPort("out", sink);
        sw.attach(in);
        sw.attach(out);
        sw.logic(create(logic));
        prepare(sw.logic());
        for (int i = 0; i < BATCH; i++)
        {
            BenchFrames.udp(in.txMemory(), in.txBufferOffset(i), FRAME, BenchFrames.SRC_MAC, BenchFrames.DST_MAC,
                BenchFrames.flowIp(i % flows));
            in.txLength(i, FRAME);
        }
        final int delivered = in.send(BATCH);
        if (delivered != BATCH || out.sunkPackets() != BATCH)
        {
            throw new IllegalStateException(logic + " delivered " + delivered + " of " + BATCH + " packets to out ("
                + out.sunkPackets() + " arrived); drops " + in.counters().totalDrops());
        }
    }

    /** Builds the logic by its DESIGN name. */
    public static SwitchLogic create(final String name)
    {
        return switch (name)
        {
            case "static" -> new StaticLogic();
            case "hash-ip" -> new HashIpLogic();
            case "bridge" -> new LearningBridge();
            // uplink = in (0); unreserved traffic would go to port 2 (absent): every packet must hit
            case "filter3" -> new ThreeTupleFilter(0, 2);
            case "middlebox" -> new MiddleboxFilter();
            case "parse" -> new ParseOnlyLogic();
            default -> throw new IllegalArgumentException("unknown logic " + name
                + " (static, parse, hash-ip, bridge, filter3, middlebox)");
        };
    }

    /** Makes every lookup of the benchmark traffic a hit that leads to port {@code out}. */
    private void prepare(final SwitchLogic installed)
    {
        if (installed instanceof ThreeTupleFilter filter)
        {
            for (int f = 0; f < flows; f++)
            {
                filter.reserve(out.index(), Tuple.of(L4Protocol.UDP, BenchFrames.flowIpString(f),
                    BenchFrames.DST_PORT));
            }
        }
        else if (installed instanceof MiddleboxFilter filter)
        {
            filter.map(L4Protocol.UDP, BenchFrames.DST_PORT, out.index());
        }
        else if (installed instanceof LearningBridge)
        {
            // teach the bridge where DST_MAC lives (the frame floods to in, a sink)
            BenchFrames.udp(out.txMemory(), out.txBufferOffset(0), FRAME, BenchFrames.DST_MAC, BenchFrames.SRC_MAC,
                BenchFrames.SRC_IP);
            out.txLength(0, FRAME);
            out.send(1);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int forward()
    {
        return in.send(BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long drops = in.counters().totalDrops();
        sw.close();
        in.close();
        out.close();
        if (drops != 0)
        {
            throw new IllegalStateException(logic + " dropped " + drops
                + " packets: the result is not a forwarding rate");
        }
    }
}
