package net.vswitch.logic.conntrack;

import net.vswitch.fabric.Packet;

/**
 * TCP connection tracking after pf and Open vSwitch's {@code conntrack-tcp.c} (Guido van Rooij's sequence
 * tracking): each peer's highest sent sequence number and the highest the other end allows; a segment is
 * valid when it lies within one window of what the receiver expects and acknowledges no more than one
 * window forward or back; a RST must carry (within one of) the expected sequence number. Window scaling is
 * taken from the SYN options when both ends offer it. Stateless: the state lives in {@link Connection}.
 */
final class TcpStateMachine
{
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    /** Results of {@link #update}. */
    static final int VALID = 0;
    /** A retransmitted SYN of a connection the responder has not answered yet. */
    static final int VALID_NEW = 1;
    /** A SYN on a closed connection: the old one goes, the SYN may start a new one. */
    static final int REOPEN = 2;
    static final int INVALID_FLAGS = 3;
    static final int INVALID_WINDOW = 4;
    static final int INVALID_RST = 5;

    private static final int MAX_WSCALE = 14;
    /** One maximal unscaled window plus a fudge factor of one MTU (pf's MAXACKWINDOW). */
    private static final int MAX_ACK_WINDOW = 0xFFFF + 1500;

    private TcpStateMachine()
    {
    }

    static int flags(final Packet packet, final int l4)
    {
        return packet.u8(l4 + 13) & 0x3F;
    }

    /** pf's impossible combinations: SYN with RST or FIN; neither SYN, ACK nor RST; FIN/PSH/URG without ACK. */
    static boolean invalidFlags(final int flags)
    {
        if ((flags & SYN) != 0)
        {
            if ((flags & (RST | FIN)) != 0)
            {
                return true;
            }
        }
        else if ((flags & (ACK | RST)) == 0)
        {
            return true;
        }
        return (flags & ACK) == 0 && (flags & (FIN | PSH | URG)) != 0;
    }

    /** Whether this segment may start a connection: a lone SYN (no ACK) with sane flags. */
    static boolean validNew(final int flags)
    {
        return !invalidFlags(flags) && (flags & (SYN | ACK)) == SYN;
    }

    /** Sets up both peers from the connection's first segment, a SYN; returns the timeout to use. */
    static CtTimeout start(final Connection c, final Packet packet, final int l4, final int ipEnd)
    {
        final TcpPeer src = c.orig;
        final TcpPeer dst = c.replyPeer;
        final int flags = flags(packet, l4);
        src.seqLo = packet.u32(l4 + 4);
        src.seqHi = src.seqLo + payloadLength(packet, l4, ipEnd) + 1;
        src.wscale = windowScale(packet, l4);
        src.maxWin = Math.max(packet.u16(l4 + 14), 1);
        if ((src.wscale & TcpPeer.WSCALE_MASK) != 0)
        {
            // the window of a SYN is never scaled: keep max_win in unscaled units
            src.maxWin = divRoundUp(src.maxWin, 1 << (src.wscale & TcpPeer.WSCALE_MASK));
        }
        if ((flags & SYN) != 0)
        {
            src.seqHi++;
        }
        if ((flags & FIN) != 0)
        {
            src.seqHi++;
        }
        dst.seqHi = 1;
        dst.maxWin = 1;
        src.state = TcpPeer.SYN_SENT;
        dst.state = TcpPeer.CLOSED;
        return CtTimeout.TCP_SYN_SENT;
    }

