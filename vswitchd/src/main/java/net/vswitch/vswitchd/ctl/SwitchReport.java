package net.vswitch.vswitchd.ctl;

import java.util.List;
import java.util.Map;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.vswitchd.daemon.ManagedPort;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.metrics.LatencyRecorder;
import net.vswitch.vswitchd.util.JsonWriter;
import net.vswitch.vswitchd.util.Table;
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
        final JsonWriter json = new JsonWriter();
        json.beginObject().name("switches").beginArray();
        for (final SwitchInstance instance : switches)
        {
            switchJson(json, instance);
        }
        json.endArray().endObject();
        return json + "\n";
    }

    private static void switchJson(final JsonWriter json, final SwitchInstance instance)
    {
        json.beginObject()
            .member("name", instance.name())
            .member("logic", instance.logicName());
        json.name("settings").beginObject();
        for (final Map.Entry<String, String> setting : instance.settings().entrySet())
        {
            json.member(setting.getKey(), setting.getValue());
        }
        json.endObject();
        json.name("ports").beginArray();
        for (final ManagedPort port : instance.ports())
        {
            portJson(json, port);
        }
        json.endArray();
        json.member("rx_packets", instance.rxPackets())
            .member("rx_bytes", instance.rxBytes())
            .member("tx_packets", instance.txPackets())
            .member("tx_bytes", instance.txBytes());
        json.name("drops").beginObject();
        for (final DropReason reason : DropReason.values())
        {
            json.member(reason.label(), instance.drops(reason));
        }
        json.endObject();
        json.member("logic_errors", instance.fabric().logicErrors())
            .member("port_errors", instance.fabric().portErrors());
        json.name("logic_counters").beginObject();
        for (final Map.Entry<String, Long> counter : logicCounters(instance).entrySet())
        {
            json.member(counter.getKey(), counter.getValue());
        }
        json.endObject();
        final LatencyRecorder latency = instance.latency();
        if (latency != null)
        {
            final Histogram histogram = latency.snapshot();
            json.name("forward_batch_ns").beginObject()
                .member("batches", histogram.getTotalCount())
                .member("p50", histogram.getValueAtPercentile(50))
                .member("p99", histogram.getValueAtPercentile(99))
                .member("max", histogram.getMaxValue())
                .endObject();
        }
        json.endObject();
    }

    private static void portJson(final JsonWriter json, final ManagedPort port)
    {
        final PortCounters c = port.port().counters();
        final int index = port.port().index();
        json.beginObject()
            .member("name", port.name())
            .member("index", index)
            .member("ofport", port.port().number())
            .member("spec", port.spec().text())
            .member("origin", port.origin().name().toLowerCase(java.util.Locale.ROOT))
            .member("rx_packets", c.rxPackets())
            .member("rx_bytes", c.rxBytes())
            .member("tx_packets", c.txPackets())
            .member("tx_bytes", c.txBytes())
            .member("forwarded", c.forwarded())
            .member("replicated", c.replicated());
        json.name("drops").beginObject();
        for (final DropReason reason : DropReason.values())
        {
            json.member(reason.label(), c.drops(reason));
        }
        json.endObject().endObject();
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
            final Table table = new Table("PORT", "INDEX#", "OFPORT#", "SPEC", "RX_PACKETS#", "RX_BYTES#",
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
            final Table table = new Table("PORT", "RX_PACKETS#", "RX_BYTES#", "TX_PACKETS#", "TX_BYTES#",
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
