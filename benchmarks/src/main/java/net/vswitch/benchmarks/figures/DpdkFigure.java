package net.vswitch.benchmarks.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.vswitch.benchmarks.dpdk.DpdkForwardBench;
import net.vswitch.benchmarks.figures.BenchCommand.Settings;
import net.vswitch.ports.dpdk.DpdkSettings;
import net.vswitch.ports.dpdk.HugePages;

/**
 * Figure 7: DPDK devices, one forwarding core: {@code net_pcap} replaying a 64 B, 1000-flow trace
 * with {@code infinite_rx=1} into the switch, four {@code net_null} sinks. Three workloads on the x axis:
 * 1 = one destination (vswitch's static logic, OVS's one rule, {@code dpdk-testpmd} io forwarding as the
 * device path's limit); 2 = L2 forwarding by destination MAC (vswitch's taught learning bridge, OVS with 8
 * {@code dl_dst} rules and OVS NORMAL with the sinks' MACs in its FDB); 3 = flooding (vswitch's untaught
 * bridge, OVS NORMAL with unknown destinations); 4 = two OpenFlow tables of 500 MAC and 500 /24 rules. vswitch's
 * {@code openflow} logic runs the same flow lines as OVS ({@code OpenFlowWorkloads}) at x = 1, 2 and 4. Open vSwitch's DPDK datapath ({@link OvsDpdkRunner}, one
 * PMD thread) is a column only as root where {@code openvswitch-switch-dpdk} is installed; otherwise a
 * note says why it is missing. Everything runs twice, side by side: on 4 KB pages ({@code --no-huge}) and on
 * 2 MB huge pages (when a hugetlbfs has enough free pages; else a note says how to reserve them), each
 * series named after its page size.
 */
final class DpdkFigure
{
    private static final Pattern RUN = Pattern.compile("^(static|bridge|flood|of-rule|of-l2|of-tables|testpmd)\\s+run \\d+: ([0-9.]+) Mpps");

    static final String VSWITCH = "vswitch";
    static final String VSWITCH_OPENFLOW = "vswitch openflow";
    static final String TESTPMD = "dpdk-testpmd io (device limit)";
    static final String OVS = "Open vSwitch DPDK (1 PMD)";
    static final String OVS_NORMAL = "Open vSwitch DPDK NORMAL (1 PMD)";

    /** The x of the two-table OpenFlow workload (500 MAC + 500 /24 rules). */
    static final int TWO_TABLES = 4;

    /** Huge page memory one page-size pass needs free: vswitch's EAL, then testpmd's, then OVS's, in turn. */
    private static final long HUGE_BYTES_NEEDED = 512L << 20;

    /** The two memory set-ups of the figure, with the EAL arguments of each. */
    enum Pages
    {
        SMALL("4 KB pages", DpdkSettings.EAL_ARGS_DEFAULT),
        HUGE("2 MB huge pages", DpdkSettings.EAL_ARGS_HUGEPAGES);

        final String label;
        final String eal;

        Pages(final String label, final String eal)
        {
            this.label = label;
            this.eal = eal;
        }
    }

    private DpdkFigure()
    {
    }

    /** The name of a series on one page size, e.g. {@code vswitch, 4 KB pages}. */
    static String series(final String base, final Pages pages)
    {
        return base + ", " + pages.label;
    }

    static FigureData measure(final Settings settings) throws Exception
    {
        final FigureData f = new FigureData("7-dpdk",
            "DPDK net_pcap 64 B -> switch -> 4 net_null (1 = one destination, 2 = L2 by dst MAC, 3 = flood,"
            + " 4 = OpenFlow two tables),"
            + " 4 KB and 2 MB pages", "workload", "Mpps", false);
        for (final Pages pages : Pages.values())
        {
            if (pages == Pages.HUGE)
            {
                final String shortfall = HugePages.probe().shortfall(HUGE_BYTES_NEEDED);
                if (shortfall != null)
                {
                    f.notes.add("2 MB huge pages skipped: " + shortfall + "; reserve them with '"
                        + HugePages.RESERVE_HINT + "' (and mount -t hugetlbfs nodev /dev/hugepages if none is)");
                    continue;
                }
            }
            measure(settings, f, pages);
        }
        return f;
    }

