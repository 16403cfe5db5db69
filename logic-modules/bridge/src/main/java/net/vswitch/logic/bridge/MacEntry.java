package net.vswitch.logic.bridge;

/**
 * One learnt address, as {@code fdb show} prints it.
 *
 * @param vlan       VLAN id, or -1 for untagged
 * @param mac        48-bit MAC in the low bits
 * @param port       port index
 * @param ageSeconds seconds since the address was last seen (refreshed at most once a second)
 */
public record MacEntry(int vlan, long mac, int port, long ageSeconds)
{
    public String macString()
    {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x",
            (mac >>> 40) & 0xFF, (mac >>> 32) & 0xFF, (mac >>> 24) & 0xFF,
            (mac >>> 16) & 0xFF, (mac >>> 8) & 0xFF, mac & 0xFF);
    }
}
