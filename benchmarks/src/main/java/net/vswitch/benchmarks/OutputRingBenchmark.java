package net.vswitch.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Ring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One destination ring, its lock taken twice per delivery (reserve, commit) by every sender: the
 * cost of {@link OutputRing}'s lock alone and under contention ({@code -t 2}). Each delivery copies
 * one 60-byte frame between the two, as the forwarder does. The ring is a sink (consumed at publish),
 * so it never fills. Run: {@code ./benchmarks/jmh OutputRingBenchmark -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutputRingBenchmark
{
    private Arena arena;
    private OutputRing ring;
    private MemorySegment frame;

    /** Each sender's own lease, as each forwarder has one. */
    @State(Scope.Thread)
    public static class Sender
    {
        final OutputRing.Lease lease = new OutputRing.Lease();
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        arena = Arena.ofShared();
        ring = OutputRing.sink(Ring.allocate(arena, 1024, 2048), new PortCounters());
        frame = arena.allocate(60);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    public int deliverOne(final Sender sender)
    {
        final OutputRing.Lease lease = sender.lease;
        final int granted = ring.reserve(1, lease);
        if (granted == 1)
        {
            lease.put(frame, 0, 60);
        }
        ring.commit(lease);
        return granted;
    }
}
