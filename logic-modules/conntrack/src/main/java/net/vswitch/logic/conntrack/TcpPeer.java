package net.vswitch.logic.conntrack;

/**
 * What the tracker knows of one end of a TCP connection (pf's {@code tcp_peer}, as in Open vSwitch):
 * the highest sequence number it sent, the highest the other end may send, its largest unscaled window,
 * its window scale and its state.
 */
final class TcpPeer
{
    /** Peer states, ordered as Open vSwitch's {@code ct_dpif_tcp_state} (pf uses a subset). */
    static final int CLOSED = 0;
    static final int SYN_RECV = 3;
    static final int SYN_SENT = 2;
    static final int ESTABLISHED = 4;
    static final int CLOSING = 7;
    static final int FIN_WAIT_2 = 9;
    static final int TIME_WAIT = 10;

    static final int WSCALE_FLAG = 0x80;
    static final int WSCALE_UNKNOWN = 0x40;
    static final int WSCALE_MASK = 0x0F;

    private static final String[] NAMES = {"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED",
        "CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2", "TIME_WAIT"};

    /** Highest sequence number sent (end of the last segment). */
    int seqLo;
    /** Highest sequence number the other end has made room for (its ack + window). */
    int seqHi;
    /** Largest window seen, before scaling. */
    int maxWin;
    int wscale;
    int state;

    void reset()
    {
        seqLo = 0;
        seqHi = 0;
        maxWin = 0;
        wscale = 0;
        state = CLOSED;
    }

    /**
     * The state {@code dpctl/dump-conntrack} prints for the farther peer state: Open vSwitch
     * ({@code ct-dpif.c}) prints FIN_WAIT_2 as TIME_WAIT and SYN_RECV as ESTABLISHED, as Linux names them.
     */
    static int coalesce(final int state)
    {
        return state == FIN_WAIT_2 ? TIME_WAIT : state == SYN_RECV ? ESTABLISHED : state;
    }

    static String name(final int state)
    {
        return NAMES[state];
    }
}
