package net.vswitch.logic.openflow;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import net.vswitch.fabric.Packet;

/** Builds test frames (IPv4/IPv6 TCP/UDP/ICMP, ARP, VLAN) with correct checksums, and checks them. */
final class Frames
{
    static final int MIN_FRAME = 60;

    private long dst = 0x0200_0000_0002L;
    private long src = 0x0200_0000_0001L;
    private int vlan = -1;
    private int etherType = Packet.ETHERTYPE_IPV4;
    private int proto = Packet.IPPROTO_UDP;
    private int ipSrc = 0x0A00_0001;
    private int ipDst = 0x0A00_0002;
    private byte[] ip6Src = new byte[16];
    private byte[] ip6Dst = new byte[16];
    private int ttl = 64;
    private int tos;
    private int srcPort = 1000;
    private int dstPort = 2000;
    private int tcpFlags = 0x02;
    private int icmpType = 8;
    private int padding;

    static Frames udp(final String srcIp, final int sport, final String dstIp, final int dport)
    {
        final Frames f = new Frames();
        f.proto = Packet.IPPROTO_UDP;
        f.addresses(srcIp, dstIp);
        f.srcPort = sport;
        f.dstPort = dport;
        return f;
    }

    static Frames tcp(final String srcIp, final int sport, final String dstIp, final int dport)
    {
        final Frames f = udp(srcIp, sport, dstIp, dport);
        f.proto = Packet.IPPROTO_TCP;
        return f;
    }

    static Frames icmp(final String srcIp, final String dstIp)
    {
        final Frames f = udp(srcIp, 0, dstIp, 0);
        f.proto = f.etherType == Packet.ETHERTYPE_IPV6 ? Packet.IPPROTO_ICMPV6 : Packet.IPPROTO_ICMP;
        return f;
    }

    static Frames arp()
    {
        final Frames f = new Frames();
        f.etherType = Packet.ETHERTYPE_ARP;
        return f;
    }

