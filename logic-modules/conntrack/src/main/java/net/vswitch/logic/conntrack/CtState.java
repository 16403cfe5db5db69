package net.vswitch.logic.conntrack;

/**
 * The {@code ct_state} bits a tracker gives a packet, with Open vSwitch's values so OpenFlow
 * {@code ct_state=+trk+est} matches read the same bits. A tracked packet always has {@link #TRACKED};
 * then exactly one of {@link #NEW}, {@link #ESTABLISHED}, {@link #RELATED} or {@link #INVALID}, plus
 * {@link #REPLY} when it travels in the reply direction of its connection.
 */
public final class CtState
{
    /** First packet of a connection not (yet) committed. */
    public static final int NEW = 1;
    /** Part of a committed connection that has been seen in both directions (TCP: valid segment). */
    public static final int ESTABLISHED = 1 << 1;
    /** Related to a tracked connection (an ICMP error quoting one of its packets). */
    public static final int RELATED = 1 << 2;
    /** Travels in the reply direction of its connection. */
    public static final int REPLY = 1 << 3;
    /** Could not be tracked or breaks its connection's rules (see {@link InvalidReason}). */
    public static final int INVALID = 1 << 4;
    /** The tracker has seen the packet; set on every verdict of a tracker. */
    public static final int TRACKED = 1 << 5;
    /** Reserved for source NAT (OVS's {@code snat}); this tracker does not set it. */
    public static final int SRC_NAT = 1 << 6;
    /** Reserved for destination NAT (OVS's {@code dnat}); this tracker does not set it. */
    public static final int DST_NAT = 1 << 7;

    private static final String[] NAMES = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};
    /** Print order of {@code ovs-ofctl}: trk first, then the state, then the direction. */
    private static final int[] PRINT_ORDER = {5, 0, 1, 2, 3, 4, 6, 7};

    private CtState()
    {
    }

    /**
     * The bits as Open vSwitch prints them, e.g. {@code +trk+est+rpl}; {@code -trk} for 0 (not tracked).
     *
     * @param bits a {@code ct_state} value
     * @return the flags that are set, each prefixed with {@code +}
     */
    public static String toString(final int bits)
    {
        if (bits == 0)
        {
            return "-trk";
        }
        final StringBuilder text = new StringBuilder();
        for (final int bit : PRINT_ORDER)
        {
            if ((bits & (1 << bit)) != 0)
            {
                text.append('+').append(NAMES[bit]);
            }
        }
        return text.toString();
    }

    /** Whether every bit of {@code required} is set in {@code bits}. */
    public static boolean has(final int bits, final int required)
    {
        return (bits & required) == required;
    }
}
