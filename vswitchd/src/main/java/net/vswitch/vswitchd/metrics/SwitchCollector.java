package net.vswitch.vswitchd.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.vswitchd.daemon.ManagedPort;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.daemon.Switches;
import org.HdrHistogram.Histogram;

/**
 * Reads the daemon's switches at scrape time into Prometheus snapshots; the counters themselves stay
 * where the data path keeps them (ports, switch, logic modules), so a scrape costs the data path nothing.
 * Names are stable: {@code vswitch_port_*_total{switch,port}}, {@code vswitch_port_drops_total{switch,port,
 * reason}}, {@code vswitch_switch_drops_total{switch,reason}}, {@code vswitch_logic_errors_total},
 * {@code vswitch_forward_batch_seconds} (histogram), and every counter a module exports through
 * {@link LogicControl#counters()} as {@code vswitch_logic_counter{switch,logic,name}}.
 */
final class SwitchCollector implements MultiCollector
{
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {
        1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 1e-1, 1};

    private final Switches switches;

    SwitchCollector(final Switches switches)
    {
        this.switches = switches;
    }

    @Override
    public MetricSnapshots collect()
    {
        final List<SwitchInstance> all = switches.all();
        final List<MetricSnapshot> out = new ArrayList<>();
        out.add(GaugeSnapshot.builder().name("vswitch_up").help("1 while the daemon runs.")
            .dataPoint(GaugeDataPointSnapshot.builder().value(1).build()).build());
        final GaugeSnapshot.Builder ports = GaugeSnapshot.builder().name("vswitch_ports")
            .help("Ports attached to the switch.");
        final InfoSnapshot.Builder logic = InfoSnapshot.builder().name("vswitch_logic")
            .help("The switch's current logic (value is always 1).");
        for (final SwitchInstance instance : all)
        {
            ports.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("switch", instance.name()))
                .value(instance.ports().size()).build());
            logic.dataPoint(InfoDataPointSnapshot.builder()
                .labels(Labels.of("switch", instance.name(), "logic", instance.logicName())).build());
        }
        out.add(ports.build());
        out.add(logic.build());
        out.add(portCounter(all, "vswitch_port_rx_packets", "Packets received by the port.", PortCounters::rxPackets));
        out.add(portCounter(all, "vswitch_port_rx_bytes", "Bytes received by the port.", PortCounters::rxBytes));
        out.add(portCounter(all, "vswitch_port_tx_packets", "Packets sent by the port.", PortCounters::txPackets));
        out.add(portCounter(all, "vswitch_port_tx_bytes", "Bytes sent by the port.", PortCounters::txBytes));
        out.add(portCounter(all, "vswitch_port_forwarded", "Copies of the port's packets delivered.",
            PortCounters::forwarded));
        out.add(drops(all));
        out.add(switchDrops(all));
        final CounterSnapshot.Builder logicErrors = CounterSnapshot.builder().name("vswitch_logic_errors")
            .help("Exceptions thrown by the switching logic.");
        final CounterSnapshot.Builder portErrors = CounterSnapshot.builder().name("vswitch_port_errors")
            .help("Errors raised by ports while delivering.");
        for (final SwitchInstance instance : all)
        {
            final Labels labels = Labels.of("switch", instance.name());
            logicErrors.dataPoint(counter(labels, instance.fabric().logicErrors()));
            portErrors.dataPoint(counter(labels, instance.fabric().portErrors()));
        }
        out.add(logicErrors.build());
        out.add(portErrors.build());
        out.add(logicCounters(all));
        latency(all, out);
        return new MetricSnapshots(out);
    }

    private static CounterDataPointSnapshot counter(final Labels labels, final long value)
    {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterSnapshot portCounter(final List<SwitchInstance> all, final String name, final String help,
        final ToLongFunction<PortCounters> value)
    {
        final CounterSnapshot.Builder snapshot = CounterSnapshot.builder().name(name).help(help);
        for (final SwitchInstance instance : all)
        {
            for (final ManagedPort port : instance.ports())
            {
                snapshot.dataPoint(counter(Labels.of("switch", instance.name(), "port", port.name()),
                    value.applyAsLong(port.port().counters())));
            }
        }
        return snapshot.build();
    }

    private static MetricSnapshot drops(final List<SwitchInstance> all)
    {
        final CounterSnapshot.Builder byPort = CounterSnapshot.builder().name("vswitch_port_drops")
            .help("Packets dropped, by port and reason.");
        for (final SwitchInstance instance : all)
        {
            for (final ManagedPort port : instance.ports())
            {
                for (final DropReason reason : DropReason.values())
                {
                    byPort.dataPoint(counter(Labels.of("switch", instance.name(), "port", port.name(), "reason",
                        reason.label()), port.port().counters().drops(reason)));
                }
            }
        }
        return byPort.build();
    }

    private static MetricSnapshot switchDrops(final List<SwitchInstance> all)
    {
        final CounterSnapshot.Builder bySwitch = CounterSnapshot.builder().name("vswitch_switch_drops")
            .help("Packets dropped by the switch (ports removed included).");
        for (final SwitchInstance instance : all)
        {
            for (final DropReason reason : DropReason.values())
            {
                bySwitch.dataPoint(counter(Labels.of("switch", instance.name(), "reason", reason.label()),
                    instance.drops(reason)));
            }
        }
        return bySwitch.build();
    }

    private static MetricSnapshot logicCounters(final List<SwitchInstance> all)
    {
        final GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name("vswitch_logic_counter")
            .help("Counters a logic module exports (MAC table size, cache hits, conntrack entries, ...), by name.");
        for (final SwitchInstance instance : all)
        {
            if (instance.fabric().logic() instanceof LogicControl control)
            {
                final Map<String, Long> counters;
                try
                {
                    counters = new TreeMap<>(control.counters());
                }
                catch (final RuntimeException ex)
                {
                    continue; // a module's bug must not take the whole scrape down
                }
                for (final Map.Entry<String, Long> entry : counters.entrySet())
                {
                    snapshot.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("switch", instance.name(),
                        "logic", instance.logicName(), "name", entry.getKey())).value(entry.getValue()).build());
                }
            }
        }
        return snapshot.build();
    }

    private static void latency(final List<SwitchInstance> all, final List<MetricSnapshot> out)
    {
        final HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name("vswitch_forward_batch_seconds")
            .help("Time to forward one batch (logic + delivery to every destination).");
        final CounterSnapshot.Builder packets = CounterSnapshot.builder().name("vswitch_forward_batch_packets")
            .help("Packets in the batches the histogram timed.");
        for (final SwitchInstance instance : all)
        {
            final LatencyRecorder recorder = instance.latency();
            if (recorder == null)
            {
                continue;
            }
            final Histogram snapshot = recorder.snapshot();
            final double[] bounds = new double[BUCKETS.length + 1];
            final long[] counts = new long[BUCKETS.length + 1];
            long below = 0;
            for (int i = 0; i < BUCKETS.length; i++)
            {
                final long cumulative = snapshot.getCountBetweenValues(0, Math.round(BUCKETS[i] * 1e9));
                bounds[i] = BUCKETS[i];
                counts[i] = cumulative - below;
                below = cumulative;
            }
            bounds[BUCKETS.length] = Double.POSITIVE_INFINITY;
            counts[BUCKETS.length] = snapshot.getTotalCount() - below;
            final Labels labels = Labels.of("switch", instance.name());
            histogram.dataPoint(HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .sum(recorder.sumNanos() / 1e9).build());
            packets.dataPoint(counter(labels, recorder.packets()));
        }
        out.add(histogram.build());
        out.add(packets.build());
    }
}
