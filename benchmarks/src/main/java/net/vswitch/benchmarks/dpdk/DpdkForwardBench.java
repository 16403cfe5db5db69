package net.vswitch.benchmarks.dpdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.openflow.OpenFlowProvider;
import net.vswitch.ports.dpdk.DpdkPort;
import net.vswitch.ports.dpdk.DpdkSettings;
import net.vswitch.ports.dpdk.Eal;

/**
 * DPDK forwarding harness: {@code net_pcap} replays a trace forever ({@code infinite_rx=1}) into the
 * switch, {@code net_null} ports sink what it sends; one forwarding thread (the source port's poll
 * worker) does RX, the logic, the copy into each sink's ring and the TX burst. Prints Mpps delivered
 * to the sinks per run, then median and spread per logic; with {@code --testpmd} also DPDK's own
 * {@code dpdk-testpmd} io forwarding from the same pcap vdev to one {@code net_null}, one core.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... net.vswitch.benchmarks.dpdk.DpdkForwardBench
 *     [--seconds 5] [--runs 5] [--warmup 2] [--flows 1000] [--size 60] [--sinks 4]
 *     [--logic static,bridge,flood,of-rule,of-l2,of-tables] [--eal "--no-huge -m 512 --no-pci"] [--trace FILE] [--testpmd]
 * </pre>
 * {@code static}: every frame to sink 0 (one destination). {@code bridge}: the learning bridge, taught
 * each sink's MAC first, so the 1000 flows spread over the sinks by destination MAC. {@code flood}: the
 * learning bridge untaught, so every frame floods to all sinks (Mpps counts copies delivered).
 * {@code of-rule}, {@code of-l2}, {@code of-tables}: the openflow logic with the one rule, 8 L2 rules or two
 * tables of {@link OpenFlowWorkloads} (the same lines Open vSwitch gets in the figure), given as {@code flows=FILE}.
 */
public final class DpdkForwardBench
{
    private int seconds = 5;
    private int runs = 5;
    private int warmup = 2;
    private int flows = 1000;
    private int size = 60;
    private int sinks = 4;
    private List<String> logics = List.of("static", "bridge");
    private String eal = DpdkSettings.EAL_ARGS_DEFAULT;
    private Path trace;
    private boolean testpmd;

    public static void main(final String[] args) throws Exception
    {
        final DpdkForwardBench bench = new DpdkForwardBench();
        bench.parse(args);
        bench.run(String.join(" ", args));
    }

    private void parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--testpmd"))
            {
                testpmd = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--flows" -> flows = Integer.parseInt(value);
                case "--size" -> size = Integer.parseInt(value);
                case "--sinks" -> sinks = Integer.parseInt(value);
                case "--logic" -> logics = List.of(value.split(","));
                case "--eal" -> eal = value;
                case "--trace" -> trace = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
    }

    private void run(final String argLine) throws Exception
    {
        if (trace == null)
        {
            trace = Files.createTempFile("vsdp-trace", ".pcap");
            trace.toFile().deleteOnExit();
        }
        TraceWriter.write(trace, flows, size, sinks);
        final DpdkSettings settings = DpdkSettings.of(eal);
        final String source = "net_pcap0,rx_pcap=" + trace + ",infinite_rx=1,name=src";
        final Eal started = Eal.start(settings, List.of());
        System.out.println("# DpdkForwardBench " + argLine);
        System.out.println("# machine: " + machine() + "; JDK " + Runtime.version() + "; " + started.version());
        System.out.println("# EAL: " + String.join(" ", started.args()));
        System.out.println("# source dpdk:" + source + "; sinks dpdk:net_null1..." + sinks + ",no-rx=1; "
            + flows + " flows of " + size + " B (+4 B FCS on the wire)");

        final List<DpdkPort> sinkPorts = new ArrayList<>();
        try (Switch sw = new Switch("bench", new StaticLogic()))
        {
            for (int k = 0; k < sinks; k++)
            {
                final DpdkPort sink = DpdkPort.open("net_null" + (k + 1) + ",no-rx=1",
                    settings.withPort(settings.port().withRx(false)));
                sinkPorts.add(sink);
                sw.attach(sink);
            }
            final DpdkPort src = DpdkPort.open(source, settings);
            try
            {
                for (final String logic : logics)
                {
                    measure(sw, src, sinkPorts, logic);
                }
            }
            finally
            {
                if (src.owner() != null)
                {
                    sw.detach(src);
                }
                src.close();
            }
        }
        finally
        {
            for (final DpdkPort sink : sinkPorts)
            {
                sink.close();
            }
        }
        if (testpmd)
        {
            testpmd();
        }
    }

