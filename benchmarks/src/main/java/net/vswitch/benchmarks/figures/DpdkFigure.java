package net.vswitch.benchmarks.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.vswitch.benchmarks.dpdk.DpdkForwardBench;
import net.vswitch.benchmarks.figures.BenchCommand.Settings;

/**
 * Figure 7: DPDK devices, one forwarding core: {@code net_pcap} replaying a 64 B, 1000-flow trace
 * with {@code infinite_rx=1} into the switch, four {@code net_null} sinks. Three workloads on the x axis:
 * 1 = one destination (vswitch's static logic, OVS's one rule, {@code dpdk-testpmd} io forwarding as the
 * device path's limit); 2 = L2 forwarding by destination MAC (vswitch's taught learning bridge, OVS with 8
 * {@code dl_dst} rules and OVS NORMAL with the sinks' MACs in its FDB); 3 = flooding (vswitch's untaught
 * bridge, OVS NORMAL with unknown destinations). Open vSwitch's DPDK datapath ({@link OvsDpdkRunner}, one
 * PMD thread) is a column only as root where {@code openvswitch-switch-dpdk} is installed; otherwise a
 * note says why it is missing.
 */
final class DpdkFigure
{
    private static final Pattern RUN = Pattern.compile("^(static|bridge|flood|testpmd)\\s+run \\d+: ([0-9.]+) Mpps");

    static final String VSWITCH = "vswitch";
    static final String TESTPMD = "dpdk-testpmd io (device limit)";
    static final String OVS = "Open vSwitch DPDK (1 PMD)";
    static final String OVS_NORMAL = "Open vSwitch DPDK NORMAL (1 PMD)";

    private DpdkFigure()
    {
    }

    static FigureData measure(final Settings settings) throws Exception
    {
        final FigureData f = new FigureData("7-dpdk",
            "DPDK net_pcap 64 B -> switch -> 4 net_null (1 = one destination, 2 = L2 by dst MAC, 3 = flood)", "workload",
            "Mpps", false);
        final List<String> args = new ArrayList<>(List.of("--seconds", settings.quick() ? "1" : "5",
            "--runs", settings.quick() ? "2" : "5", "--warmup", settings.quick() ? "1" : "2",
            "--logic", "static,bridge,flood", "--testpmd"));
        BenchCommand.progress("dpdk", "vswitch static, bridge, flood; testpmd");
        f.commands.add(PointRunner.describe(DpdkForwardBench.class, args));
        final Measurement m;
        try
        {
            m = PointRunner.run(DpdkForwardBench.class, args);
        }
        catch (final java.io.IOException ex)
        {
            f.notes.add("skipped: DPDK forwarding did not run here: " + firstLine(ex.getMessage()));
            return f;
        }
        final List<Double> vswitchStatic = new ArrayList<>();
        final List<Double> vswitchBridge = new ArrayList<>();
        final List<Double> vswitchFlood = new ArrayList<>();
        final List<Double> testpmd = new ArrayList<>();
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
                    default -> testpmd.add(mpps);
                }
            }
            else if (line.startsWith("# dpdk-testpmd not run") || line.startsWith("# EAL"))
            {
                f.notes.add(line.substring(2));
            }
        }
        if (!vswitchStatic.isEmpty())
        {
            f.add(VSWITCH, 1, vswitchStatic);
        }
        if (!vswitchBridge.isEmpty())
        {
            f.add(VSWITCH, 2, vswitchBridge);
        }
        if (!vswitchFlood.isEmpty())
        {
            f.add(VSWITCH, 3, vswitchFlood);
        }
        if (!testpmd.isEmpty())
        {
            f.add(TESTPMD, 1, testpmd);
        }
        ovs(settings, f);
        return f;
    }

    private static void ovs(final Settings settings, final FigureData f) throws InterruptedException
    {
        final String why = OvsDpdkRunner.unavailable();
        if (why != null)
        {
            f.notes.add(why);
            return;
        }
        BenchCommand.progress("dpdk", "Open vSwitch DPDK: one rule, 8 L2 rules, NORMAL");
        final OvsDpdkRunner runner = new OvsDpdkRunner(settings.quick() ? 1 : 5, settings.quick() ? 2 : 5,
            settings.quick() ? 2 : 3);
        try
        {
            final List<OvsDpdkRunner.Result> results = runner.measure();
            f.add(OVS, 1, results.get(0).mpps());
            f.add(OVS, 2, results.get(1).mpps());
            f.add(OVS_NORMAL, 2, results.get(2).mpps());
            f.add(OVS_NORMAL, 3, results.get(3).mpps());
            f.notes.add("Open vSwitch DPDK: x = 1 is one rule in_port=1,actions=output:2; x = 2 is 8 rules "
                + "dl_dst=MAC,actions=output:N (the 4 sinks' MACs and 4 that never match) and, as '" + OVS_NORMAL
                + "', actions=NORMAL after ovs-appctl fdb/add of the 4 sinks' MACs; x = 3 is NORMAL with the "
                + "destinations unknown, so each frame floods to the 4 sinks (LOCAL set no-flood). Mpps counts "
                + "frames delivered to the sinks, for vswitch as for OVS: 4 per frame received when flooding");
            results.forEach(r -> f.notes.addAll(r.lines()));
        }
        catch (final java.io.IOException ex)
        {
            f.notes.add("Open vSwitch DPDK column failed: " + firstLine(ex.getMessage()));
        }
        f.commands.add("# Open vSwitch DPDK: " + MachineInfo.command(OvsDpdkRunner.VSWITCHD_DPDK.toString(),
            "--version") + ", private directory DIR, run by " + OvsDpdkRunner.class.getSimpleName());
        runner.log().stream().filter(line -> line.startsWith("$ ")).map(line -> line.substring(2))
            .forEach(f.commands::add);
    }

    private static String firstLine(final String text)
    {
        final String[] lines = String.valueOf(text).split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[lines.length - 1] : lines[0];
    }
}
