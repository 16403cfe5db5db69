package net.vswitch.logic.secgroups;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.ByteBuffer;

import net.vswitch.fabric.Packet;

/** Builds the Ethernet frames the tests send: TCP with real sequence numbers, UDP, ICMP(v6), ARP, ND. */
final class Frames
{
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    private Frames()
    {
    }

    static long mac(final String text)
    {
        return Mac.parse(text);
    }

    static byte[] ip(final String text)
    {
        return InetAddress.ofLiteral(text).getAddress();
    }

    /** An Ethernet frame, padded to 60 bytes. */
    static byte[] ethernet(final long dst, final long src, final int type, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + payload.length));
        b.putShort((short)(dst >>> 32)).putInt((int)dst).putShort((short)(src >>> 32)).putInt((int)src);
        b.putShort((short)type).put(payload);
        return b.array();
    }

    /** An IPv4 or IPv6 packet around {@code l4} (checksums left zero: the switch does not check them). */
    static byte[] ipPacket(final String src, final String dst, final int protocol, final byte[] l4)
    {
        final byte[] s = ip(src);
        final byte[] d = ip(dst);
        if (s.length == 4)
        {
            final ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
            b.put((byte)0x45).put((byte)0).putShort((short)(20 + l4.length)).putShort((short)1).putShort((short)0x4000);
            b.put((byte)64).put((byte)protocol).putShort((short)0).put(s).put(d).put(l4);
            return b.array();
        }
        final ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x6000_0000).putShort((short)l4.length).put((byte)protocol).put((byte)64).put(s).put(d).put(l4);
        return b.array();
    }

    static byte[] ipFrame(final long dstMac, final long srcMac, final String src, final String dst, final int protocol,
        final byte[] l4)
    {
        final int type = ip(src).length == 4 ? Packet.ETHERTYPE_IPV4 : Packet.ETHERTYPE_IPV6;
        return ethernet(dstMac, srcMac, type, ipPacket(src, dst, protocol, l4));
    }

    static byte[] tcp(final int sport, final int dport, final long seq, final long ack, final int flags,
        final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + payload);
        b.putShort((short)sport).putShort((short)dport).putInt((int)seq).putInt((int)ack);
        b.put((byte)0x50).put((byte)flags).putShort((short)65535).putInt(0);
        return b.array();
    }

    static byte[] udp(final int sport, final int dport, final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putShort((short)sport).putShort((short)dport).putShort((short)(8 + payload)).putShort((short)0);
        return b.array();
    }

    /** ICMP or ICMPv6 header (type, code, id, sequence) plus {@code body}. */
    static byte[] icmp(final int type, final int code, final int id, final int sequence, final byte[] body)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.put((byte)type).put((byte)code).putShort((short)0).putShort((short)id).putShort((short)sequence).put(body);
        return b.array();
    }

    static byte[] arp(final int op, final long senderMac, final String senderIp, final String targetIp)
    {
        final ByteBuffer b = ByteBuffer.allocate(28);
        b.putShort((short)1).putShort((short)Packet.ETHERTYPE_IPV4).put((byte)6).put((byte)4).putShort((short)op);
        b.putShort((short)(senderMac >>> 32)).putInt((int)senderMac).put(ip(senderIp));
        b.putShort((short)0).putInt(0).put(ip(targetIp));
        final long dst = op == 1 ? BROADCAST_MAC : 0x02_0000_0000_99L;
        return ethernet(dst, senderMac, Packet.ETHERTYPE_ARP, b.array());
    }

    /** An ICMPv6 neighbour solicitation (135) or advertisement (136) for {@code target}. */
    static byte[] neighbor(final int type, final long srcMac, final String src, final String dst, final String target)
    {
        final ByteBuffer b = ByteBuffer.allocate(24);
        b.put((byte)type).put((byte)0).putShort((short)0).putInt(0).put(ip(target));
        return ipFrame(0x3333_FF00_0001L, srcMac, src, dst, Packet.IPPROTO_ICMPV6, b.array());
    }

    static Packet packet(final byte[] frame, final int ingressPort)
    {
        final MemorySegment segment = MemorySegment.ofArray(frame.clone());
        return new Packet().wrap(segment, 0, frame.length, frame.length, ingressPort);
    }
}
