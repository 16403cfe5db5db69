package net.vswitch.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import net.vswitch.fabric.Packet;

/**
 * The shared header parse on its own, without the fabric: a batch of {@value #BATCH} 60-byte UDP
 * frames in off-heap memory (as a port's ring holds them), each wrapped by its flyweight and read
 * as far as a module reads it. {@code wrap} is the floor (what every packet pays), {@code read} adds
 * one raw 16-bit read (the cost of a bounds- and liveness-checked segment access), {@code l2} the
 * parsed EtherType, {@code l4} the whole IPv4/UDP parse and the ports a filter reads. Score: ns per
 * packet.
 *
 * <p>Run: {@code ./benchmarks/jmh PacketParseBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PacketParseBenchmark
{
    public static final int BATCH = 256;
    private static final int SLOT = 2048;

    private Arena arena;
    private MemorySegment memory;
    private final Packet[] packets = new Packet[BATCH];

    @Setup
    public void setUp()
    {
        arena = Arena.ofShared();
        memory = arena.allocate((long)BATCH * SLOT, 64);
        for (int i = 0; i < BATCH; i++)
        {
            BenchFrames.udp(memory, (long)i * SLOT, BenchFrames.MIN_FRAME, BenchFrames.SRC_MAC, BenchFrames.DST_MAC,
                BenchFrames.flowIp(i));
            packets[i] = new Packet();
        }
    }

    @TearDown
    public void tearDown()
    {
        arena.close();
    }

    private Packet wrap(final int i)
    {
        return packets[i].wrap(memory, (long)i * SLOT, BenchFrames.MIN_FRAME, SLOT, 0);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int wrap()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            sum += wrap(i).length();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int read()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            sum += wrap(i).u16(12);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int l2()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            sum += wrap(i).etherType();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int l4()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final Packet packet = wrap(i);
            final int l4 = packet.l4Offset();
            sum += packet.parseFlags() + packet.ipProto() + (l4 < 0 ? 0 : packet.u32(l4));
        }
        return sum;
    }
}
