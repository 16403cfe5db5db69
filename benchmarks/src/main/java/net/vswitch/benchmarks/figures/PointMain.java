package net.vswitch.benchmarks.figures;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.basic.HashIpLogic;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.virtual.FrameHandler;
import net.vswitch.ports.virtual.VirtualPort;
import org.HdrHistogram.Histogram;

/**
 * Measures one point of a figure in a fresh JVM (the bench command forks one per point, like JMH,
 * so JIT profiles of one workload never pollute another). Arguments are {@code key=value}; results
 * are printed as {@code rep <i> <Mpps> <Gbit/s>} or {@code latency ...} lines.
 */
public final class PointMain
{
    private PointMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> a = new HashMap<>();
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final String mode = a.getOrDefault("mode", "fabric");
        final int senders = Integer.parseInt(a.getOrDefault("senders", "1"));
        final int destinations = Integer.parseInt(a.getOrDefault("destinations", "1"));
        final int idle = Integer.parseInt(a.getOrDefault("idle", "0"));
        final int size = Integer.parseInt(a.getOrDefault("size", "60"));
        final int batch = Integer.parseInt(a.getOrDefault("batch", "1024"));
        final boolean perSender = Boolean.parseBoolean(a.getOrDefault("perSender", "false"));
        final long warmupMs = Long.parseLong(a.getOrDefault("warmupMs", "2000"));
        final long repMs = Long.parseLong(a.getOrDefault("repMs", "2000"));
        final int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
        final String logic = a.getOrDefault("logic", "dst-mac");
        switch (mode)
        {
            case "fabric" -> throughput(new TrafficRig(logic(logic), senders, destinations, idle, size, batch,
                perSender), size, warmupMs, repMs, reps, null);
            case "vale" -> throughput(new TrafficRig(logic("dst-mac"), 1, destinations, idle, size, batch, false),
                size, warmupMs, repMs, reps, "vale");
            case "latency" -> latency(a.getOrDefault("loads", "0.1,0.5,0.9"), size, warmupMs, repMs);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    static SwitchLogic logic(final String name)
    {
        return switch (name)
        {
            case "dst-mac" -> new TrafficRig.DstMacLogic();
            case "static" -> new StaticLogic();
            case "hash-ip" -> new HashIpLogic();
            case "bridge" -> new LearningBridge();
            default -> ModuleLogics.create(name);
        };
    }

    private static void throughput(final TrafficRig rig, final int size, final long warmupMs, final long repMs,
        final int reps, final String baseline) throws InterruptedException
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final long[] valeDelivered = new long[1];
        for (int k = 0; k < rig.senders; k++)
        {
            final VirtualPort port = rig.ports.get(k);
            final Runnable loop;
            if (baseline != null)
            {
                final ValeStyleForwarder vale = new ValeStyleForwarder(rig.ports, port, rig.batch);
                loop = () ->
                {
                    while (!stop.get())
                    {
                        final int n = vale.forward(rig.batch, size);
                        valeDelivered[0] += n;
                    }
                };
            }
            else
            {
                loop = () ->
                {
                    while (!stop.get())
                    {
                        port.send(rig.batch);
                    }
                };
            }
            final Thread thread = new Thread(loop, "sender-" + k);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmupMs);
        for (int r = 0; r < reps; r++)
        {
            final long before = baseline != null ? readVolatile(valeDelivered) : rig.delivered();
            final long t0 = System.nanoTime();
            Thread.sleep(repMs);
            final long after = baseline != null ? readVolatile(valeDelivered) : rig.delivered();
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final double pps = (after - before) / seconds;
            System.out.printf("rep %d %.4f %.4f%n", r, pps / 1e6, pps * size * 8 / 1e9);
        }
        stop.set(true);
        for (final Thread t : threads)
        {
            t.join(5000);
        }
        System.out.printf("drops %d%n", rig.dropped());
        rig.close();
    }

    private static long readVolatile(final long[] cell)
    {
        java.lang.invoke.VarHandle.fullFence();
        return cell[0];
    }

