package net.vswitch.logic.conntrack;

/**
 * Why a tracker marked a packet {@link CtState#INVALID} or refused a commit; each has its own counter in
 * {@link ConnectionTracker#counters()} under {@link #counterName()}.
 */
public enum InvalidReason
{
    /** IP header or L4 header truncated or inconsistent. */
    MALFORMED("invalid_malformed"),
    /** An IPv4/IPv6 fragment: not reassembled, so never passed unchecked. */
    FRAGMENT("invalid_fragment"),
    /** A TCP segment other than a SYN without a connection. */
    TCP_NO_CONNECTION("invalid_tcp_no_connection"),
    /** An impossible TCP flag combination (SYN+FIN, SYN+RST, no ACK on data...). */
    TCP_FLAGS("invalid_tcp_flags"),
    /** A TCP segment outside the sequence/acknowledgement window of its connection. */
    TCP_WINDOW("invalid_tcp_window"),
    /** A TCP RST whose sequence number is not the one the receiver expects. */
    TCP_RST("invalid_tcp_rst"),
    /** An ICMP error or reply that matches no tracked connection. */
    ICMP_UNRELATED("invalid_icmp_unrelated"),
    /** Commit refused: the table holds {@link ConntrackConfig#tableLimit()} connections. */
    TABLE_FULL("refused_full"),
    /** Commit refused: the zone holds its {@link ConntrackConfig#zoneLimit(int)} connections. */
    ZONE_FULL("refused_zone_limit");

    private final String counterName;

    InvalidReason(final String counterName)
    {
        this.counterName = counterName;
    }

    /** The stable snake_case name of this reason's counter. */
    public String counterName()
    {
        return counterName;
    }
}
