package net.vswitch.benchmarks.figures;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;

/** Figure 7: vswitch vs Open vSwitch DPDK vs testpmd on the same DPDK vdevs. */
final class DpdkFigure
{
    private DpdkFigure()
    {
    }

    static FigureData measure(final Settings settings)
    {
        final FigureData f = new FigureData("7-dpdk", "DPDK: net_pcap 64 B -> switch -> net_null", "workload",
            "Mpps", false);
        f.notes.add("skipped: the DPDK port is not built yet");
        return f;
    }
}
