package net.vswitch.benchmarks.figures;

import java.util.List;

/** The ratios DESIGN §6 holds us to, computed from the medians of one run. */
final class Ratios
{
    private Ratios()
    {
    }

    static String headline(final List<FigureData> figures)
    {
        final StringBuilder md = new StringBuilder();
        for (final FigureData f : figures)
        {
            switch (f.name)
            {
                case "1-size" -> line(md, "60 B, 2 ports, trivial logic (target >= 30 Mpps)", f.median("Mpps", 60), "Mpps");
                case "2-destinations" ->
                {
                    final String v = "vswitch (active destinations only)";
                    final String vale = "VALE-style (scan every port)";
                    ratio(md, "vswitch 250 destinations / 1 (target >= 0.70)", f.median(v, 250), f.median(v, 1));
                    ratio(md, "VALE-style 250 destinations / 1", f.median(vale, 250), f.median(vale, 1));
                    ratio(md, "vswitch / VALE-style at 250 destinations", f.median(v, 250), f.median(vale, 250));
                }
                case "3-idle-ports" -> ratio(md, "1000 idle ports / none (target >= 0.95)",
                    f.median("vswitch", 1000), f.median("vswitch", 0));
                case "5-modules" ->
                {
                    final double trivial = f.median("static", 1);
                    for (int i = 1; i < Figures.MODULES.size(); i++)
                    {
                        final String module = Figures.MODULES.get(i);
                        ratio(md, module + " / static" + (module.equals("bridge") ? " (target >= 0.85)" : ""),
                            f.median(module, i + 1), trivial);
                    }
                }
                case "7-dpdk" -> dpdk(md, f);
                case "10-conntrack" -> line(md, "conntrack new connections per core (target >= 1 M/s)",
                    f.median(ModuleFigures.PER_CPU, 1), "M/CPU-s");
                case "10b-secgroups" -> ratio(md, "secgroups new connections, 10 k groups / 10 rules (target >= 0.90)",
                    f.median(ModuleFigures.BIG_GROUPS, 1), f.median(ModuleFigures.SMALL_GROUPS, 1));
                case "11-openflow" ->
                {
                    line(md, "openflow slow-path flow setups per core (target >= 0.2 M/s)",
                        f.median(ModuleFigures.PER_CPU, 1), "M/CPU-s");
                    line(md, "openflow cached path, two tables", f.median(ModuleFigures.PER_CPU, 4), "Mpps/CPU-s");
                }
                default ->
                {
                }
            }
        }
        return md.toString();
    }

    private static void dpdk(final StringBuilder md, final FigureData f)
    {
        for (final DpdkFigure.Pages pages : DpdkFigure.Pages.values())
        {
            final String v = DpdkFigure.series(DpdkFigure.VSWITCH, pages);
            final String ovs = DpdkFigure.series(DpdkFigure.OVS, pages);
            final String normal = DpdkFigure.series(DpdkFigure.OVS_NORMAL, pages);
            final String testpmd = DpdkFigure.series(DpdkFigure.TESTPMD, pages);
            final String on = ", " + pages.label;
            final String of = DpdkFigure.series(DpdkFigure.VSWITCH_OPENFLOW, pages);
            ratio(md, "DPDK one destination, vswitch / Open vSwitch one rule" + on, f.median(v, 1), f.median(ovs, 1));
            ratio(md, "DPDK L2, vswitch bridge / Open vSwitch NORMAL, MACs known (target >= 1.0)" + on, f.median(v, 2),
                f.median(normal, 2));
            ratio(md, "DPDK L2, vswitch bridge / Open vSwitch 8 L2 rules" + on, f.median(v, 2), f.median(ovs, 2));
            ratio(md, "DPDK flooding, vswitch bridge / Open vSwitch NORMAL" + on, f.median(v, 3), f.median(normal, 3));
            ratio(md, "DPDK one rule, vswitch openflow / Open vSwitch (target >= 1.0)" + on, f.median(of, 1),
                f.median(ovs, 1));
            ratio(md, "DPDK 8 L2 rules, vswitch openflow / Open vSwitch (target >= 1.0)" + on, f.median(of, 2),
                f.median(ovs, 2));
            ratio(md, "DPDK two tables, vswitch openflow / Open vSwitch (target >= 1.0)" + on,
                f.median(of, DpdkFigure.TWO_TABLES), f.median(ovs, DpdkFigure.TWO_TABLES));
            ratio(md, "DPDK one destination, vswitch / dpdk-testpmd io" + on, f.median(v, 1), f.median(testpmd, 1));
            ratio(md, "DPDK L2, vswitch bridge / dpdk-testpmd io" + on, f.median(v, 2), f.median(testpmd, 1));
        }
    }

    private static void ratio(final StringBuilder md, final String what, final double a, final double b)
    {
        if (!Double.isNaN(a) && !Double.isNaN(b) && b > 0)
        {
            md.append(String.format("- %s: **%.2f** (%.2f / %.2f)%n", what, a / b, a, b));
        }
    }

    private static void line(final StringBuilder md, final String what, final double value, final String unit)
    {
        if (!Double.isNaN(value))
        {
            md.append(String.format("- %s: **%.2f %s**%n", what, value, unit));
        }
    }
}
