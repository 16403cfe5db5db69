package net.vswitch.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
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

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.conntrack.CtState;
import net.vswitch.logic.conntrack.CtTimeout;

/**
 * The connection tracker on one core, without the fabric. Score: operations (packets) per second.
 *
 * <ul>
 * <li>{@code newConnections}: every packet is a TCP SYN of a connection never seen, committed (parse, miss,
 * limit check, insert, TCP setup, timer). Connections time out after {@value #NEW_TIMEOUT_MS} ms on a clock
 * that moves 1 ms per batch of {@value #BATCH}, and expiry runs every 10 batches, so the table holds a steady
 * ~{@value #NEW_TIMEOUT_MS}&times;{@value #BATCH} connections and the cost of removing them is included.</li>
 * <li>{@code established}: in-window segments of {@value #FLOWS} established TCP connections, half in each
 * direction, tracked on the system clock: the per-packet path of a firewall's steady state. Run with
 * {@code -prof gc} to see it allocates nothing.</li>
 * </ul>
 *
 * <p>Run: {@code ./benchmarks/jmh ConntrackBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ConntrackBenchmark
{
    public static final int BATCH = 256;
    public static final int FLOWS = 1024;
    public static final int NEW_TIMEOUT_MS = 400;
    private static final int SLOT = 128;
    private static final int FRAME = 60;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Arena arena;
    private MemorySegment synFrames;
    private MemorySegment dataFrames;
    private final Packet packet = new Packet();
    private final long[] manualNow = {1};
    private ConnectionTracker fresh;
    private ConnectionTracker steady;
    private int nextSource;
    private int batches;

    @Setup
    public void setUp()
    {
        arena = Arena.ofShared();
        synFrames = arena.allocate((long)BATCH * SLOT, 64);
        for (int i = 0; i < BATCH; i++)
        {
            tcp(synFrames, (long)i * SLOT, 0x0B00_0000, 1000 + i, 0x0A00_0001, 80, SYN, 1, 0);
        }
        final Clock manual = () -> manualNow[0];
        fresh = new ConnectionTracker(ConntrackConfig.builder().expiryThread(false)
            .timeout(CtTimeout.TCP_SYN_SENT, Duration.ofMillis(NEW_TIMEOUT_MS)).expiryTick(Duration.ofMillis(10))
            .build(), manual);
        steady = new ConnectionTracker(ConntrackConfig.defaults(), Clock.SYSTEM);
        dataFrames = arena.allocate((long)FLOWS * SLOT, 64);
        final MemorySegment scratch = arena.allocate(SLOT, 64);
        for (int f = 0; f < FLOWS; f++)
        {
            final int client = 0x0C00_0000 + f;
            final int server = 0x0A00_0002;
            final int clientSeq = 1000;
            final int serverSeq = 90_000;
            commitOrFail(scratch, client, f, server, SYN, clientSeq, 0, CtState.NEW);
            trackOrFail(scratch, server, client, f, SYN | ACK, serverSeq, clientSeq + 1);
            trackOrFail(scratch, client, server, f, ACK, clientSeq + 1, serverSeq + 1);
            if (f % 2 == 0)
            {
                tcp(dataFrames, (long)f * SLOT, client, 1000 + f, server, 80, ACK, clientSeq + 1, serverSeq + 1);
            }
            else
            {
                tcp(dataFrames, (long)f * SLOT, server, 80, client, 1000 + f, ACK, serverSeq + 1, clientSeq + 1);
            }
        }
    }

    private void commitOrFail(final MemorySegment scratch, final int src, final int flow, final int dst,
        final int flags, final int seq, final int ack, final int expected)
    {
        tcp(scratch, 0, src, 1000 + flow, dst, 80, flags, seq, ack);
        final int state = steady.commit(packet.wrap(scratch, 0, FRAME, SLOT, 0), 0);
        if ((state & expected) == 0)
        {
            throw new IllegalStateException("setup: " + CtState.toString(state));
        }
    }

    private void trackOrFail(final MemorySegment scratch, final int src, final int dst, final int flow,
        final int flags, final int seq, final int ack)
    {
        final boolean fromServer = (flags & SYN) != 0;
        tcp(scratch, 0, src, fromServer ? 80 : 1000 + flow, dst, fromServer ? 1000 + flow : 80, flags, seq, ack);
        final int state = steady.track(packet.wrap(scratch, 0, FRAME, SLOT, 0), 0);
        if ((state & CtState.ESTABLISHED) == 0)
        {
            throw new IllegalStateException("setup: " + CtState.toString(state));
        }
    }

    @TearDown
    public void tearDown()
    {
        fresh.close();
        steady.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int newConnections()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final long at = (long)i * SLOT;
            // a source address never used before makes every SYN a new connection
            synFrames.set(U32, at + 14 + 12, 0x0B00_0000 + nextSource++);
            sum += fresh.commit(packet.wrap(synFrames, at, FRAME, SLOT, 0), 0);
        }
        manualNow[0] += 1_000_000;
        if (++batches % 10 == 0)
        {
            fresh.expire();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public int established()
    {
        int sum = 0;
        for (int f = 0; f < FLOWS; f++)
        {
            sum += steady.track(packet.wrap(dataFrames, (long)f * SLOT, FRAME, SLOT, 0), 0);
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
