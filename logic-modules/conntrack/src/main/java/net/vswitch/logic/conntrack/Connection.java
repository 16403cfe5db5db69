package net.vswitch.logic.conntrack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import net.vswitch.fabric.Packet;

/**
 * One tracked connection: its key in the original direction, protocol state, mark and label, expiry time
 * and its links in its stripe's hash chain and timer wheel. Guarded by its stripe's lock; recycled by the
 * stripe after removal, so a {@link ConnectionView} of it is valid only under that lock.
 */
final class Connection implements ConnectionView
{
    int zone;
    int ipVersion;
    int protocol;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int srcPort;
    int dstPort;
    long hash;

    /** A packet of the reply direction has been seen (UDP/ICMP: established; TCP: the responder spoke). */
    boolean replySeen;
    /** Packets seen in the original direction (UDP: first vs single timeout). */
    int origPackets;
    int mark;
    long labelHigh;
    long labelLow;
    final TcpPeer orig = new TcpPeer();
    final TcpPeer replyPeer = new TcpPeer();

    long expiresAt;
    /** Clock of the owning tracker, for {@link #expiresInNanos()}. */
    long viewNow;

    /** Next connection in the same hash bucket (or in the stripe's free list). */
    Connection next;
    /** Timer wheel links and the tick of the slot this connection sits in; -1 when in none. */
    Connection timerPrev;
    Connection timerNext;
    long scheduledTick = -1;

    /** Copies the key (original direction) from a packet's key and clears all state. */
    void init(final FlowKey key, final long keyHash)
    {
        zone = key.zone;
        ipVersion = key.ipVersion;
        protocol = key.protocol;
        srcHigh = key.srcHigh;
        srcLow = key.srcLow;
        dstHigh = key.dstHigh;
        dstLow = key.dstLow;
        srcPort = key.srcPort;
        dstPort = key.dstPort;
        hash = keyHash;
        replySeen = false;
        origPackets = 0;
        mark = 0;
        labelHigh = 0;
        labelLow = 0;
        orig.reset();
        replyPeer.reset();
    }

    @Override
    public int zone()
    {
        return zone;
    }

    @Override
    public int ipVersion()
    {
        return ipVersion;
    }

    @Override
    public int protocol()
    {
        return protocol;
    }

    @Override
    public long origSrcHigh()
    {
        return srcHigh;
    }

    @Override
    public long origSrcLow()
    {
        return srcLow;
    }

    @Override
    public long origDstHigh()
    {
        return dstHigh;
    }

    @Override
    public long origDstLow()
    {
        return dstLow;
    }

    @Override
    public InetAddress origSrc()
    {
        return address(ipVersion, srcHigh, srcLow);
    }

    @Override
    public InetAddress origDst()
    {
        return address(ipVersion, dstHigh, dstLow);
    }

    boolean icmp()
    {
        return protocol == Packet.IPPROTO_ICMP || protocol == Packet.IPPROTO_ICMPV6;
    }

    /** The ICMP echo id (the port that is not {@link FlowKey#ECHO}). */
    int echoId()
    {
        return srcPort == FlowKey.ECHO ? dstPort : srcPort;
    }

    @Override
    public int origSrcPort()
    {
        return icmp() ? echoId() : srcPort;
    }

    @Override
    public int origDstPort()
    {
        return icmp() ? echoId() : dstPort;
    }

    @Override
    public String protoState()
    {
        if (protocol == Packet.IPPROTO_TCP)
        {
            return TcpPeer.name(TcpPeer.coalesce(Math.max(orig.state, replyPeer.state)));
        }
        return replySeen ? "ESTABLISHED" : "NEW";
    }

    @Override
    public boolean established()
    {
        if (protocol == Packet.IPPROTO_TCP)
        {
            return orig.state >= TcpPeer.ESTABLISHED && replyPeer.state >= TcpPeer.ESTABLISHED;
        }
        return replySeen;
    }

    @Override
    public int mark()
    {
        return mark;
    }

    @Override
    public long labelHigh()
    {
        return labelHigh;
    }

    @Override
    public long labelLow()
    {
        return labelLow;
    }

    @Override
    public long expiresInNanos()
    {
        return Math.max(0, expiresAt - viewNow);
    }

    static InetAddress address(final int ipVersion, final long high, final long low)
    {
        final byte[] bytes;
        if (ipVersion == 4)
        {
            bytes = ByteBuffer.allocate(4).putInt((int)low).array();
        }
        else
        {
            bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        }
        try
        {
            return InetAddress.getByAddress(bytes);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString()
    {
        return ConnectionFormat.line(this);
    }
}