    /**
     * Runs one segment of an existing connection through the state machine.
     *
     * @param key the packet's key: L4 offset, IP end, direction ({@link FlowKey#reply}); its
     *            {@link FlowKey#timeout} is set to the timeout to apply, or null to keep the old one
     * @return {@link #VALID}, {@link #VALID_NEW}, {@link #REOPEN} or an INVALID_* code
     */
    static int update(final Connection c, final Packet packet, final FlowKey key)
    {
        final int l4 = key.l4Offset;
        final TcpPeer src = key.reply ? c.replyPeer : c.orig;
        final TcpPeer dst = key.reply ? c.orig : c.replyPeer;
        final int flags = flags(packet, l4);
        key.timeout = null;
        if (invalidFlags(flags))
        {
            return INVALID_FLAGS;
        }
        if ((flags & SYN) != 0 && (flags & ACK) == 0)
        {
            if (src.state >= TcpPeer.FIN_WAIT_2 && dst.state >= TcpPeer.FIN_WAIT_2)
            {
                return REOPEN;
            }
            if (src.state == TcpPeer.SYN_SENT)
            {
                // a retransmitted SYN; the responder's own first SYN (simultaneous open) goes on below,
                // as in pf, so its sequence space is learnt (OVS would leave it unknown)
                key.timeout = CtTimeout.TCP_SYN_SENT;
                return VALID_NEW;
            }
        }
        int win = packet.u16(l4 + 14);
        int sws = 0;
        int dws = 0;
        if ((flags & SYN) == 0)
        {
            if ((src.wscale & TcpPeer.WSCALE_FLAG) != 0 && (dst.wscale & TcpPeer.WSCALE_FLAG) != 0)
            {
                sws = src.wscale & TcpPeer.WSCALE_MASK;
                dws = dst.wscale & TcpPeer.WSCALE_MASK;
            }
            else if ((src.wscale & TcpPeer.WSCALE_UNKNOWN) != 0 && (dst.wscale & TcpPeer.WSCALE_UNKNOWN) != 0)
            {
                sws = MAX_WSCALE;
                dws = MAX_WSCALE;
            }
        }
        final int origSeq = packet.u32(l4 + 4);
        int seq = origSeq;
        int ack = packet.u32(l4 + 8);
        int end = seq + payloadLength(packet, l4, key.ipEnd);
        boolean checkAckSkew = true;
        if ((flags & SYN) != 0)
        {
            end++;
        }
        if ((flags & FIN) != 0)
        {
            end++;
        }
        if (src.state < TcpPeer.SYN_SENT)
        {
            // first segment from this end (the SYN-ACK): learn its sequence space and window scale
            if ((flags & SYN) != 0 && (dst.wscale & TcpPeer.WSCALE_FLAG) != 0)
            {
                src.wscale = windowScale(packet, l4);
                if ((src.wscale & TcpPeer.WSCALE_FLAG) != 0)
                {
                    sws = src.wscale & TcpPeer.WSCALE_MASK;
                    win = divRoundUp(win, 1 << sws);
                    dws = dst.wscale & TcpPeer.WSCALE_MASK;
                }
                else
                {
                    // the responder does not scale: neither does the initiator (RFC 7323 §2.2)
                    dst.maxWin <<= dst.wscale & TcpPeer.WSCALE_MASK;
                    dst.wscale = 0;
                }
            }
            src.seqLo = seq;
            src.state = TcpPeer.SYN_SENT;
            final int room = Math.max(1, dst.maxWin << dws);
            if (src.seqHi == 1 || seqGeq(end + room, src.seqHi))
            {
                src.seqHi = end + room;
                checkAckSkew = false;
            }
            if (win > src.maxWin)
            {
                src.maxWin = win;
            }
        }
        if ((flags & ACK) == 0 || (ack == 0 && (flags & (ACK | RST)) == (ACK | RST)))
        {
            // no acknowledgement to check (or a stack that sends RST|ACK with ack 0)
            ack = dst.seqLo;
        }
        if (seq == end)
        {
            // no data: ease the sequence checks
            seq = src.seqLo;
            end = seq;
        }
        final int ackSkew = checkAckSkew ? dst.seqLo - ack : 0;
        final boolean inWindow = seqGeq(src.seqHi, end)
            && seqGeq(seq, src.seqLo - (dst.maxWin << dws))
            && ackSkew >= -MAX_ACK_WINDOW
            && ackSkew <= (MAX_ACK_WINDOW << sws);
        final boolean rstOk = (flags & RST) == 0 || origSeq == src.seqLo || origSeq == src.seqLo + 1
            || origSeq + 1 == src.seqLo;
        if (inWindow && rstOk)
        {
            slide(src, dst, win, sws, ack, end);
            if ((flags & FIN) != 0 && src.state < TcpPeer.CLOSING)
            {
                src.state = TcpPeer.CLOSING;
            }
            if ((flags & ACK) != 0)
            {
                if (dst.state == TcpPeer.SYN_SENT)
                {
                    dst.state = TcpPeer.ESTABLISHED;
                }
                else if (dst.state == TcpPeer.CLOSING)
                {
                    dst.state = TcpPeer.FIN_WAIT_2;
                }
            }
            if ((flags & RST) != 0)
            {
                src.state = TcpPeer.TIME_WAIT;
                dst.state = TcpPeer.TIME_WAIT;
            }
            key.timeout = timeoutFor(src.state, dst.state);
            return VALID;
        }
        final boolean loose = dst.state < TcpPeer.SYN_SENT || dst.state >= TcpPeer.FIN_WAIT_2
            || src.state >= TcpPeer.FIN_WAIT_2;
        if (loose && seqGeq(src.seqHi + MAX_ACK_WINDOW, end) && seqGeq(seq, src.seqLo - MAX_ACK_WINDOW))
        {
            // pf's leeway for shotgunned SYNs and stray segments around a close; the timeout is not
            // refreshed, so a flood of these cannot keep a connection alive
            if (!rstOk)
            {
                return INVALID_RST;
            }
            slide(src, dst, win, sws, ack, end);
            if ((flags & FIN) != 0 && src.state < TcpPeer.CLOSING)
            {
                src.state = TcpPeer.CLOSING;
            }
            if ((flags & RST) != 0)
            {
                src.state = TcpPeer.TIME_WAIT;
                dst.state = TcpPeer.TIME_WAIT;
            }
            return VALID;
        }
        return inWindow ? INVALID_RST : INVALID_WINDOW;
    }

