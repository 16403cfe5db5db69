package net.vswitch.vswitchd.metrics;

import java.util.List;
import java.util.Map;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.vswitchd.daemon.ManagedPort;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import org.HdrHistogram.Histogram;

/**
 * Writes the daemon's state in the Prometheus text exposition format (version 0.0.4). Metric names
 * are stable: {@code vswitch_port_*_total{switch,port}}, {@code vswitch_port_drops_total{switch,port,
 * reason}}, {@code vswitch_switch_drops_total{switch,reason}}, {@code vswitch_logic_errors_total},
 * {@code vswitch_forward_batch_seconds} (histogram), {@code vswitch_logic_counter{switch,logic,name}}.
 */
public final class PrometheusFormat
{
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {
        1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 1e-1, 1};

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusFormat()
    {
    }

    public static String render(final List<SwitchInstance> switches)
    {
        final PrometheusFormat format = new PrometheusFormat();
        format.write(switches);
        return format.out.toString();
    }

    private interface PortValue
    {
        long of(PortCounters counters);
    }

    private void write(final List<SwitchInstance> switches)
    {
        header("vswitch_up", "gauge", "1 while the daemon runs.");
        out.append("vswitch_up 1\n");
        header("vswitch_ports", "gauge", "Ports attached to the switch.");
        for (final SwitchInstance instance : switches)
        {
            sample("vswitch_ports", labels("switch", instance.name()), instance.ports().size());
        }
        header("vswitch_logic_info", "gauge", "The switch's current logic (value is always 1).");
        for (final SwitchInstance instance : switches)
        {
            sample("vswitch_logic_info", labels("switch", instance.name(), "logic", instance.logicName()), 1);
        }
        portCounter(switches, "vswitch_port_rx_packets_total", "Packets received by the port.",
            PortCounters::rxPackets);
        portCounter(switches, "vswitch_port_rx_bytes_total", "Bytes received by the port.", PortCounters::rxBytes);
        portCounter(switches, "vswitch_port_tx_packets_total", "Packets sent by the port.", PortCounters::txPackets);
        portCounter(switches, "vswitch_port_tx_bytes_total", "Bytes sent by the port.", PortCounters::txBytes);
        portCounter(switches, "vswitch_port_forwarded_total", "Copies of the port's packets delivered.",
            PortCounters::forwarded);
        header("vswitch_port_drops_total", "counter", "Packets dropped, by port and reason.");
        for (final SwitchInstance instance : switches)
        {
            for (final ManagedPort port : instance.ports())
            {
                for (final DropReason reason : DropReason.values())
                {
                    sample("vswitch_port_drops_total", labels("switch", instance.name(), "port", port.name(),
                        "reason", reason.label()), port.port().counters().drops(reason));
                }
            }
        }
        header("vswitch_switch_drops_total", "counter", "Packets dropped by the switch (ports removed included).");
        for (final SwitchInstance instance : switches)
        {
            for (final DropReason reason : DropReason.values())
            {
                sample("vswitch_switch_drops_total", labels("switch", instance.name(), "reason", reason.label()),
                    instance.drops(reason));
            }
        }
        header("vswitch_logic_errors_total", "counter", "Exceptions thrown by the switching logic.");
        for (final SwitchInstance instance : switches)
        {
            sample("vswitch_logic_errors_total", labels("switch", instance.name()), instance.fabric().logicErrors());
        }
        header("vswitch_port_errors_total", "counter", "Errors raised by ports while delivering.");
        for (final SwitchInstance instance : switches)
        {
            sample("vswitch_port_errors_total", labels("switch", instance.name()), instance.fabric().portErrors());
        }
        bridge(switches);
        logicCounters(switches);
        latency(switches);
    }