    private void measure(final Switch sw, final DpdkPort src, final List<DpdkPort> sinkPorts, final String logic)
        throws InterruptedException, IOException
    {
        if (logic.startsWith("of-"))
        {
            measureOpenFlow(sw, src, sinkPorts, logic);
            return;
        }
        final SwitchLogic instance = logicFor(logic);
        sw.logic(instance);
        if (logic.equals("bridge") && instance instanceof LearningBridge bridge)
        {
            for (int k = 0; k < sinkPorts.size(); k++)
            {
                final byte[] frame = TraceWriter.announce(k);
                bridge.lookup(new Packet().wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length,
                    sinkPorts.get(k).index()), sinkPorts.get(k).index());
            }
        }
        sw.attach(src);
        rate(src, sinkPorts, logic);
        sw.detach(src);
    }

    /**
     * The openflow logic with one of {@link OpenFlowWorkloads}' tables as its {@code flows=FILE}, on a switch of
     * its own where the source is attached first, so the ports have Open vSwitch's numbers (source 1, sinks
     * 2..5) and the same flow lines serve both; the sinks go back to the shared switch afterwards.
     */
    private void measureOpenFlow(final Switch sw, final DpdkPort src, final List<DpdkPort> sinkPorts,
        final String logic) throws InterruptedException, IOException
    {
        if (sinkPorts.size() != OpenFlowWorkloads.SINKS)
        {
            throw new IllegalArgumentException(logic + " needs --sinks " + OpenFlowWorkloads.SINKS);
        }
        final Path flowsFile = Files.createTempFile("vsdp-flows", ".txt");
        try
        {
            OpenFlowWorkloads.write(flowsFile, OpenFlowWorkloads.named(logic));
            final SwitchLogic openflow = new OpenFlowProvider().create(new LogicSettings("openflow",
                Map.of("flows", flowsFile.toString())));
            sinkPorts.forEach(sw::detach);
            try (Switch of = new Switch("bench-openflow", openflow))
            {
                final List<DpdkPort> ports = new ArrayList<>();
                ports.add(src);
                ports.addAll(sinkPorts);
                of.attachAll(ports);
                rate(src, sinkPorts, logic);
                for (final DpdkPort port : ports)
                {
                    of.detach(port);
                }
            }
            finally
            {
                for (final DpdkPort sink : sinkPorts)
                {
                    if (sink.owner() == null)
                    {
                        sw.attach(sink);
                    }
                }
            }
        }
        finally
        {
            Files.deleteIfExists(flowsFile);
        }
    }

    /** Warms up, then measures the rate delivered to the sinks while the source is attached. */
    private void rate(final DpdkPort src, final List<DpdkPort> sinkPorts, final String logic)
        throws InterruptedException
    {
        Thread.sleep(warmup * 1000L);
        final double[] mpps = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            final long delivered0 = delivered(sinkPorts);
            final long drops0 = src.counters().totalDrops() + txErrors(sinkPorts);
            final long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final long delivered = delivered(sinkPorts) - delivered0;
            final long elapsed = System.nanoTime() - t0;
            final long drops = src.counters().totalDrops() + txErrors(sinkPorts) - drops0;
            mpps[r] = delivered * 1e3 / elapsed;
            System.out.printf(Locale.ROOT, "%-9s run %d: %.3f Mpps delivered (%d frames in %.2f s, %d dropped)%n",
                logic, r + 1, mpps[r], delivered, elapsed / 1e9, drops);
        }
        summary("vswitch " + logic, mpps);
    }

    private SwitchLogic logicFor(final String logic)
    {
        return switch (logic)
        {
            case "static" ->
            {
                final int[] map = new int[sinks + 1];
                Arrays.fill(map, -1);
                map[sinks] = 0;
                yield new StaticLogic(map);
            }
            case "bridge", "flood" -> new LearningBridge();
            default -> throw new IllegalArgumentException("unknown logic " + logic + " (static, bridge or flood)");
        };
    }

    private static long delivered(final List<DpdkPort> sinks)
    {
        long total = 0;
        for (final DpdkPort sink : sinks)
        {
            total += sink.counters().txPackets() - sink.counters().drops(DropReason.TX_ERROR);
        }
        return total;
    }

    private static long txErrors(final List<DpdkPort> sinks)
    {
        long total = 0;
        for (final DpdkPort sink : sinks)
        {
            total += sink.counters().drops(DropReason.TX_ERROR);
        }
        return total;
    }

    private static void summary(final String what, final double[] mpps)
    {
        final double[] sorted = mpps.clone();
        Arrays.sort(sorted);
        final double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "RESULT %-18s median %.3f Mpps, min %.3f, max %.3f (%d runs)%n", what, median,
            sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** dpdk-testpmd io forwarding, pcap vdev to one null vdev, one forwarding lcore, same trace. */
    private void testpmd() throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("dpdk-testpmd"));
        command.addAll(DpdkSettings.parseArgs(eal));
        // --in-memory on huge pages: testpmd's hugepage files would otherwise outlive it, holding the pages
        command.addAll(List.of(DpdkSettings.usesHugePages(DpdkSettings.parseArgs(eal)) ? "--in-memory" : "--no-shconf",
            "-l", "0,1", "--vdev=net_pcap0,rx_pcap=" + trace + ",infinite_rx=1",
            "--vdev=net_null1,no-rx=1", "--", "-i", "--forward-mode=io", "--nb-cores=1", "--total-num-mbufs=16384"));
        System.out.println("# testpmd: " + String.join(" ", command));
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            System.out.println("# dpdk-testpmd not run: " + ex.getMessage() + " (apt-get install dpdk-dev)");
            return;
        }
        final StringBuilder output = new StringBuilder();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    synchronized (output)
                    {
                        output.append(line).append('\n');
                    }
                }
            }
            catch (final IOException ignored)
            {
                // the process ended
            }
        });
        reader.start();
        // testpmd's stdout is block-buffered on a pipe: the figures are read once it has exited
        final OutputStream in = process.getOutputStream();
        Thread.sleep(3000);
        command(in, "start");
        Thread.sleep(warmup * 1000L);
        command(in, "show port stats 1");
        for (int r = 0; r < runs; r++)
        {
            Thread.sleep(seconds * 1000L);
            command(in, "show port stats 1");
        }
        command(in, "stop");
        command(in, "quit");
        in.close();
        process.waitFor();
        reader.join();
        final List<Double> rates = new ArrayList<>();
        final Matcher m = TX_PPS.matcher(output);
        while (m.find())
        {
            rates.add(Double.parseDouble(m.group(1)) / 1e6);
        }
        if (rates.size() != runs + 1)
        {
            System.out.println("# testpmd output not understood:\n" + output);
            return;
        }
        final double[] mpps = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            mpps[r] = rates.get(r + 1);
            System.out.printf(Locale.ROOT, "testpmd  run %d: %.3f Mpps (Tx-pps of net_null1 over %d s)%n", r + 1,
                mpps[r], seconds);
        }
        summary("testpmd io", mpps);
    }

    private static void command(final OutputStream in, final String line) throws IOException
    {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static final Pattern TX_PPS = Pattern.compile("Tx-pps:\\s+(\\d+)");

    private static String machine()
    {
        String model = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo")))
        {
            model = lines.filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
        }
        catch (final IOException ignored)
        {
            // not Linux: keep the placeholder
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }
}