    /** Accepts a segment: widens the sender's window, advances its sequence, slides what the other may send. */
    private static void slide(final TcpPeer src, final TcpPeer dst, final int win, final int sws, final int ack,
        final int end)
    {
        if (src.maxWin < win)
        {
            src.maxWin = win;
        }
        if (seqGt(end, src.seqLo))
        {
            src.seqLo = end;
        }
        final int scaled = win << sws;
        if (seqGeq(ack + scaled, dst.seqHi))
        {
            dst.seqHi = ack + Math.max(scaled, 1);
        }
    }

    private static CtTimeout timeoutFor(final int src, final int dst)
    {
        if (src >= TcpPeer.FIN_WAIT_2 && dst >= TcpPeer.FIN_WAIT_2)
        {
            return CtTimeout.TCP_TIME_WAIT;
        }
        if (src >= TcpPeer.CLOSING && dst >= TcpPeer.CLOSING)
        {
            return CtTimeout.TCP_CLOSING;
        }
        if (src < TcpPeer.ESTABLISHED || dst < TcpPeer.ESTABLISHED)
        {
            return CtTimeout.TCP_SYN_RECV;
        }
        if (src >= TcpPeer.CLOSING || dst >= TcpPeer.CLOSING)
        {
            return CtTimeout.TCP_FIN_WAIT;
        }
        return CtTimeout.TCP_ESTABLISHED;
    }

    static int payloadLength(final Packet packet, final int l4, final int ipEnd)
    {
        return Math.max(0, ipEnd - l4 - ((packet.u8(l4 + 12) >>> 4) * 4));
    }

    /** The window scale option of a SYN as {@code shift | WSCALE_FLAG}, or 0 when absent. */
    static int windowScale(final Packet packet, final int l4)
    {
        final int end = l4 + (packet.u8(l4 + 12) >>> 4) * 4;
        int at = l4 + 20;
        while (at < end)
        {
            final int kind = packet.u8(at);
            if (kind == 0)
            {
                break;
            }
            if (kind == 1)
            {
                at++;
                continue;
            }
            if (at + 1 >= end)
            {
                break;
            }
            final int length = packet.u8(at + 1);
            if (length < 2 || at + length > end)
            {
                break;
            }
            if (kind == 3 && length == 3)
            {
                return Math.min(packet.u8(at + 2), MAX_WSCALE) | TcpPeer.WSCALE_FLAG;
            }
            at += length;
        }
        return 0;
    }

    static boolean seqGeq(final int a, final int b)
    {
        return a - b >= 0;
    }

    static boolean seqGt(final int a, final int b)
    {
        return a - b > 0;
    }

    private static int divRoundUp(final int value, final int divisor)
    {
        return (value + divisor - 1) / divisor;
    }
}