    private void addresses(final String s, final String d)
    {
        try
        {
            final byte[] a = java.net.InetAddress.getByName(s).getAddress();
            final byte[] b = java.net.InetAddress.getByName(d).getAddress();
            if (a.length == 16)
            {
                etherType = Packet.ETHERTYPE_IPV6;
                ip6Src = a;
                ip6Dst = b;
            }
            else
            {
                ipSrc = ByteBuffer.wrap(a).getInt();
                ipDst = ByteBuffer.wrap(b).getInt();
            }
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    Frames macs(final long source, final long destination)
    {
        src = source;
        dst = destination;
        return this;
    }

    Frames vlan(final int tci)
    {
        vlan = tci;
        return this;
    }

    Frames ttl(final int value)
    {
        ttl = value;
        return this;
    }

    Frames tos(final int value)
    {
        tos = value;
        return this;
    }

    Frames tcpFlags(final int flags)
    {
        tcpFlags = flags;
        return this;
    }

    Frames icmpType(final int type)
    {
        icmpType = type;
        return this;
    }

    byte[] build()
    {
        final ByteBuffer b = ByteBuffer.allocate(256);
        b.putShort((short)(dst >>> 32)).putInt((int)dst).putShort((short)(src >>> 32)).putInt((int)src);
        if (vlan >= 0)
        {
            b.putShort((short)Packet.ETHERTYPE_VLAN).putShort((short)vlan);
        }
        b.putShort((short)etherType);
        final int l3 = b.position();
        if (etherType == Packet.ETHERTYPE_ARP)
        {
            b.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1);
            b.putShort((short)(src >>> 32)).putInt((int)src).putInt(ipSrc);
            b.putShort((short)0).putInt(0).putInt(ipDst);
            return pad(b);
        }
        final int l4Length = proto == Packet.IPPROTO_TCP ? 20 : 8;
        if (etherType == Packet.ETHERTYPE_IPV6)
        {
            b.putInt(0x6000_0000 | (tos << 20)).putShort((short)l4Length).put((byte)proto).put((byte)ttl);
            b.put(ip6Src).put(ip6Dst);
        }
        else
        {
            b.put((byte)0x45).put((byte)tos).putShort((short)(20 + l4Length)).putShort((short)0x1234)
                .putShort((short)0).put((byte)ttl).put((byte)proto).putShort((short)0).putInt(ipSrc).putInt(ipDst);
        }
        final int l4 = b.position();
        if (proto == Packet.IPPROTO_TCP)
        {
            b.putShort((short)srcPort).putShort((short)dstPort).putInt(1).putInt(0)
                .putShort((short)(0x5000 | tcpFlags)).putShort((short)1024).putShort((short)0).putShort((short)0);
        }
        else if (proto == Packet.IPPROTO_UDP)
        {
            b.putShort((short)srcPort).putShort((short)dstPort).putShort((short)8).putShort((short)0);
        }
        else
        {
            b.put((byte)icmpType).put((byte)0).putShort((short)0).putInt(0x0001_0001);
        }
        final byte[] frame = pad(b);
        final int end = l4 + l4Length;
        if (etherType == Packet.ETHERTYPE_IPV4)
        {
            putShort(frame, l3 + 10, checksum(frame, l3, 20, 0));
        }
        final int checksumAt = proto == Packet.IPPROTO_TCP ? l4 + 16 : proto == Packet.IPPROTO_UDP ? l4 + 6 : l4 + 2;
        putShort(frame, checksumAt, l4Checksum(frame, l3, l4, end));
        return frame;
    }

    private byte[] pad(final ByteBuffer b)
    {
        final int length = Math.max(MIN_FRAME, b.position() + padding);
        final byte[] frame = new byte[length];
        System.arraycopy(b.array(), 0, frame, 0, b.position());
        return frame;
    }

    /** The L4 checksum the frame should carry (pseudo-header included), computed from scratch. */
    static int l4Checksum(final byte[] frame, final int l3, final int l4, final int end)
    {
        final boolean v6 = (frame[l3] & 0xF0) == 0x60;
        final int proto = v6 ? frame[l3 + 6] & 0xFF : frame[l3 + 9] & 0xFF;
        if (proto == Packet.IPPROTO_ICMP)
        {
            final byte[] copy = frame.clone();
            putShort(copy, l4 + 2, 0);
            return checksum(copy, l4, end - l4, 0);
        }
        long sum = 0;
        if (v6)
        {
            for (int i = 8; i < 40; i += 2)
            {
                sum += u16(frame, l3 + i);
            }
        }
        else
        {
            for (int i = 12; i < 20; i += 2)
            {
                sum += u16(frame, l3 + i);
            }
        }
        sum += proto + (end - l4);
        final byte[] copy = frame.clone();
        final int at = proto == Packet.IPPROTO_TCP ? l4 + 16 : proto == Packet.IPPROTO_UDP ? l4 + 6 : l4 + 2;
        putShort(copy, at, 0);
        return checksum(copy, l4, end - l4, sum);
    }

    static int checksum(final byte[] data, final int from, final int length, final long initial)
    {
        long sum = initial;
        for (int i = 0; i < length; i += 2)
        {
            sum += u16(data, from + i);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int result = (int)(~sum & 0xFFFF);
        return result;
    }

    static int u16(final byte[] b, final int at)
    {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static void putShort(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 8);
        b[at + 1] = (byte)v;
    }

    /** A packet flyweight over a copy of the frame with 64 bytes of headroom to grow (push_vlan). */
    static Packet packet(final byte[] frame, final int ingress)
    {
        final byte[] buffer = new byte[frame.length + 64];
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        return new Packet().wrap(MemorySegment.ofArray(buffer), 0, frame.length, buffer.length, ingress);
    }

    static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        MemorySegment.copy(p.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, p.offset(), out, 0, out.length);
        return out;
    }
}
