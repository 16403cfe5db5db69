package net.vswitch.logic.bridge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.plugin.ControlJson;
import net.vswitch.fabric.plugin.TextTable;

/** {@code fdb show}: the learnt addresses by port, VLAN and MAC, as a table or as JSON. */
final class FdbShow
{
    static final Comparator<MacEntry> ORDER = Comparator.comparingInt(MacEntry::port)
        .thenComparingInt(MacEntry::vlan).thenComparingLong(MacEntry::mac);

    private FdbShow()
    {
    }

    /**
     * @param switchName the switch the bridge runs on
     * @param portNames  port names by index ({@code null} where none is attached)
     */
    static String render(final LearningBridge bridge, final String switchName, final String[] portNames,
        final boolean json)
    {
        final List<MacEntry> entries = new ArrayList<>(bridge.entries());
        entries.sort(ORDER);
        if (json)
        {
            final List<Map<String, Object>> rows = new ArrayList<>();
            for (final MacEntry entry : entries)
            {
                rows.add(ControlJson.object("port", portName(portNames, entry.port()), "index", entry.port(),
                    "vlan", entry.vlan(), "mac", entry.macString(), "age", entry.ageSeconds()));
            }
            return ControlJson.write(ControlJson.object("switch", switchName, "size", bridge.size(),
                "limit", bridge.limit(), "aging", bridge.agingSeconds(), "entries", rows));
        }
        final TextTable table = new TextTable("PORT", "VLAN", "MAC", "AGE#");
        for (final MacEntry entry : entries)
        {
            table.row(portName(portNames, entry.port()), entry.vlan() < 0 ? "-" : String.valueOf(entry.vlan()),
                entry.macString(), entry.ageSeconds());
        }
        return table.toString() + entries.size() + " of at most " + bridge.limit() + " entries, aging "
            + bridge.agingSeconds() + " s\n";
    }

    private static String portName(final String[] portNames, final int index)
    {
        return index < portNames.length && portNames[index] != null ? portNames[index] : "#" + index;
    }
}
