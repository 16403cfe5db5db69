package net.vswitch.ports.dpdk;

/** A DPDK device's link ({@code rte_eth_link}): up or down, speed in Mbit/s (0 = unknown), duplex. */
public record LinkStatus(boolean up, int speedMbps, boolean fullDuplex, boolean autoneg)
{
    @Override
    public String toString()
    {
        return (up ? "up" : "down") + (speedMbps > 0 ? " " + speedMbps + " Mbit/s" : "")
            + (fullDuplex ? " full-duplex" : " half-duplex");
    }
}
