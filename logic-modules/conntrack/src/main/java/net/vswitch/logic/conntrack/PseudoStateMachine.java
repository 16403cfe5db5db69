package net.vswitch.logic.conntrack;

/**
 * UDP, ICMP echo and other protocols: no state beyond "has the reply direction been seen", which makes
 * the connection established, and how many packets the original direction sent (UDP's first vs single
 * timeout), as Open vSwitch's {@code conntrack-other.c} and {@code conntrack-icmp.c}.
 */
final class PseudoStateMachine
{
    private PseudoStateMachine()
    {
    }

    /** Counts a packet of an existing pseudo-connection; returns the timeout it moves the connection to. */
    static CtTimeout update(final Connection c, final boolean reply)
    {
        if (reply)
        {
            c.replySeen = true;
        }
        else
        {
            c.origPackets++;
        }
        if (c.icmp())
        {
            return c.replySeen ? CtTimeout.ICMP_REPLY : CtTimeout.ICMP_FIRST;
        }
        return c.replySeen ? CtTimeout.UDP_MULTIPLE : c.origPackets > 1 ? CtTimeout.UDP_SINGLE : CtTimeout.UDP_FIRST;
    }
}
