package net.vswitch.benchmarks.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenFlow tables of the DPDK side by side, written once in {@code ovs-ofctl}'s flow syntax and fed to
 * both switches: to vswitch's {@code openflow} logic as its {@code flows=FILE} setting, to Open vSwitch with
 * {@code ovs-ofctl add-flows}. Port numbers are the ones both sides give the figure's ports: the trace's
 * source is OpenFlow port 1, the four sinks are ports 2..5. The trace ({@link TraceWriter}) sends flow f to
 * the MAC of sink f % 4 and to 10.0.(f/256).(f%256).
 */
public final class OpenFlowWorkloads
{
    /** The number of sinks the flows output to (ports 2 .. 1 + SINKS). */
    public static final int SINKS = 4;
    /** Rules per table in the two-table workload. */
    public static final int TABLE_RULES = 500;
    /** Destination MACs of the rules that match none of the trace's frames. */
    private static final long UNUSED_MAC = 0x02_00_00_00_03_00L;

    private OpenFlowWorkloads()
    {
    }

    /** Every frame from the source to the first sink. */
    public static List<String> oneRule()
    {
        return List.of("in_port=1,actions=output:2");
    }

    /** 8 L2 rules: the 4 sinks' MACs to their sinks, and 4 MACs the trace never uses. */
    public static List<String> l2Rules()
    {
        final List<String> flows = new ArrayList<>();
        for (int k = 0; k < 2 * SINKS; k++)
        {
            final long mac = k < SINKS ? TraceWriter.sinkMac(k) : UNUSED_MAC + k;
            flows.add("dl_dst=" + mac(mac) + ",actions=output:" + (2 + k % SINKS));
        }
        return flows;
    }

    /**
     * Two tables: table 0 has 500 {@code dl_dst} rules (the 4 sinks' MACs first) going to table 1; table 1 has
     * 500 {@code nw_dst} /24 rules (10.0.0.0/24 .. 10.0.3.0/24, the trace's, first) each out to a sink.
     */
    public static List<String> twoTables()
    {
        final List<String> flows = new ArrayList<>();
        for (int k = 0; k < TABLE_RULES; k++)
        {
            final long mac = k < SINKS ? TraceWriter.sinkMac(k) : UNUSED_MAC + 0x1_0000L + k;
            flows.add("table=0,dl_dst=" + mac(mac) + ",actions=goto_table:1");
        }
        for (int k = 0; k < TABLE_RULES; k++)
        {
            flows.add(String.format(Locale.ROOT, "table=1,ip,nw_dst=10.%d.%d.0/24,actions=output:%d", k / 256,
                k % 256, 2 + k % SINKS));
        }
        return flows;
    }

    /** The workload of a DPDK bench logic name ({@code of-rule}, {@code of-l2}, {@code of-tables}). */
    public static List<String> named(final String logic)
    {
        return switch (logic)
        {
            case "of-rule" -> oneRule();
            case "of-l2" -> l2Rules();
            case "of-tables" -> twoTables();
            default -> throw new IllegalArgumentException("unknown OpenFlow workload " + logic
                + " (of-rule, of-l2 or of-tables)");
        };
    }

    /** Writes flows one a line, as {@code ovs-ofctl add-flows} and vswitch's {@code flows=FILE} read them. */
    public static void write(final Path file, final List<String> flows) throws IOException
    {
        Files.write(file, flows);
    }

    /** {@code 02:00:00:00:02:00} for {@code 0x020000000200}. */
    public static String mac(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            text.append(String.format(Locale.ROOT, "%02x", (mac >>> shift) & 0xFF)).append(shift > 0 ? ":" : "");
        }
        return text.toString();
    }
}
