package net.vswitch.benchmarks.figures;

import java.util.List;
import java.util.Map;

import net.vswitch.benchmarks.figures.BenchCommand.Figure;
import net.vswitch.benchmarks.figures.BenchCommand.Settings;

import static net.vswitch.benchmarks.figures.BenchCommand.args;
import static net.vswitch.benchmarks.figures.BenchCommand.progress;

/** The figures of the suite, in the order they run (DESIGN §6, issue "Figures"). */
final class Figures
{
    static final List<String> MODULES = List.of("static", "hash-ip", "bridge", "filter3", "middlebox");

    private Figures()
    {
    }

    static void register(final Map<String, Figure> figures)
    {
        figures.put("size", Figures::size);
        figures.put("destinations", Figures::destinations);
        figures.put("idle-ports", Figures::idlePorts);
        figures.put("parallelism", Figures::parallelism);
        figures.put("modules", Figures::modules);
        figures.put("latency", Figures::latency);
        figures.put("idle-cpu", IdleCpu::measure);
        figures.put("dpdk", DpdkFigure::measure);
        figures.put("alloc", AllocFigure::measure);
    }

    private static Measurement point(final FigureData figure, final List<String> args) throws Exception
    {
        figure.commands.add(PointRunner.describe(PointMain.class, args));
        return PointRunner.run(PointMain.class, args);
    }

    /** Figure 1 (mSwitch Fig. 10): rate vs frame size, 2 virtual ports, one core. */
    static FigureData size(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("1-size", "Rate vs frame size, 2 virtual ports, 1 core",
            "frame size (bytes)", "Mpps / Gbit/s", false);
        for (final int size : s.pick(List.of(60, 512, 1514), List.of(60, 128, 256, 512, 1024, 1514)))
        {
            progress("size", size + " B");
            final Measurement m = point(f, args(s.timing(), "mode=fabric", "size=" + size, "batch=1024"));
            f.add("Mpps", size, m.values("mpps"));
            f.add("Gbit/s", size, m.values("gbps"));
        }
        return f;
    }

    /** Figure 2 (mSwitch Fig. 12/13): rate vs destination ports, vswitch vs a VALE-style forwarder. */
    static FigureData destinations(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("2-destinations",
            "Rate vs destination ports (60 B, batch 1024, 1 core)", "destination ports", "Mpps", true);
        for (final int d : s.pick(List.of(1, 50, 250), List.of(1, 2, 5, 10, 25, 50, 100, 250)))
        {
            progress("destinations", d + " ports");
            f.add("vswitch (active destinations only)", d,
                point(f, args(s.timing(), "mode=fabric", "destinations=" + d)).values("mpps"));
            f.add("VALE-style (scan every port)", d,
                point(f, args(s.timing(), "mode=vale", "destinations=" + d)).values("mpps"));
        }
        f.notes.add("the VALE-style baseline reads the destination straight from the frame: no logic call, no"
            + " Packet flyweight, no per-packet validation or counters; so it is faster with few ports and only"
            + " the shape of its curve (cost growing with attached ports) compares with vswitch's");
        return f;
    }

    /** Figure 3: one active destination with idle ports attached. */
    static FigureData idlePorts(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("3-idle-ports", "One active destination, idle ports attached (60 B)",
            "idle ports", "Mpps", false);
        for (final int idle : s.pick(List.of(0, 1000), List.of(0, 10, 100, 500, 1000)))
        {
            progress("idle-ports", idle + " idle");
            f.add("vswitch", idle, point(f, args(s.timing(), "mode=fabric", "idle=" + idle)).values("mpps"));
        }
        return f;
    }

    /** Figure 4 (mSwitch Fig. 11): senders into one destination, and into one destination each. */
    static FigureData parallelism(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("4-parallelism", "Output parallelism (60 B, batch 256)", "senders",
            "Mpps", false);
        final int cores = Runtime.getRuntime().availableProcessors();
        for (final int senders : s.pick(List.of(1, 2), List.of(1, 2, 3, 4)))
        {
            progress("parallelism", senders + " senders");
            f.add("into one destination", senders, point(f, args(s.timing(), "mode=fabric", "senders=" + senders,
                "destinations=1", "batch=256")).values("mpps"));
            f.add("into one destination each", senders, point(f, args(s.timing(), "mode=fabric",
                "senders=" + senders, "destinations=" + senders, "perSender=true", "batch=256")).values("mpps"));
        }
        f.notes.add("the machine has " + cores + " cores: past " + cores + " senders threads share cores");
        return f;
    }

    /** Figure 5 (mSwitch Fig. 16): cost of each logic module, 60 B, 2 ports, one core. */
    static FigureData modules(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("5-modules", "Module cost (60 B, 2 ports, batch 1024, 1 core)",
            "module (1=static 2=hash-ip 3=bridge 4=filter3 5=middlebox)", "Mpps", false);
        for (int i = 0; i < MODULES.size(); i++)
        {
            final String module = MODULES.get(i);
            progress("modules", module);
            f.add(module, i + 1, point(f, args(s.timing(), "mode=fabric", "logic=" + module)).values("mpps"));
        }
        return f;
    }

    /** Figure 6: round-trip latency percentiles under 10/50/90% of the measured peak load. */
    static FigureData latency(final Settings s) throws Exception
    {
        final FigureData f = new FigureData("6-latency", "Round trip through the switch under load (virtual ports)",
            "load (% of measured peak)", "microseconds", false);
        progress("latency", "10/50/90% load");
        final Measurement m = point(f, List.of("mode=latency", "loads=0.1,0.5,0.9",
            "warmupMs=" + s.warmupMs(), "repMs=" + (s.quick() ? 1000 : 5000)));
        for (final String p : List.of("p50", "p90", "p99", "p99.9"))
        {
            for (final String load : List.of("0.10", "0.50", "0.90"))
            {
                f.add(p, Double.parseDouble(load) * 100, m.values(p + "@" + load));
            }
        }
        f.notes.add("peak of the load path: " + m.values("peak_mpps") + " Mpps; client and echo block (park/unpark)"
            + " between frames, so a round trip includes two thread wake-ups");
        return f;
    }
}
