package net.vswitch.logic.secgroups;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the security groups decided, counted from every forwarding thread without contention
 * ({@link LongAdder}: striped cells, allocation-free once warm). Read on control threads only.
 */
final class SecgroupCounters
{
    /** New connections a rule (or no rule for a plain port) allowed and the tracker committed. */
    final LongAdder allowedNew = new LongAdder();
    /** New connections no rule allowed. */
    final LongAdder deniedNew = new LongAdder();
    /** Packets of committed connections, either way (no rule consulted). */
    final LongAdder established = new LongAdder();
    /** ICMP errors about committed connections. */
    final LongAdder related = new LongAdder();
    /** Packets the tracker found invalid (non-SYN without a connection, out of window, fragment...). */
    final LongAdder invalid = new LongAdder();
    /** Frames from a member port with a source MAC/IP it does not own. */
    final LongAdder spoofed = new LongAdder();
    /** Other frames members may not send or receive (non-IP, VLAN-tagged, router advertisements). */
    final LongAdder filteredOther = new LongAdder();
    /** New connections refused because the connection table was full. */
    final LongAdder tableFull = new LongAdder();
    /** ARP and IPv6 neighbour discovery passed without rules. */
    final LongAdder neighbor = new LongAdder();
    /** DHCP client/server exchanges passed without rules. */
    final LongAdder dhcp = new LongAdder();
    /** Broadcast/multicast IP frames checked per receiving port. */
    final LongAdder multicast = new LongAdder();
    /** Frames between ports in no group, forwarded as a learning bridge. */
    final LongAdder bridged = new LongAdder();
    /** Connections removed because a rule or membership change stopped allowing them. */
    final LongAdder revoked = new LongAdder();
    /** Source MACs the learning table had no room for. */
    final LongAdder macRefused = new LongAdder();

    Map<String, Long> snapshot()
    {
        final Map<String, Long> map = new LinkedHashMap<>();
        map.put("allowed_new", allowedNew.sum());
        map.put("denied_new", deniedNew.sum());
        map.put("established", established.sum());
        map.put("related", related.sum());
        map.put("invalid", invalid.sum());
        map.put("spoofed", spoofed.sum());
        map.put("filtered_other", filteredOther.sum());
        map.put("table_full", tableFull.sum());
        map.put("neighbor_passed", neighbor.sum());
        map.put("dhcp_passed", dhcp.sum());
        map.put("multicast_checked", multicast.sum());
        map.put("bridged", bridged.sum());
        map.put("revoked_connections", revoked.sum());
        map.put("mac_table_refused", macRefused.sum());
        return map;
    }
}