    private static void measure(final Settings settings, final FigureData f, final Pages pages) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("--seconds", settings.quick() ? "1" : "5",
            "--runs", settings.quick() ? "2" : "5", "--warmup", settings.quick() ? "1" : "2",
            "--logic", "static,bridge,flood,of-rule,of-l2,of-tables", "--testpmd", "--eal", pages.eal));
        BenchCommand.progress("dpdk", "vswitch static, bridge, flood, openflow x3; testpmd; " + pages.label);
        f.commands.add(PointRunner.describe(DpdkForwardBench.class, args));
        final Measurement m;
        try
        {
            m = PointRunner.run(DpdkForwardBench.class, args);
        }
        catch (final java.io.IOException ex)
        {
            f.notes.add("skipped (" + pages.label + "): DPDK forwarding did not run here: "
                + firstLine(ex.getMessage()));
            return;
        }
        final List<Double> vswitchStatic = new ArrayList<>();
        final List<Double> vswitchBridge = new ArrayList<>();
        final List<Double> vswitchFlood = new ArrayList<>();
        final List<Double> testpmd = new ArrayList<>();
        final java.util.Map<String, List<Double>> openflow = new java.util.LinkedHashMap<>();
        for (final String line : m.lines)
        {
            final Matcher match = RUN.matcher(line.trim());
            if (match.find())
            {
                final double mpps = Double.parseDouble(match.group(2));
                switch (match.group(1))
                {
                    case "static" -> vswitchStatic.add(mpps);
                    case "bridge" -> vswitchBridge.add(mpps);
                    case "flood" -> vswitchFlood.add(mpps);
                    case "of-rule", "of-l2", "of-tables" ->
                        openflow.computeIfAbsent(match.group(1), k -> new ArrayList<>()).add(mpps);
                    default -> testpmd.add(mpps);
                }
            }
            else if (line.startsWith("# dpdk-testpmd not run") || line.startsWith("# EAL"))
            {
                f.notes.add(pages.label + ": " + line.substring(2));
            }
        }
        final String vswitch = series(VSWITCH, pages);
        if (!vswitchStatic.isEmpty())
        {
            f.add(vswitch, 1, vswitchStatic);
        }
        if (!vswitchBridge.isEmpty())
        {
            f.add(vswitch, 2, vswitchBridge);
        }
        if (!vswitchFlood.isEmpty())
        {
            f.add(vswitch, 3, vswitchFlood);
        }
        if (!testpmd.isEmpty())
        {
            f.add(series(TESTPMD, pages), 1, testpmd);
        }
        final String[] workloads = {"of-rule", "of-l2", "of-tables"};
        final int[] xs = {1, 2, TWO_TABLES};
        for (int i = 0; i < workloads.length; i++)
        {
            final List<Double> rates = openflow.get(workloads[i]);
            if (rates != null)
            {
                f.add(series(VSWITCH_OPENFLOW, pages), xs[i], rates);
            }
        }
        ovs(settings, f, pages);
    }

    private static void ovs(final Settings settings, final FigureData f, final Pages pages)
        throws InterruptedException
    {
        final String why = OvsDpdkRunner.unavailable();
        if (why != null)
        {
            f.notes.add(why);
            return;
        }
        BenchCommand.progress("dpdk", "Open vSwitch DPDK: one rule, 8 L2 rules, NORMAL, two tables; " + pages.label);
        final OvsDpdkRunner runner = new OvsDpdkRunner(settings.quick() ? 1 : 5, settings.quick() ? 2 : 5,
            settings.quick() ? 2 : 3, pages == Pages.HUGE);
        try
        {
            final List<OvsDpdkRunner.Result> results = runner.measure();
            f.add(series(OVS, pages), 1, results.get(0).mpps());
            f.add(series(OVS, pages), 2, results.get(1).mpps());
            f.add(series(OVS_NORMAL, pages), 2, results.get(2).mpps());
            f.add(series(OVS_NORMAL, pages), 3, results.get(3).mpps());
            f.add(series(OVS, pages), TWO_TABLES, results.get(4).mpps());
            f.notes.add(pages.label + ": Open vSwitch DPDK: x = 1 is one rule in_port=1,actions=output:2; x = 2 is 8"
                + " rules "
                + "dl_dst=MAC,actions=output:N (the 4 sinks' MACs and 4 that never match) and, as '" + OVS_NORMAL
                + "', actions=NORMAL after ovs-appctl fdb/add of the 4 sinks' MACs; x = 3 is NORMAL with the "
                + "destinations unknown, so each frame floods to the 4 sinks (LOCAL set no-flood). Mpps counts "
                + "frames delivered to the sinks, for vswitch as for OVS: 4 per frame received when flooding; x = 4"
                + " is two tables (500 dl_dst rules -> goto_table:1, 500 ip,nw_dst=/24 rules -> output). '"
                + VSWITCH_OPENFLOW + "' runs the same flow lines (x = 1, 2 and 4) from a flows=FILE");
            results.forEach(r -> f.notes.addAll(r.lines()));
        }
        catch (final java.io.IOException ex)
        {
            f.notes.add("Open vSwitch DPDK column failed (" + pages.label + "): " + firstLine(ex.getMessage()));
        }
        f.commands.add("# Open vSwitch DPDK, " + pages.label + ": "
            + MachineInfo.command(OvsDpdkRunner.VSWITCHD_DPDK.toString(), "--version")
            + ", private directory DIR, run by "
            + OvsDpdkRunner.class.getSimpleName());
        runner.log().stream().filter(line -> line.startsWith("$ ")).map(line -> line.substring(2))
            .forEach(f.commands::add);
    }

    private static String firstLine(final String text)
    {
        final String[] lines = String.valueOf(text).split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[lines.length - 1] : lines[0];
    }
}
