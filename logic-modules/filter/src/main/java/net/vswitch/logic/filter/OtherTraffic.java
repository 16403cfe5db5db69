package net.vswitch.logic.filter;

/**
 * What the 3-tuple filter does with traffic that has no 3-tuple: ARP, other non-IP frames, and IP
 * protocols other than TCP and UDP (ICMP, ICMPv6 neighbour discovery, ...).
 */
public enum OtherTraffic
{
    /** From the uplink: to the default port (the host stack). From any other port: to the uplink. */
    FORWARD,
    /** To every port but the ingress one. */
    FLOOD,
    /** Dropped, counted as {@code FILTERED}. */
    DROP
}
