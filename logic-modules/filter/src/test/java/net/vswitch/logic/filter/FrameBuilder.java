package net.vswitch.logic.filter;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.ByteBuffer;

import net.vswitch.fabric.Packet;

/** Builds Ethernet frames for tests: IPv4/IPv6 with TCP/UDP/ICMP, fragments, truncations, VLAN, ARP. */
final class FrameBuilder
{
    static final int MIN_FRAME = 60;

    private int etherType = Packet.ETHERTYPE_IPV4;
    private int protocol = Packet.IPPROTO_TCP;
    private InetAddress src = Tuple.parseAddress("10.0.0.1");
    private InetAddress dst = Tuple.parseAddress("10.0.0.2");
    private int srcPort = 1000;
    private int dstPort = 2000;
    private int vlan = -1;
    private boolean moreFragments;
    private int fragmentOffset;
    private int l4Bytes = -1;
    private int tcpDataOffsetWords = 5;
    private boolean badIpHeader;

    static FrameBuilder tcp(final String srcIp, final int srcPort, final String dstIp, final int dstPort)
    {
        return new FrameBuilder().l4(Packet.IPPROTO_TCP, srcIp, srcPort, dstIp, dstPort);
    }

    static FrameBuilder udp(final String srcIp, final int srcPort, final String dstIp, final int dstPort)
    {
        return new FrameBuilder().l4(Packet.IPPROTO_UDP, srcIp, srcPort, dstIp, dstPort);
    }

    static FrameBuilder of(final L4Protocol protocol, final String srcIp, final int srcPort, final String dstIp,
        final int dstPort)
    {
        return new FrameBuilder().l4(protocol.number(), srcIp, srcPort, dstIp, dstPort);
    }

    static FrameBuilder icmp(final String srcIp, final String dstIp)
    {
        final FrameBuilder b = new FrameBuilder().l4(Packet.IPPROTO_ICMP, srcIp, 0, dstIp, 0);
        if (b.etherType == Packet.ETHERTYPE_IPV6)
        {
            b.protocol = Packet.IPPROTO_ICMPV6;
        }
        return b;
    }

    static byte[] arp()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(MIN_FRAME);
        buffer.put(new byte[] {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 2});
        buffer.putShort((short)Packet.ETHERTYPE_ARP);
        buffer.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1);
        return buffer.array();
    }

    private FrameBuilder l4(final int protocol, final String srcIp, final int srcPort, final String dstIp,
        final int dstPort)
    {
        this.protocol = protocol;
        this.src = Tuple.parseAddress(srcIp);
        this.dst = Tuple.parseAddress(dstIp);
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.etherType = src.getAddress().length == 16 ? Packet.ETHERTYPE_IPV6 : Packet.ETHERTYPE_IPV4;
        return this;
    }

    FrameBuilder vlan(final int id)
    {
        this.vlan = id;
        return this;
    }

    /** First fragment (more fragments set, offset 0). */
    FrameBuilder firstFragment()
    {
        this.moreFragments = true;
        this.fragmentOffset = 0;
        return this;
    }

    /** A later fragment (offset in 8-byte units). */
    FrameBuilder laterFragment(final int offset)
    {
        this.moreFragments = false;
        this.fragmentOffset = offset;
        return this;
    }

    /** Makes the IP payload only {@code bytes} long, so a TCP/UDP header may not fit. */
    FrameBuilder l4Bytes(final int bytes)
    {
        this.l4Bytes = bytes;
        return this;
    }

    FrameBuilder tcpDataOffsetWords(final int words)
    {
        this.tcpDataOffsetWords = words;
        return this;
    }

    /** An IPv4 header whose IHL is below 5 (or an IPv6 header with the wrong version). */
    FrameBuilder badIpHeader()
    {
        this.badIpHeader = true;
        return this;
    }

    byte[] build()
    {
        final boolean v6 = etherType == Packet.ETHERTYPE_IPV6;
        final int fullL4 = protocol == Packet.IPPROTO_TCP ? 20 : protocol == Packet.IPPROTO_UDP ? 8 : 8;
        final int l4Length = l4Bytes >= 0 ? l4Bytes : fullL4;
        final boolean fragment = moreFragments || fragmentOffset != 0;
        final int ipHeader = v6 ? 40 + (fragment ? 8 : 0) : 20;
        final int l2 = vlan >= 0 ? 18 : 14;
        final int length = Math.max(MIN_FRAME, l2 + ipHeader + l4Length);
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        if (vlan >= 0)
        {
            b.putShort((short)Packet.ETHERTYPE_VLAN).putShort((short)vlan);
        }
        b.putShort((short)etherType);
        if (v6)
        {
            b.putInt(badIpHeader ? 0x4000_0000 : 0x6000_0000);
            b.putShort((short)(ipHeader - 40 + l4Length));
            b.put((byte)(fragment ? 44 : protocol)).put((byte)64);
            b.put(src.getAddress()).put(dst.getAddress());
            if (fragment)
            {
                b.put((byte)protocol).put((byte)0);
                b.putShort((short)((fragmentOffset << 3) | (moreFragments ? 1 : 0)));
                b.putInt(0x1234);
            }
        }
        else
        {
            b.put((byte)(badIpHeader ? 0x44 : 0x45)).put((byte)0);
            b.putShort((short)(20 + l4Length));
            b.putShort((short)0x1234);
            b.putShort((short)((moreFragments ? 0x2000 : 0) | fragmentOffset));
            b.put((byte)64).put((byte)protocol).putShort((short)0);
            b.put(src.getAddress()).put(dst.getAddress());
        }
        final int l4Start = b.position();
        if (l4Length >= 4)
        {
            b.putShort((short)srcPort).putShort((short)dstPort);
        }
        if (protocol == Packet.IPPROTO_TCP && l4Length >= 13)
        {
            b.position(l4Start + 12);
            b.put((byte)(tcpDataOffsetWords << 4));
        }
        else if (protocol == Packet.IPPROTO_UDP && l4Length >= 6)
        {
            b.putShort((short)l4Length);
        }
        return b.array();
    }

    /** A packet flyweight over a copy of the frame, as the fabric would hand it to a logic module. */
    static Packet packet(final byte[] frame, final int ingressPort)
    {
        final MemorySegment segment = MemorySegment.ofArray(frame.clone());
        return new Packet().wrap(segment, 0, frame.length, frame.length, ingressPort);
    }
}
