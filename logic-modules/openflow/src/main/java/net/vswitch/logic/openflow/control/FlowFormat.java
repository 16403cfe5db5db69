package net.vswitch.logic.openflow.control;

import java.util.Locale;

import net.vswitch.logic.openflow.pipeline.FlowEntry;

/** Prints flow entries as {@code ovs-ofctl dump-flows} does, and as JSON. */
public final class FlowFormat
{
    private FlowFormat()
    {
    }

    /** {@code  cookie=0x0, duration=1.234s, table=0, n_packets=3, n_bytes=180, priority=100,ip actions=output:2}. */
    public static String line(final FlowEntry e, final long nowNanos)
    {
        final StringBuilder s = new StringBuilder(" cookie=0x").append(Long.toHexString(e.cookie()))
            .append(", duration=").append(duration(e, nowNanos)).append("s, table=").append(e.table())
            .append(", n_packets=").append(e.stats().packets()).append(", n_bytes=").append(e.stats().bytes())
            .append(", ");
        if (e.idleTimeout() != 0)
        {
            s.append("idle_timeout=").append(e.idleTimeout()).append(", ");
        }
        if (e.hardTimeout() != 0)
        {
            s.append("hard_timeout=").append(e.hardTimeout()).append(", ");
        }
        if ((e.flags() & FlowEntry.FLAG_SEND_FLOW_REM) != 0)
        {
            s.append("send_flow_rem ");
        }
        if ((e.flags() & FlowEntry.FLAG_CHECK_OVERLAP) != 0)
        {
            s.append("check_overlap ");
        }
        s.append(matchText(e));
        return s.append("actions=").append(e.instructions()).toString();
    }

    /** {@code priority=100,ip,nw_dst=10.0.0.0/24 } (priority omitted when it is the default 32768). */
    static String matchText(final FlowEntry e)
    {
        final String match = e.match().toString();
        final String priority = e.priority() != FlowEntry.DEFAULT_PRIORITY ? "priority=" + e.priority() : "";
        final String joined = priority.isEmpty() ? match : match.isEmpty() ? priority : priority + "," + match;
        return joined.isEmpty() ? "" : joined + " ";
    }

    private static String duration(final FlowEntry e, final long nowNanos)
    {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, nowNanos - e.stats().createdNanos()) / 1e9);
    }

    /** One JSON object per entry. */
    public static String json(final FlowEntry e, final long nowNanos)
    {
        return "{\"table\":" + e.table() + ",\"priority\":" + e.priority() + ",\"cookie\":\"0x"
            + Long.toHexString(e.cookie()) + "\",\"duration\":" + duration(e, nowNanos) + ",\"n_packets\":"
            + e.stats().packets() + ",\"n_bytes\":" + e.stats().bytes() + ",\"idle_timeout\":" + e.idleTimeout()
            + ",\"hard_timeout\":" + e.hardTimeout() + ",\"match\":" + quote(e.match().toString()) + ",\"actions\":"
            + quote(e.instructions().toString()) + "}";
    }

    static String quote(final String text)
    {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
