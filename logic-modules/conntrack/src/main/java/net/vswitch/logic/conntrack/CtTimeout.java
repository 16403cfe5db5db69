package net.vswitch.logic.conntrack;

import java.time.Duration;

/**
 * The timeouts a connection moves through, named as Open vSwitch's timeout policies name them
 * ({@code ovs-vsctl add-zone-tp ... tcp_established=...}). Defaults are those of Open vSwitch's userspace
 * datapath ({@code lib/conntrack-private.h}); the Linux kernel keeps established TCP for 5 days instead of
 * 24 h. Protocols other than TCP, UDP and ICMP use the UDP timeouts, as OVS's "other" does.
 */
public enum CtTimeout
{
    /** Only the originator's SYN seen (OVS {@code TCP_FIRST_PACKET}). */
    TCP_SYN_SENT("tcp_syn_sent", Duration.ofSeconds(30)),
    /** Handshake under way: the responder answered, not both peers established (OVS {@code TCP_OPENING}). */
    TCP_SYN_RECV("tcp_syn_recv", Duration.ofSeconds(30)),
    /** Both peers established. */
    TCP_ESTABLISHED("tcp_established", Duration.ofHours(24)),
    /** One peer has sent FIN (OVS {@code TCP_CLOSING}). */
    TCP_FIN_WAIT("tcp_fin_wait", Duration.ofMinutes(15)),
    /** Both peers have sent FIN, not both acknowledged (OVS {@code TCP_FIN_WAIT}). */
    TCP_CLOSING("tcp_closing", Duration.ofSeconds(45)),
    /** Both FINs acknowledged, or a valid RST seen (OVS {@code TCP_CLOSED}). */
    TCP_TIME_WAIT("tcp_time_wait", Duration.ofSeconds(30)),
    /** UDP (and other protocols): the first packet. */
    UDP_FIRST("udp_first", Duration.ofSeconds(60)),
    /** UDP: more than one packet, one direction only. */
    UDP_SINGLE("udp_single", Duration.ofSeconds(60)),
    /** UDP: both directions seen. */
    UDP_MULTIPLE("udp_multiple", Duration.ofSeconds(30)),
    /** ICMP/ICMPv6 echo: request seen. */
    ICMP_FIRST("icmp_first", Duration.ofSeconds(60)),
    /** ICMP/ICMPv6 echo: reply seen. */
    ICMP_REPLY("icmp_reply", Duration.ofSeconds(30));

    private final String policyName;
    private final Duration defaultTimeout;

    CtTimeout(final String policyName, final Duration defaultTimeout)
    {
        this.policyName = policyName;
        this.defaultTimeout = defaultTimeout;
    }

    /** The Open vSwitch timeout-policy name, e.g. {@code tcp_established}. */
    public String policyName()
    {
        return policyName;
    }

    public Duration defaultTimeout()
    {
        return defaultTimeout;
    }

    /**
     * @param name a {@link #policyName()}
     * @return the timeout of that name
     * @throws IllegalArgumentException naming the unknown timeout and the known ones
     */
    public static CtTimeout byPolicyName(final String name)
    {
        for (final CtTimeout timeout : values())
        {
            if (timeout.policyName.equals(name))
            {
                return timeout;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final CtTimeout timeout : values())
        {
            known.append(known.isEmpty() ? "" : ", ").append(timeout.policyName);
        }
        throw new IllegalArgumentException("unknown conntrack timeout '" + name + "' (known: " + known + ")");
    }
}
