package net.vswitch.vswitchd.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchConfig;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import net.vswitch.vswitchd.logic.LogicRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The zero-config showcase: an embedded switch, N virtual ports, a traffic generator on ports
 * 0..K-1, and sink receivers on every port (they drain in the sender's thread, as a receiver that
 * is never the bottleneck). Prints a line per second and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run an embedded switch with virtual ports and a built-in traffic generator.")
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--ports", description = "virtual ports (2..4096, default ${DEFAULT-VALUE})")
    int ports = 4;

    @Option(names = "--senders", description = "ports 0..K-1 generate traffic, one thread each (default ${DEFAULT-VALUE})")
    int senders = 1;

    @Option(names = "--size", description = "frame size in bytes, 60..9000 (default ${DEFAULT-VALUE})")
    int size = 60;

    @Option(names = "--flows", description = "flows per sender; flow f has dst 10.0.f/256.f%%256 (default ${DEFAULT-VALUE})")
    int flows = 1000;

    @Option(names = "--batch", description = "frames per send, 1..1024 (default ${DEFAULT-VALUE})")
    int batch = 512;

    @Option(names = "--seconds", description = "run time (default ${DEFAULT-VALUE})")
    int seconds = 5;

    @Option(names = "--logic", description = "bridge | static | hash-ip, or any logic NAME on the class path"
        + " (default ${DEFAULT-VALUE})")
    String logic = LogicRegistry.DEFAULT_LOGIC;

    @Override
    public Integer call() throws Exception
    {
        final PrintStream out = System.out;
        final String problem = validate();
        if (problem != null)
        {
            System.err.println("vswitch demo: " + problem);
            return 2;
        }
        final SwitchLogic switchLogic;
        try
        {
            switchLogic = LogicRegistry.load().create(logic, Map.of());
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("vswitch demo: " + ex.getMessage());
            return 2;
        }
        final int bufferSize = Math.max(2048, (size + 63) & ~63);
        // sinks drain after every delivery, so a ring needs only a couple of batches; keep the whole demo
        // under ~1 GiB of off-heap rings however many ports and however large the frames
        final long budget = (1L << 30) / ((long)ports * bufferSize);
        final int wanted = Integer.highestOneBit(batch * 2 - 1) << 1;
        final int rxSlots = (int)Math.max(64, Math.min(wanted, Long.highestOneBit(Math.max(budget, 1))));
        final VirtualPortConfig receiverConfig = new VirtualPortConfig(rxSlots, 1, bufferSize, true);
        final VirtualPortConfig senderConfig = receiverConfig.withTxSlots(batch);
        final Switch sw = new Switch("demo", switchLogic, SwitchConfig.defaults().withMaxPorts(Math.max(ports, 1)));
        final List<VirtualPort> portList = new ArrayList<>();
        for (int p = 0; p < ports; p++)
        {
            final VirtualPort port = new VirtualPort("vp" + p, p < senders ? senderConfig : receiverConfig);
            sw.attach(port);
            portList.add(port);
        }
        // a learning logic learns every demo MAC from these; the summary leaves their traffic out
        announce(portList);
        final long baseTx = sw.total(PortCounters::txPackets);
        out.printf("demo: %d ports, %d sender(s), %d B frames, %d flows, batch %d, logic %s, %d s%n",
            ports, senders, size, flows, batch, switchLogic.name(), seconds);

        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(senders);
        final List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < senders; k++)
        {
            final Generator generator = new Generator(portList.get(k), k, ports, size, flows, batch);
            final Thread thread = new Thread(() ->
            {
                try
                {
                    generator.run(stop);
                }
                finally
                {
                    done.countDown();
                }
            }, "sender-" + k);
            thread.setDaemon(true);
            threads.add(thread);
        }
        final Summary summary = new Summary(sw, baseTx, size, out);
        final Thread hook = new Thread(() ->
        {
            stop.set(true);
            awaitQuietly(done);
            summary.printFinal();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final long start = System.nanoTime();
        summary.start(start);
        threads.forEach(Thread::start);
        for (int s = 1; s <= seconds && !stop.get(); s++)
        {
            final long wake = start + s * 1_000_000_000L;
            long left;
            while ((left = wake - System.nanoTime()) > 0)
            {
                Thread.sleep(Math.max(1, left / 1_000_000));
            }
            summary.printSecond(s);
        }
        stop.set(true);
        awaitQuietly(done);
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignored)
        {
            return 0; // already shutting down: the hook prints the summary
        }
        summary.printFinal();
        sw.close();
        portList.forEach(VirtualPort::close);
        return 0;
    }

    private String validate()
    {
        if (ports < 2 || ports > SwitchConfig.MAX_PORTS_DEFAULT)
        {
            return "--ports must be in 2.." + SwitchConfig.MAX_PORTS_DEFAULT + ": " + ports;
        }
        if (senders < 1 || senders > ports)
        {
            return "--senders must be in 1..ports (" + ports + "): " + senders;
        }
        if (size < 60 || size > 9000)
        {
            return "--size must be in 60..9000: " + size;
        }
        if (flows < 1 || flows > 65536)
        {
            return "--flows must be in 1..65536: " + flows;
        }
        if (batch < 1 || batch > 1024)
        {
            return "--batch must be in 1..1024: " + batch;
        }
        if (seconds < 1)
        {
            return "--seconds must be >= 1: " + seconds;
        }
        return null;
    }

    /** Every port says hello once (broadcast), so a learning bridge learns where each demo MAC lives. */
    private static void announce(final List<VirtualPort> ports)
    {
        final byte[] frame = new byte[60];
        for (int p = 0; p < ports.size(); p++)
        {
            final long mac = Frames.portMac(p);
            for (int i = 0; i < 6; i++)
            {
                frame[i] = (byte)0xFF;
                frame[6 + i] = (byte)(mac >>> (40 - 8 * i));
            }
            frame[12] = (byte)0x88;
            frame[13] = (byte)0xB5; // local experimental EtherType
            ports.get(p).send(frame);
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Per-second and final lines. */
    private static final class Summary
    {
        private final Switch sw;
        private final long baseTx;
        private final long[] baseDrops = new long[DropReason.values().length];
        private final int size;
        private final PrintStream out;
        private long start;
        private long lastTx;
        private long lastTime;
        private boolean printed;

        Summary(final Switch sw, final long baseTx, final int size, final PrintStream out)
        {
            this.sw = sw;
            this.baseTx = baseTx;
            this.size = size;
            this.out = out;
            for (final DropReason reason : DropReason.values())
            {
                baseDrops[reason.ordinal()] = sw.total(c -> c.drops(reason));
            }
        }

        void start(final long startNanos)
        {
            start = startNanos;
            lastTime = startNanos;
            lastTx = baseTx;
        }

        void printSecond(final int second)
        {
            final long now = System.nanoTime();
            final long tx = sw.total(PortCounters::txPackets);
            final double pps = (tx - lastTx) * 1e9 / (now - lastTime);
            out.printf("[%3ds] %8.2f Mpps %8.2f Gbit/s  drops: %s%n", second, pps / 1e6, pps * size * 8 / 1e9, drops());
            lastTx = tx;
            lastTime = now;
        }

        synchronized void printFinal()
        {
            if (printed)
            {
                return;
            }
            printed = true;
            final long now = System.nanoTime();
            final long packets = sw.total(PortCounters::txPackets) - baseTx;
            final double secs = (now - start) / 1e9;
            final double pps = packets / secs;
            out.printf("summary: %d packets in %.2f s, %.2f Gbit/s, drops: %s%n", packets, secs,
                pps * size * 8 / 1e9, drops());
            out.printf("%.2f Mpps%n", pps / 1e6);
            out.flush();
        }

        private String drops()
        {
            final StringBuilder text = new StringBuilder();
            for (final DropReason reason : DropReason.values())
            {
                final long count = sw.total(c -> c.drops(reason)) - baseDrops[reason.ordinal()];
                if (count > 0)
                {
                    text.append(text.isEmpty() ? "" : ", ").append(reason.label()).append('=').append(count);
                }
            }
            return text.isEmpty() ? "none" : text.toString();
        }
    }
}