    private void bridge(final List<SwitchInstance> switches)
    {
        header("vswitch_fdb_entries", "gauge", "MAC addresses learnt by the bridge logic.");
        for (final SwitchInstance instance : switches)
        {
            if (instance.fabric().logic() instanceof LearningBridge bridge)
            {
                sample("vswitch_fdb_entries", labels("switch", instance.name()), bridge.size());
            }
        }
        header("vswitch_fdb_learn_refused_total", "counter", "Addresses not learnt because the MAC table was full.");
        for (final SwitchInstance instance : switches)
        {
            if (instance.fabric().logic() instanceof LearningBridge bridge)
            {
                sample("vswitch_fdb_learn_refused_total", labels("switch", instance.name()), bridge.learnRefused());
            }
        }
    }

    private void logicCounters(final List<SwitchInstance> switches)
    {
        header("vswitch_logic_counter", "gauge",
            "Counters a logic module exports (cache hits, conntrack entries, ...), by name.");
        for (final SwitchInstance instance : switches)
        {
            if (instance.fabric().logic() instanceof LogicControl control)
            {
                final Map<String, Long> counters;
                try
                {
                    counters = control.counters();
                }
                catch (final RuntimeException ex)
                {
                    continue;
                }
                for (final Map.Entry<String, Long> counter : new java.util.TreeMap<>(counters).entrySet())
                {
                    sample("vswitch_logic_counter", labels("switch", instance.name(), "logic",
                        instance.logicName(), "name", counter.getKey()), counter.getValue());
                }
            }
        }
    }

    private void latency(final List<SwitchInstance> switches)
    {
        header("vswitch_forward_batch_seconds", "histogram",
            "Time to forward one batch (logic + delivery to every destination).");
        for (final SwitchInstance instance : switches)
        {
            final LatencyRecorder recorder = instance.latency();
            if (recorder == null)
            {
                continue;
            }
            final Histogram histogram = recorder.snapshot();
            final String name = instance.name();
            for (final double bound : BUCKETS)
            {
                final long nanos = Math.round(bound * 1e9);
                sampleText("vswitch_forward_batch_seconds_bucket", labels("switch", name, "le", seconds(bound)),
                    Long.toString(histogram.getCountBetweenValues(0, nanos)));
            }
            sampleText("vswitch_forward_batch_seconds_bucket", labels("switch", name, "le", "+Inf"),
                Long.toString(histogram.getTotalCount()));
            sampleText("vswitch_forward_batch_seconds_sum", labels("switch", name),
                seconds(recorder.sumNanos() / 1e9));
            sampleText("vswitch_forward_batch_seconds_count", labels("switch", name),
                Long.toString(histogram.getTotalCount()));
        }
        header("vswitch_forward_batch_packets_total", "counter", "Packets in the batches the histogram timed.");
        for (final SwitchInstance instance : switches)
        {
            if (instance.latency() != null)
            {
                sample("vswitch_forward_batch_packets_total", labels("switch", instance.name()),
                    instance.latency().packets());
            }
        }
    }

    private void portCounter(final List<SwitchInstance> switches, final String name, final String help,
        final PortValue value)
    {
        header(name, "counter", help);
        for (final SwitchInstance instance : switches)
        {
            for (final ManagedPort port : instance.ports())
            {
                sample(name, labels("switch", instance.name(), "port", port.name()),
                    value.of(port.port().counters()));
            }
        }
    }

    private void header(final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(final String name, final String labels, final long value)
    {
        sampleText(name, labels, Long.toString(value));
    }

    private void sampleText(final String name, final String labels, final String value)
    {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String seconds(final double value)
    {
        final String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    private static String labels(final String... pairs)
    {
        final StringBuilder text = new StringBuilder("{");
        for (int i = 0; i + 1 < pairs.length; i += 2)
        {
            if (i > 0)
            {
                text.append(',');
            }
            text.append(pairs[i]).append("=\"");
            final String value = pairs[i + 1];
            for (int j = 0; j < value.length(); j++)
            {
                final char c = value.charAt(j);
                if (c == '\\' || c == '"')
                {
                    text.append('\\').append(c);
                }
                else if (c == '\n')
                {
                    text.append("\\n");
                }
                else
                {
                    text.append(c);
                }
            }
            text.append('"');
        }
        return text.append('}').toString();
    }
}
