package net.vswitch.fabric;

/**
 * Why a packet did not leave the switch. Every drop has exactly one reason and one counter.
 * Ids are stable (they name counters in metrics and JSON); labels are what operators read.
 */
public enum DropReason
{
    /** The logic returned {@link SwitchLogic#DROP} without naming a more specific reason. */
    NO_ROUTE(0, "no_route"),
    /** The logic decided the packet is not allowed (filters, ACLs, security groups). */
    FILTERED(1, "filtered"),
    /** The destination ring had no free slot. */
    RING_FULL(2, "ring_full"),
    /** Shorter than an Ethernet header, or a length the buffer cannot hold. */
    MALFORMED(3, "malformed"),
    /** The logic threw while deciding this packet. */
    LOGIC_ERROR(4, "logic_error"),
    /** The logic returned a port index that is not attached. */
    BAD_PORT(5, "bad_port"),
    /** The logic sent the packet back to its ingress port without asking for hairpin. */
    HAIRPIN(6, "hairpin"),
    /** The frame is larger than the destination's buffers. */
    TOO_BIG(7, "too_big"),
    /** A flood had no port to go to (the ingress port is alone on the switch). */
    NO_DESTINATION(8, "no_destination"),
    /** The destination port failed to transmit (device error, closed socket). */
    TX_ERROR(9, "tx_error"),
    /** A table the logic needed was full (MAC table, flow table, conntrack). */
    TABLE_FULL(10, "table_full"),
    /** The source address is not one the sending port may use (anti-spoofing). */
    SPOOFED(11, "spoofed"),
    /** The ingress port was detached while its batch was in flight. */
    DETACHED(12, "detached"),
    /** A copy the logic emitted ({@link Packet#emit}) did not fit in the forwarder's bounded scratch. */
    NO_BUFFER(13, "no_buffer"),
    /** A shared-memory client broke its ring protocol (a position jump): one per violation, on its port. */
    PROTOCOL_ERROR(14, "protocol_error"),
    /** Touching this port's memory faulted: the port was quarantined (once, on that port). */
    PORT_FAULT(15, "port_fault"),
    /** The frame's source or destination port is quarantined (its memory faulted); counted on the sender. */
    QUARANTINED(16, "quarantined");

    private static final DropReason[] BY_ID;

    static
    {
        final DropReason[] values = values();
        BY_ID = new DropReason[values.length];
        for (final DropReason reason : values)
        {
            if (BY_ID[reason.id] != null)
            {
                throw new IllegalStateException("duplicate DropReason id " + reason.id);
            }
            BY_ID[reason.id] = reason;
        }
    }

    private final int id;
    private final String label;

    DropReason(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    public int id()
    {
        return id;
    }

    public String label()
    {
        return label;
    }

    public static DropReason byId(final int id)
    {
        return BY_ID[id];
    }

    public static int count()
    {
        return BY_ID.length;
    }
}
