package net.vswitch.logic.conntrack;

import java.net.InetAddress;

/**
 * Read-only view of one tracked connection, in the direction of its first (original) packet. Handed to a
 * {@link ConnectionFilter} or a {@link ConnectionTracker#forEach} consumer; valid only during that call
 * (the tracker reuses the object), so copy what you need to keep.
 *
 * <p>Addresses come as two longs: an IPv4 address is the low 32 bits of {@code ...Low()} with
 * {@code ...High()} zero; an IPv6 address is high 64 bits then low 64 bits, in network order. For ICMP and
 * ICMPv6 echo, {@link #origSrcPort()} and {@link #origDstPort()} are both the echo identifier.
 */
public interface ConnectionView
{
    /** Conntrack zone, 0..65535. */
    int zone();

    /** 4 or 6. */
    int ipVersion();

    /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, or another one tracked by addresses only). */
    int protocol();

    long origSrcHigh();

    long origSrcLow();

    long origDstHigh();

    long origDstLow();

    /** The original source address as an {@link InetAddress} (allocates: for control code). */
    InetAddress origSrc();

    /** The original destination address as an {@link InetAddress} (allocates: for control code). */
    InetAddress origDst();

    /** TCP/UDP source port of the original direction; the echo id for ICMP; 0 for other protocols. */
    int origSrcPort();

    /** TCP/UDP destination port of the original direction; the echo id for ICMP; 0 for other protocols. */
    int origDstPort();

    /**
     * The connection's state as {@code dump-conntrack} prints it: for TCP the farther-advanced of the two
     * peers' states as Open vSwitch prints it ({@code SYN_SENT}, {@code ESTABLISHED}, {@code CLOSING},
     * {@code TIME_WAIT}, {@code CLOSED}); for others {@code NEW} (one direction seen) or
     * {@code ESTABLISHED} (both seen).
     */
    String protoState();

    /** Whether packets have been seen in both directions (TCP: both peers reached ESTABLISHED). */
    boolean established();

    /** The connection's {@code ct_mark}. */
    int mark();

    /** High 64 bits of the 128-bit {@code ct_label}. */
    long labelHigh();

    /** Low 64 bits of the 128-bit {@code ct_label}. */
    long labelLow();

    /** Nanoseconds (on the tracker's clock) until the connection expires if no packet refreshes it. */
    long expiresInNanos();
}
