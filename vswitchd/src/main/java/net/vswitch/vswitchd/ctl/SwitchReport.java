package net.vswitch.vswitchd.ctl;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.fabric.plugin.TextTable;
import net.vswitch.vswitchd.daemon.ManagedPort;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.metrics.LatencyRecorder;
import net.vswitch.vswitchd.util.Json;
import org.HdrHistogram.Histogram;

/**
 * Renders {@code show} and {@code stats}: the JSON of DESIGN §5 ({@code switches[].name/logic/ports[]
 * .name/index/ofport/spec/rx_packets/rx_bytes/tx_packets/tx_bytes/drops{reason:count}}, switch-level
 * {@code drops}; more fields may be added, none renamed) and tables for humans. Drop reasons are the
 * {@link DropReason} labels; every reason is present, zeros included, so scripts can index them.
 */
final class SwitchReport
{
    private SwitchReport()
    {
    }

    static String json(final List<SwitchInstance> switches)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final SwitchInstance instance : switches)
        {
            list.add(switchJson(instance));
        }
        return Json.write(object("switches", list)) + "\n";
    }

    private static Map<String, Object> switchJson(final SwitchInstance instance)
    {
        final List<Map<String, Object>> ports = new ArrayList<>();
        for (final ManagedPort port : instance.ports())
        {
            ports.add(portJson(port));
        }
        final Map<String, Object> drops = new LinkedHashMap<>();
        for (final DropReason reason : DropReason.values())
        {
            drops.put(reason.label(), instance.drops(reason));
        }
        final Map<String, Object> json = object("name", instance.name(), "logic", instance.logicName(),
            "settings", instance.settings(), "ports", ports, "rx_packets", instance.rxPackets(),
            "rx_bytes", instance.rxBytes(), "tx_packets", instance.txPackets(), "tx_bytes", instance.txBytes(),
            "drops", drops, "logic_errors", instance.fabric().logicErrors(),
            "port_errors", instance.fabric().portErrors(), "logic_counters", logicCounters(instance));
        final LatencyRecorder latency = instance.latency();
        if (latency != null)
        {
            final Histogram histogram = latency.snapshot();
            json.put("forward_batch_ns", object("batches", histogram.getTotalCount(),
                "p50", histogram.getValueAtPercentile(50), "p99", histogram.getValueAtPercentile(99),
                "max", histogram.getMaxValue()));
        }
        return json;
    }

    private static Map<String, Object> portJson(final ManagedPort port)
    {
        final PortCounters c = port.port().counters();
        final int index = port.port().index();
        final Map<String, Object> drops = new LinkedHashMap<>();
        for (final DropReason reason : DropReason.values())
        {
            drops.put(reason.label(), c.drops(reason));
        }
        return object("name", port.name(), "index", index, "ofport", port.port().number(), "spec", port.spec().text(),
            "origin", port.origin().name().toLowerCase(java.util.Locale.ROOT), "rx_packets", c.rxPackets(),
            "rx_bytes", c.rxBytes(), "tx_packets", c.txPackets(), "tx_bytes", c.txBytes(),
            "forwarded", c.forwarded(), "replicated", c.replicated(), "drops", drops);
    }

    static Map<String, Long> logicCounters(final SwitchInstance instance)
    {
        if (instance.fabric().logic() instanceof LogicControl control)
        {
            try
            {
                return control.counters();
            }
            catch (final RuntimeException ex)
            {
                return Map.of();
            }
        }
        return Map.of();
    }

    /** {@code show}: switches, logic, ports with their SPEC and main counters. */
    static String showText(final List<SwitchInstance> switches)
    {
        final StringBuilder out = new StringBuilder();
        for (final SwitchInstance instance : switches)
        {
            final List<ManagedPort> ports = instance.ports();
            out.append("switch ").append(instance.name()).append(": logic ").append(instance.logicName());
            if (!instance.settings().isEmpty())
            {
                out.append(' ').append(instance.settings());
            }
            out.append(", ").append(ports.size()).append(ports.size() == 1 ? " port\n" : " ports\n");
            final TextTable table = new TextTable("PORT", "INDEX#", "OFPORT#", "SPEC", "RX_PACKETS#", "RX_BYTES#",
                "TX_PACKETS#", "TX_BYTES#", "DROPS#");
            for (final ManagedPort port : ports)
            {
                final PortCounters c = port.port().counters();
                table.row(port.name(), port.port().index(), port.port().index() + 1, port.spec().text(),
                    c.rxPackets(), c.rxBytes(), c.txPackets(), c.txBytes(), c.totalDrops());
            }
            if (!table.isEmpty())
            {
                table.appendTo(out, "  ");
            }
        }
        return out.toString();
    }

    /** {@code stats}: per-port counters with drops by reason, then switch totals. */
    static String statsText(final List<SwitchInstance> switches)
    {
        final StringBuilder out = new StringBuilder();
        for (final SwitchInstance instance : switches)
        {
            out.append("switch ").append(instance.name()).append(" (logic ").append(instance.logicName())
                .append(")\n");
            final TextTable table = new TextTable("PORT", "RX_PACKETS#", "RX_BYTES#", "TX_PACKETS#", "TX_BYTES#",
                "FORWARDED#", "DROPS");
            for (final ManagedPort port : instance.ports())
            {
                final PortCounters c = port.port().counters();
                table.row(port.name(), c.rxPackets(), c.rxBytes(), c.txPackets(), c.txBytes(), c.forwarded(),
                    drops(c));
            }
            if (!table.isEmpty())
            {
                table.appendTo(out, "  ");
            }
            out.append("  total: rx ").append(instance.rxPackets()).append(" packets, tx ")
                .append(instance.txPackets()).append(" packets, drops ").append(switchDrops(instance))
                .append(", logic errors ").append(instance.fabric().logicErrors()).append('\n');
            final LatencyRecorder latency = instance.latency();
            if (latency != null)
            {
                final Histogram h = latency.snapshot();
                out.append("  forward time per batch: p50 ").append(h.getValueAtPercentile(50)).append(" ns, p99 ")
                    .append(h.getValueAtPercentile(99)).append(" ns, max ").append(h.getMaxValue()).append(" ns (")
                    .append(h.getTotalCount()).append(" batches)\n");
            }
            for (final Map.Entry<String, Long> counter : logicCounters(instance).entrySet())
            {
                out.append("  ").append(counter.getKey()).append(": ").append(counter.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static String drops(final PortCounters c)
    {
        final StringBuilder text = new StringBuilder();
        for (final DropReason reason : DropReason.values())
        {
            final long count = c.drops(reason);
            if (count > 0)
            {
                text.append(text.isEmpty() ? "" : ",").append(reason.label()).append('=').append(count);
            }
        }
        return text.isEmpty() ? "-" : text.toString();
    }

    private static String switchDrops(final SwitchInstance instance)
    {
        final StringBuilder text = new StringBuilder();
        for (final DropReason reason : DropReason.values())
        {
            final long count = instance.drops(reason);
            if (count > 0)
            {
                text.append(text.isEmpty() ? "" : ",").append(reason.label()).append('=').append(count);
            }
        }
        return text.isEmpty() ? "none" : text.toString();
    }
}
