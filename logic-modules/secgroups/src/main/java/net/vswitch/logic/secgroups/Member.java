package net.vswitch.logic.secgroups;

import java.util.List;

/**
 * A switch port's membership of a group, with the addresses it may send from (anti-spoofing).
 *
 * @param port      the switch port's name
 * @param macs      allowed source MACs (as {@code aa:bb:cc:dd:ee:ff})
 * @param addresses allowed IPv4/IPv6 source addresses (the IPv6 link-local address of each MAC is allowed too)
 */
public record Member(String port, List<String> macs, List<String> addresses)
{
    public Member
    {
        macs = List.copyOf(macs);
        addresses = List.copyOf(addresses);
    }
}
