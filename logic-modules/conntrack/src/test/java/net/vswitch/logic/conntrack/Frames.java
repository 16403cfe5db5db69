package net.vswitch.logic.conntrack;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import net.vswitch.fabric.Packet;

/** Builds Ethernet frames for the tracker's tests: TCP with any header values, UDP, ICMP(v6), fragments. */
final class Frames
{
    static final int FIN = TcpStateMachine.FIN;
    static final int SYN = TcpStateMachine.SYN;
    static final int RST = TcpStateMachine.RST;
    static final int PSH = TcpStateMachine.PSH;
    static final int ACK = TcpStateMachine.ACK;

    private Frames()
    {
    }

    static InetAddress ip(final String address)
    {
        try
        {
            return InetAddress.getByName(address);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** A TCP segment with {@code payload} zero bytes of data and the given options (padded to 4 bytes). */
    static byte[] tcp(final String src, final int sport, final String dst, final int dport, final int flags,
        final int seq, final int ack, final int window, final int payload, final byte... options)
    {
        final int optionBytes = (options.length + 3) / 4 * 4;
        final ByteBuffer l4 = ByteBuffer.allocate(20 + optionBytes + payload);
        l4.putShort((short)sport).putShort((short)dport).putInt(seq).putInt(ack);
        l4.put((byte)(((20 + optionBytes) / 4) << 4)).put((byte)flags).putShort((short)window);
        l4.putShort((short)0).putShort((short)0).put(options);
        return ip(src, dst, Packet.IPPROTO_TCP, l4.array());
    }

    /** The window-scale option (kind 3) preceded by a NOP. */
    static byte[] wscale(final int shift)
    {
        return new byte[] {1, 3, 3, (byte)shift};
    }

    static byte[] udp(final String src, final int sport, final String dst, final int dport)
    {
        final ByteBuffer l4 = ByteBuffer.allocate(8 + 4);
        l4.putShort((short)sport).putShort((short)dport).putShort((short)12).putShort((short)0);
        return ip(src, dst, Packet.IPPROTO_UDP, l4.array());
    }

    /** ICMP (IPv4) or ICMPv6 (IPv6) message of {@code type} with the 4 bytes {@code id, seq} and a body. */
    static byte[] icmp(final String src, final String dst, final int type, final int code, final int id,
        final byte[] body)
    {
        final boolean v6 = ip(src).getAddress().length == 16;
        final ByteBuffer l4 = ByteBuffer.allocate(8 + body.length);
        l4.put((byte)type).put((byte)code).putShort((short)0).putShort((short)id).putShort((short)1).put(body);
        return ip(src, dst, v6 ? Packet.IPPROTO_ICMPV6 : Packet.IPPROTO_ICMP, l4.array());
    }

    /** Echo request (8 / 128) or reply (0 / 129) of {@code id}. */
    static byte[] echo(final String src, final String dst, final boolean request, final int id)
    {
        final boolean v6 = ip(src).getAddress().length == 16;
        final int type = request ? (v6 ? 128 : 8) : (v6 ? 129 : 0);
        return icmp(src, dst, type, 0, id, new byte[8]);
    }

    /** An ICMP error (destination unreachable: v4 type 3, v6 type 1) from {@code src} quoting a frame. */
    static byte[] unreachable(final String src, final String dst, final byte[] quotedFrame)
    {
        final boolean v6 = ip(src).getAddress().length == 16;
        final int ipHeader = v6 ? 40 : 20;
        final byte[] quote = new byte[ipHeader + 8];
        System.arraycopy(quotedFrame, 14, quote, 0, quote.length);
        return icmp(src, dst, v6 ? 1 : 3, v6 ? 4 : 3, 0, quote);
    }

    static byte[] ip(final String src, final String dst, final int protocol, final byte[] l4)
    {
        final byte[] srcBytes = ip(src).getAddress();
        final byte[] dstBytes = ip(dst).getAddress();
        final boolean v6 = srcBytes.length == 16;
        final int ipHeader = v6 ? 40 : 20;
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ipHeader + l4.length));
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        b.putShort((short)(v6 ? Packet.ETHERTYPE_IPV6 : Packet.ETHERTYPE_IPV4));
        if (v6)
        {
            b.putInt(0x6000_0000).putShort((short)l4.length).put((byte)protocol).put((byte)64);
        }
        else
        {
            b.put((byte)0x45).put((byte)0).putShort((short)(20 + l4.length)).putShort((short)7).putShort((short)0);
            b.put((byte)64).put((byte)protocol).putShort((short)0);
        }
        b.put(srcBytes).put(dstBytes).put(l4);
        return b.array();
    }

    /** An IPv4 frame turned into a fragment: more-fragments set (first) or a later offset. */
    static byte[] fragment(final byte[] ipv4Frame, final boolean first)
    {
        final byte[] copy = ipv4Frame.clone();
        final int value = first ? 0x2000 : 100;
        copy[14 + 6] = (byte)(value >>> 8);
        copy[14 + 7] = (byte)value;
        return copy;
    }

    /** The frame with an 802.1Q tag of {@code vlan} inserted after the MACs. */
    static byte[] tagged(final byte[] frame, final int vlan)
    {
        final byte[] copy = new byte[frame.length + 4];
        System.arraycopy(frame, 0, copy, 0, 12);
        copy[12] = (byte)0x81;
        copy[13] = 0;
        copy[14] = (byte)(vlan >>> 8);
        copy[15] = (byte)vlan;
        System.arraycopy(frame, 12, copy, 16, frame.length - 12);
        return copy;
    }

    /** The frame cut to {@code length} bytes (its IP header still claims the original length). */
    static byte[] truncate(final byte[] frame, final int length)
    {
        final byte[] copy = new byte[length];
        System.arraycopy(frame, 0, copy, 0, length);
        return copy;
    }

    static Packet packet(final byte[] frame)
    {
        return new Packet().wrap(MemorySegment.ofArray(frame.clone()), 0, frame.length, frame.length, 0);
    }
}