    /**
     * Round trips client(0) → echo(1) → client(0) while a paced load runs from port 2 to sink 3.
     * Load levels are fractions of the load path's peak, measured first in this JVM.
     */
    private static void latency(final String loads, final int size, final long warmupMs, final long repMs)
        throws InterruptedException
    {
        try (TrafficRig rig = new TrafficRig(new TrafficRig.DstMacLogic(), 3, 1, 0, size, 32, false, 2))
        {
            // ports: 0 client, 1 echo, 2 load sender, 3 sink (destination of every sender's frames)
            final VirtualPort client = rig.ports.get(0);
            final VirtualPort echo = rig.ports.get(1);
            final VirtualPort load = rig.ports.get(2);
            final int bufferSize = client.txBufferSize();
            TrafficRig.frame(client.txMemory(), 0, size, bufferSize, 0, 1);
            TrafficRig.frame(echo.txMemory(), 0, size, bufferSize, 1, 0);
            client.txLength(0, size);
            echo.txLength(0, size);
            // the echo and client need receive rings (not sinks): use the client API on non-sink ports
            final double peak = measurePeak(load, rig, warmupMs);
            System.out.printf("peak %.4f%n", peak / 1e6);
            for (final String level : loads.split(","))
            {
                final double fraction = Double.parseDouble(level);
                final Histogram histogram = new Histogram(10_000_000_000L, 3);
                final AtomicBoolean stop = new AtomicBoolean();
                final Thread loader = pacedLoad(load, peak * fraction, stop);
                final Thread echoer = echoLoop(rig, echo, stop);
                final long end = System.nanoTime() + repMs * 1_000_000L;
                final long[] stamp = new long[1];
                final FrameHandler onReply = (m, at, len) -> histogram.recordValue(
                    Math.max(0, System.nanoTime() - m.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 42)));
                final ReplyCatcher catcher = new ReplyCatcher(rig, 0);
                while (System.nanoTime() < end)
                {
                    stamp[0] = System.nanoTime();
                    client.txMemory().set(ValueLayout.JAVA_LONG_UNALIGNED, 42, stamp[0]);
                    client.send(1);
                    catcher.await(onReply, 100);
                }
                stop.set(true);
                loader.join(2000);
                echoer.join(2000);
                System.out.printf("latency %.2f %.2f %.2f %.2f %.2f %d%n", fraction,
                    histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
                    histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                    histogram.getTotalCount());
            }
        }
    }

    private static double measurePeak(final VirtualPort load, final TrafficRig rig, final long warmupMs)
    {
        final long end = System.nanoTime() + Math.max(warmupMs, 500) * 1_000_000L;
        final long before = rig.ports.get(3).counters().txPackets();
        final long t0 = System.nanoTime();
        while (System.nanoTime() < end)
        {
            load.send(rig.batch);
        }
        return (rig.ports.get(3).counters().txPackets() - before) * 1e9 / (System.nanoTime() - t0);
    }

    private static Thread pacedLoad(final VirtualPort load, final double pps, final AtomicBoolean stop)
    {
        final Thread thread = new Thread(() ->
        {
            final long interval = (long)(32 * 1e9 / Math.max(pps, 1));
            long next = System.nanoTime();
            while (!stop.get())
            {
                while (System.nanoTime() < next)
                {
                    Thread.onSpinWait();
                }
                load.send(32);
                next += interval;
            }
        }, "load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread echoLoop(final TrafficRig rig, final VirtualPort echo, final AtomicBoolean stop)
    {
        final ReplyCatcher in = new ReplyCatcher(rig, 1);
        final FrameHandler bounce = (m, at, len) ->
        {
            MemorySegment.copy(m, at + 42, echo.txMemory(), 42, 8);
            echo.send(1);
        };
        final Thread thread = new Thread(() ->
        {
            while (!stop.get())
            {
                in.await(bounce, 50);
            }
        }, "echo");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Blocking receive on one of the rig's client ports. */
    private static final class ReplyCatcher
    {
        private final VirtualPort port;

        ReplyCatcher(final TrafficRig rig, final int index)
        {
            this.port = rig.receiver(index);
        }

        void await(final FrameHandler handler, final long timeoutMs)
        {
            port.poll(handler, 64, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }
}
