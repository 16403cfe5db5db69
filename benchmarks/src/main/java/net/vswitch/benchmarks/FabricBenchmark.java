package net.vswitch.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchConfig;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.bridge.LearningBridge;
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
 * The fabric on one core: one sender port forwards batches of {@link #BATCH} frames to sink ports
 * (they drain in the sender's thread, so the receiver is never the bottleneck). Score = packets/s.
 *
 * <ul>
 *   <li>{@code destinations}: frames spread round-robin over this many active destination ports
 *       (mSwitch Fig. 12/13 shape);</li>
 *   <li>{@code idlePorts}: extra attached ports that receive nothing (phase 2 must not visit them);</li>
 *   <li>{@code logic}: {@code static} (trivial: a fixed map), {@code bridge} (learning bridge, all
 *       destinations learnt), {@code emit} (per-output rewrite: {@code output:1, set a byte, output:2}
 *       through {@link Packet#emit}; needs {@code destinations >= 2}).</li>
 * </ul>
 * Run: {@code ./benchmarks/jmh FabricBenchmark -prof gc} (gc.alloc.rate.norm ≈ 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FabricBenchmark
{
    public static final int BATCH = 1024;

    @Param({"1"})
    public int destinations;

    @Param({"0"})
    public int idlePorts;

    @Param({"60"})
    public int size;

    @Param({"static"})
    public String logic;

    private final List<VirtualPort> ports = new ArrayList<>();
    private Switch sw;
    private VirtualPort sender;

    @Setup(Level.Trial)
    public void setUp()
    {
        final int total = 1 + destinations + idlePorts;
        final SwitchLogic switchLogic = switch (logic)
        {
            case "static" -> new RoundRobinLogic(destinations);
            case "pair" -> new StaticLogic();
            case "bridge" -> new LearningBridge();
            case "emit" -> new EmitLogic();
            default -> throw new IllegalArgumentException("logic " + logic);
        };
        sw = new Switch("bench", switchLogic, SwitchConfig.defaults().withMaxPorts(total));
        final int bufferSize = Math.max(2048, (size + 63) & ~63);
        final VirtualPortConfig sinkConfig = new VirtualPortConfig(2048, 1, bufferSize, true);
        sender = new VirtualPort("sender", sinkConfig.withTxSlots(BATCH));
        sw.attach(sender);
        ports.add(sender);
        for (int i = 1; i < total; i++)
        {
            final VirtualPort port = new VirtualPort("p" + i, sinkConfig);
            sw.attach(port);
            ports.add(port);
        }
        final byte[] hello = new byte[60];
        for (int d = 1; d <= destinations; d++)
        {
            // teach the bridge where each destination MAC lives
            java.util.Arrays.fill(hello, 0, 6, (byte)0xFF);
            hello[6] = 2;
            hello[10] = (byte)(d >>> 8);
            hello[11] = (byte)d;
            ports.get(d).send(hello);
        }
        final var memory = sender.txMemory();
        for (int i = 0; i < BATCH; i++)
        {
            final int d = 1 + i % destinations;
            final long at = sender.txBufferOffset(i);
            memory.asSlice(at, size).fill((byte)0);
            final Packet p = new Packet().wrap(memory, at, size, bufferSize, 0);
            p.mac(0, 0x0200_0000_0000L | d).mac(6, 0x0200_0000_0000L).u16(12, 0x0800);
            p.u8(14, 0x45).u16(16, size - 14).u8(23, 17).u32(26, 0x0A010000).u32(30, 0x0A000000 | d);
            sender.txLength(i, size);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        sw.close();
        ports.forEach(VirtualPort::close);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int forward()
    {
        return sender.send(BATCH);
    }

    /** {@code output:1, mod (one byte), output:2}: two deliveries per packet with different bytes. */
    static final class EmitLogic implements SwitchLogic
    {
        @Override
        public int lookup(final Packet packet, final int ingressPort)
        {
            packet.emit(1);
            packet.u8(59, 1);
            return 2;
        }
    }

    /** Trivial logic for N destinations: the frame's low dst-MAC byte names the port (no table). */
    static final class RoundRobinLogic implements SwitchLogic
    {
        private final int destinations;

        RoundRobinLogic(final int destinations)
        {
            this.destinations = destinations;
        }

        @Override
        public int lookup(final Packet packet, final int ingressPort)
        {
            return destinations == 1 ? 1 : packet.u16(4);
        }
    }
}
