package net.vswitch.ports.dpdk;

/**
 * A DPDK device's own counters ({@code rte_eth_stats}): what the device saw, as opposed to the
 * switch port's {@link net.vswitch.fabric.PortCounters}.
 */
public record EthStats(long ipackets, long opackets, long ibytes, long obytes, long imissed, long ierrors,
    long oerrors, long rxNoMbuf)
{
}
