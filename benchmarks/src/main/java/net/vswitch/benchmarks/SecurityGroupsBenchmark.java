package net.vswitch.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.secgroups.RuleSpec;
import net.vswitch.logic.secgroups.SecurityGroups;
import net.vswitch.logic.secgroups.SecurityGroupsLogic;
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
 * Security groups through a real {@link Switch}: one member port sends batches of {@value #BATCH} 60-byte
 * UDP frames to another member port (a sink), on one core. Results are packets per second.
 *
 * <ul>
 * <li>{@code established}: every packet belongs to a connection seen both ways, so no rule is consulted;
 *     the rate is the tracker lookup plus anti-spoofing.</li>
 * <li>{@code newConnections}: every packet opens a connection (the source port changes each batch), so
 *     each one is checked against the sender's egress and the receiver's ingress rules and committed.
 *     The table is flushed every {@value #FLUSH_EVERY} batches (in the measured time, the same for each
 *     {@code groups} value) so it never fills.</li>
 * </ul>
 *
 * <p>{@code groups}: {@code 10-rules} holds two groups with 5 rules each; {@code 10k-groups} holds 10,000
 * groups of 3 rules and one member each (30,010 rules, remote groups and CIDRs mixed), and each of the two
 * ports is in 10 groups. The figure is {@code newConnections} at 10k-groups / at 10-rules (target >= 0.90).
 *
 * <p>Run: {@code ./benchmarks/jmh SecurityGroupsBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SecurityGroupsBenchmark
{
    public static final int BATCH = 256;
    public static final int FRAME = BenchFrames.MIN_FRAME;
    public static final int FLUSH_EVERY = 1024;
    public static final int BIG_GROUPS = 10_000;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Param({"10-rules", "10k-groups"})
    public String groups;

    private Switch sw;
    private VirtualPort in;
    private VirtualPort out;
    private SecurityGroupsLogic logic;
    private int sourcePort = 1024;
    private int batches;

    @Setup(Level.Trial)
    public void setUp()
    {
        final SecurityGroups sg = new SecurityGroups();
        sg.batch(g -> populate(g, groups.equals("10k-groups")));
        logic = new SecurityGroupsLogic(sg, ConntrackConfig.defaults(), Clock.SYSTEM);
        final VirtualPortConfig sink = new VirtualPortConfig(1024, BATCH, 2048, true);
        sw = new Switch("bench", new StaticLogic());
        in = new VirtualPort("in", sink);
        out = new VirtualPort("out", sink);
        sw.attach(in);
        sw.attach(out);
        sw.logic(logic);
        // replies from out make every flow established (UDP is +est once seen both ways)
        for (int i = 0; i < BATCH; i++)
        {
            BenchFrames.udp(out.txMemory(), out.txBufferOffset(i), FRAME, BenchFrames.DST_MAC, BenchFrames.SRC_MAC,
                BenchFrames.SRC_IP);
            reply(out.txMemory(), out.txBufferOffset(i), BenchFrames.flowIp(i));
            out.txLength(i, FRAME);
            BenchFrames.udp(in.txMemory(), in.txBufferOffset(i), FRAME, BenchFrames.SRC_MAC, BenchFrames.DST_MAC,
                BenchFrames.flowIp(i));
            in.txLength(i, FRAME);
        }
        check(in.send(BATCH), "first packets from in");
        check(out.send(BATCH), "replies from out");
        check(in.send(BATCH), "established packets from in");
        final long established = logic.counters().get("established");
        if (established != 2 * BATCH)
        {
            throw new IllegalStateException("expected " + 2 * BATCH + " established packets, counted " + established
                + ": " + logic.counters());
        }
    }

    /** Turns a frame built as out -> in into the reply of flow {@code flowIp}: source IP and ports swapped. */
    private static void reply(final MemorySegment m, final long at, final int flowIp)
    {
        m.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), at + 14 + 12, flowIp);
        m.set(U16, at + 34, (short)BenchFrames.DST_PORT);
        m.set(U16, at + 36, (short)BenchFrames.SRC_PORT);
    }

    private void check(final int delivered, final String what)
    {
        if (delivered != BATCH)
        {
            throw new IllegalStateException(what + ": " + delivered + " of " + BATCH + " delivered; "
                + logic.counters());
        }
    }

    private static String ip(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    private static String mac(final long mac)
    {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", mac >>> 40 & 0xFF, mac >>> 32 & 0xFF, mac >>> 24 & 0xFF,
            mac >>> 16 & 0xFF, mac >>> 8 & 0xFF, mac & 0xFF);
    }

    /** The groups of either configuration; the rules that pass the traffic are added last. */
    static void populate(final SecurityGroups g, final boolean big)
    {
        g.create("clients");
        g.create("servers");
        final List<String> serverIps = new ArrayList<>();
        for (int f = 0; f < BATCH; f++)
        {
            serverIps.add(BenchFrames.flowIpString(f));
        }
        if (big)
        {
            for (int i = 0; i < BIG_GROUPS; i++)
            {
                g.create("g" + i);
            }
            for (int i = 0; i < BIG_GROUPS; i++)
            {
                final String name = "g" + i;
                g.addRule(name, RuleSpec.ingress().protocol("tcp").portRange(1000 + i % 5000, 1000 + i % 5000)
                    .remoteGroup("g" + (i + 1) % BIG_GROUPS));
                g.addRule(name, RuleSpec.ingress().protocol("udp").portRange(2000 + i % 5000, 2000 + i % 5000)
                    .remoteIp("172.16." + (i >>> 8 & 0xFF) + ".0/24"));
                g.addRule(name, RuleSpec.egress().protocol("tcp").portRange(443, 443).remoteGroup("g"
                    + (i + BIG_GROUPS - 1) % BIG_GROUPS));
                g.addMember(name, "vm" + i, List.of(mac(0x0600_0000_0000L | i)),
                    List.of(ip((172 << 24) | (16 << 16) | i)));
            }
        }
        final int decoys = 4;
        for (int d = 0; d < decoys; d++)
        {
            g.addRule("clients", RuleSpec.egress().protocol("tcp").portRange(3000 + d, 3000 + d).remoteGroup("servers"));
            g.addRule("servers", RuleSpec.ingress().protocol("tcp").portRange(3000 + d, 3000 + d)
                .remoteGroup("clients"));
        }
        g.addRule("clients", RuleSpec.egress().protocol("udp").portRange(BenchFrames.DST_PORT, BenchFrames.DST_PORT)
            .remoteGroup("servers"));
        g.addRule("servers", RuleSpec.ingress().protocol("udp").portRange(BenchFrames.DST_PORT, BenchFrames.DST_PORT)
            .remoteGroup("clients"));
        final List<String> clientMacs = List.of(mac(BenchFrames.SRC_MAC));
        final List<String> clientIps = List.of(ip(BenchFrames.SRC_IP));
        final List<String> serverMacs = List.of(mac(BenchFrames.DST_MAC));
        g.addMember("clients", "in", clientMacs, clientIps);
        g.addMember("servers", "out", serverMacs, serverIps);
        if (big)
        {
            for (int i = 0; i < 9; i++)
            {
                g.addMember("g" + (i * 97), "in", clientMacs, clientIps);
                g.addMember("g" + (5000 + i * 89), "out", serverMacs, serverIps);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int established()
    {
        return in.send(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int newConnections()
    {
        if (++batches == FLUSH_EVERY)
        {
            batches = 0;
            logic.tracker().flush();
        }
        sourcePort = sourcePort == 65535 ? 1024 : sourcePort + 1;
        final MemorySegment m = in.txMemory();
        for (int i = 0; i < BATCH; i++)
        {
            m.set(U16, in.txBufferOffset(i) + 34, (short)sourcePort);
        }
        return in.send(BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long drops = in.counters().totalDrops();
        final String counters = logic.counters().toString();
        sw.close();
        in.close();
        out.close();
        if (drops != 0)
        {
            throw new IllegalStateException(groups + " dropped " + drops + " packets: " + counters);
        }
    }
}
