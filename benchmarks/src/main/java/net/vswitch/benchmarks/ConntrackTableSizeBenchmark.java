package net.vswitch.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.conntrack.CtState;

/**
 * How much the size of the table costs an established packet, which bounds what a small hot table in front
 * of the tracker (VNToR/FasTrak's two-level cache) could gain: {@code uniform} spreads packets evenly over
 * {@code live} established TCP connections (every lookup may miss the CPU caches); {@code elephants} sends
 * 90 % of them on 8 connections and 10 % on the others (a few elephants among many mice). If
 * {@code elephants} on the large table runs as fast as {@code uniform} on the small one, the elephants'
 * entries already stay in the CPU caches and an exact hot table has nothing to win.
 *
 * <p>Run: {@code ./benchmarks/jmh ConntrackTableSizeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class ConntrackTableSizeBenchmark
{
    public static final int BATCH = 1024;
    private static final int ELEPHANTS = 8;
    private static final int SLOT = 64;
    private static final int FRAME = 60;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Param({"1024", "262144"})
    public int live;

    private Arena arena;
    private MemorySegment frames;
    private final Packet packet = new Packet();
    private ConnectionTracker tracker;
    private int[] mix;
    private int cursor;
    private int mixCursor;

    @Setup
    public void setUp()
    {
        arena = Arena.ofShared();
        tracker = new ConnectionTracker(ConntrackConfig.defaults(), Clock.SYSTEM);
        frames = arena.allocate((long)live * SLOT, 64);
        final MemorySegment scratch = arena.allocate(SLOT, 64);
        final int server = 0x0A00_0002;
        for (int f = 0; f < live; f++)
        {
            final int client = 0x0C00_0000 + f;
            final int port = 1024 + (f & 0x3FFF);
            check(tracker.commit(wrap(scratch, client, port, server, 80, SYN, 1000, 0), 0), CtState.NEW);
            check(tracker.track(wrap(scratch, server, 80, client, port, SYN | ACK, 90_000, 1001), 0),
                CtState.ESTABLISHED);
            check(tracker.track(wrap(scratch, client, port, server, 80, ACK, 1001, 90_001), 0), CtState.ESTABLISHED);
            if (f % 2 == 0)
            {
                tcp(frames, (long)f * SLOT, client, port, server, 80, ACK, 1001, 90_001);
            }
            else
            {
                tcp(frames, (long)f * SLOT, server, 80, client, port, ACK, 90_001, 1001);
            }
        }
        final SplittableRandom random = new SplittableRandom(42);
        mix = new int[1 << 16];
        for (int i = 0; i < mix.length; i++)
        {
            mix[i] = random.nextInt(10) < 9 ? random.nextInt(ELEPHANTS) : random.nextInt(live);
        }
    }

    private Packet wrap(final MemorySegment scratch, final int src, final int sport, final int dst, final int dport,
        final int flags, final int seq, final int ack)
    {
        tcp(scratch, 0, src, sport, dst, dport, flags, seq, ack);
        return packet.wrap(scratch, 0, FRAME, SLOT, 0);
    }

    private static void check(final int state, final int expected)
    {
        if ((state & expected) == 0 || (state & CtState.INVALID) != 0)
        {
            throw new IllegalStateException("setup: " + CtState.toString(state));
        }
    }

    @TearDown
    public void tearDown()
    {
        tracker.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int uniform()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final int f = cursor;
            cursor = f + 1 == live ? 0 : f + 1;
            sum += tracker.track(packet.wrap(frames, (long)f * SLOT, FRAME, SLOT, 0), 0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int elephants()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final int f = mix[mixCursor];
            mixCursor = (mixCursor + 1) & (mix.length - 1);
            sum += tracker.track(packet.wrap(frames, (long)f * SLOT, FRAME, SLOT, 0), 0);
        }
        return sum;
    }

    private static void tcp(final MemorySegment m, final long at, final int src, final int sport, final int dst,
        final int dport, final int flags, final int seq, final int ack)
    {
        m.asSlice(at, FRAME).fill((byte)0);
        m.set(U16, at + 12, (short)0x0800);
        final long ip = at + 14;
        m.set(ValueLayout.JAVA_BYTE, ip, (byte)0x45);
        m.set(U16, ip + 2, (short)40);
        m.set(ValueLayout.JAVA_BYTE, ip + 8, (byte)64);
        m.set(ValueLayout.JAVA_BYTE, ip + 9, (byte)6);
        m.set(U32, ip + 12, src);
        m.set(U32, ip + 16, dst);
        final long tcp = ip + 20;
        m.set(U16, tcp, (short)sport);
        m.set(U16, tcp + 2, (short)dport);
        m.set(U32, tcp + 4, seq);
        m.set(U32, tcp + 8, ack);
        m.set(ValueLayout.JAVA_BYTE, tcp + 12, (byte)0x50);
        m.set(ValueLayout.JAVA_BYTE, tcp + 13, (byte)flags);
        m.set(U16, tcp + 14, (short)65535);
    }
}
