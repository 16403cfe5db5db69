package net.vswitch.logic.conntrack;

import net.vswitch.fabric.Packet;

/**
 * The lookup key of one packet: zone, IP version, protocol, addresses and ports, plus where its L4 header
 * and IP payload end are. One per thread, refilled per packet (no allocation). The hash is symmetric, so
 * both directions of a connection land in the same stripe and bucket and one lookup finds either.
 *
 * <p>ICMP echo has no ports: a request carries (sport = id, dport = {@link #ECHO}) and a reply
 * (sport = {@link #ECHO}, dport = id), so a reply reversed is its request and a request the other way round
 * is a connection of its own, as Open vSwitch keys ICMP by type.
 */
final class FlowKey
{
    /** Extraction results besides {@link #OK}. */
    static final int OK = 0;
    static final int NOT_IP = 1;
    static final int MALFORMED = 2;
    static final int FRAGMENT = 3;
    /** An ICMP error; the quoted packet's key is in {@link #inner}. */
    static final int ICMP_ERROR = 4;
    /** An ICMP message that is neither echo nor an error (router/neighbour discovery...). */
    static final int ICMP_OTHER = 5;

    /** The pseudo-port standing for the echo side of an ICMP echo exchange (outside 0..65535). */
    static final int ECHO = 0x1_0000;

    int zone;
    int ipVersion;
    int protocol;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int srcPort;
    int dstPort;
    /** ICMP echo: the type (request or reply); -1 otherwise. */
    int icmpType;
    int l4Offset;
    /** Offset just past the IP payload (the frame may carry padding after it). */
    int ipEnd;
    /** Set by a lookup: the packet travels in its connection's reply direction. */
    boolean reply;
    /** Set by the protocol state machines: the timeout the packet moves its connection to (null: keep). */
    CtTimeout timeout;
    /** For {@link #ICMP_ERROR}: the quoted packet (allocated once with its owner). */
    final FlowKey inner;

    FlowKey()
    {
        this(new FlowKey(null));
    }

    private FlowKey(final FlowKey inner)
    {
        this.inner = inner;
    }

    /** Fills this key from the packet; returns {@link #OK} or why it cannot be tracked. */
    int extract(final Packet packet, final int zone)
    {
        this.zone = zone;
        final int etherType = packet.etherType();
        if (etherType != Packet.ETHERTYPE_IPV4 && etherType != Packet.ETHERTYPE_IPV6)
        {
            return NOT_IP;
        }
        final int flags = packet.parseFlags();
        if ((flags & (Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED)) != 0 || packet.ipVersion() == 0)
        {
            return (flags & Packet.FLAG_FRAGMENT) != 0 ? FRAGMENT : MALFORMED;
        }
        if ((flags & Packet.FLAG_FRAGMENT) != 0)
        {
            return FRAGMENT;
        }
        final int l3 = packet.l3Offset();
        ipVersion = packet.ipVersion();
        protocol = packet.ipProto();
        l4Offset = packet.l4Offset();
        if (ipVersion == 4)
        {
            ipEnd = l3 + packet.u16(l3 + 2);
            srcHigh = 0;
            srcLow = packet.u32(l3 + 12) & 0xFFFF_FFFFL;
            dstHigh = 0;
            dstLow = packet.u32(l3 + 16) & 0xFFFF_FFFFL;
        }
        else
        {
            ipEnd = l3 + 40 + packet.u16(l3 + 4);
            srcHigh = packet.u64(l3 + 8);
            srcLow = packet.u64(l3 + 16);
            dstHigh = packet.u64(l3 + 24);
            dstLow = packet.u64(l3 + 32);
        }
        return ports(packet, l4Offset, ipEnd, true);
    }

    /** Reads ports / echo id / ICMP error of the L4 header at {@code l4} (IP payload ends at {@code end}). */
    private int ports(final Packet packet, final int l4, final int end, final boolean outer)
    {
        icmpType = -1;
        switch (protocol)
        {
            case Packet.IPPROTO_TCP, Packet.IPPROTO_UDP ->
            {
                if (l4 < 0 || l4 + 4 > end)
                {
                    return MALFORMED;
                }
                srcPort = packet.u16(l4);
                dstPort = packet.u16(l4 + 2);
                // a TCP header shorter than its 20 fixed bytes is malformed (only checked when it is whole)
                if (outer && protocol == Packet.IPPROTO_TCP && (packet.u8(l4 + 12) >>> 4) < 5)
                {
                    return MALFORMED;
                }
                return OK;
            }
            case Packet.IPPROTO_ICMP, Packet.IPPROTO_ICMPV6 ->
            {
                if (l4 < 0 || l4 + 8 > end || (protocol == Packet.IPPROTO_ICMP) != (ipVersion == 4))
                {
                    return MALFORMED;
                }
                final int type = packet.u8(l4);
                final int kind = IcmpTypes.kind(ipVersion, type);
                if (kind == IcmpTypes.REQUEST || kind == IcmpTypes.REPLY)
                {
                    icmpType = type;
                    final int id = packet.u16(l4 + 4);
                    srcPort = kind == IcmpTypes.REQUEST ? id : ECHO;
                    dstPort = kind == IcmpTypes.REQUEST ? ECHO : id;
                    return OK;
                }
                if (kind == IcmpTypes.ERROR && outer)
                {
                    return inner.extractQuoted(packet, l4 + 8, end, zone, ipVersion);
                }
                return kind == IcmpTypes.ERROR ? MALFORMED : ICMP_OTHER;
            }
            default ->
            {
                srcPort = 0;
                dstPort = 0;
                return OK;
            }
        }
    }

    /** Fills this (inner) key from the IP header an ICMP error quotes; returns ICMP_ERROR or MALFORMED. */
    private int extractQuoted(final Packet packet, final int at, final int end, final int zone, final int version)
    {
        this.zone = zone;
        this.ipVersion = version;
        if (version == 4)
        {
            if (at + 20 > end || (packet.u8(at) >>> 4) != 4)
            {
                return MALFORMED;
            }
            final int ihl = (packet.u8(at) & 0x0F) * 4;
            if (ihl < 20 || (packet.u16(at + 6) & 0x1FFF) != 0)
            {
                return MALFORMED;
            }
            protocol = packet.u8(at + 9);
            srcHigh = 0;
            srcLow = packet.u32(at + 12) & 0xFFFF_FFFFL;
            dstHigh = 0;
            dstLow = packet.u32(at + 16) & 0xFFFF_FFFFL;
            l4Offset = at + ihl;
        }
        else
        {
            if (at + 40 > end || (packet.u8(at) >>> 4) != 6)
            {
                return MALFORMED;
            }
            protocol = packet.u8(at + 6);
            srcHigh = packet.u64(at + 8);
            srcLow = packet.u64(at + 16);
            dstHigh = packet.u64(at + 24);
            dstLow = packet.u64(at + 32);
            l4Offset = at + 40;
        }
        ipEnd = end;
        // an error quotes at least 8 bytes of the original L4 header: enough for ports or echo id
        final int result = ports(packet, l4Offset, end, false);
        return result == OK ? ICMP_ERROR : MALFORMED;
    }

    /** Symmetric hash: the same for a packet and its reply. */
    long hash()
    {
        final long a = mix(srcHigh * 0x9E37_79B9_7F4A_7C15L ^ srcLow, srcPort);
        final long b = mix(dstHigh * 0x9E37_79B9_7F4A_7C15L ^ dstLow, dstPort);
        return fmix(a + b + ((long)zone << 40) + ((long)protocol << 32) + ipVersion);
    }

    private static long mix(final long address, final int port)
    {
        return fmix(address + port * 0xC2B2_AE3D_27D4_EB4FL);
    }

    private static long fmix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Whether {@code c} is this key's connection, either way round; sets {@link #reply}. */
    boolean matches(final Connection c)
    {
        if (c.zone != zone || c.protocol != protocol || c.ipVersion != ipVersion)
        {
            return false;
        }
        if (c.srcLow == srcLow && c.dstLow == dstLow && c.srcPort == srcPort && c.dstPort == dstPort
            && c.srcHigh == srcHigh && c.dstHigh == dstHigh)
        {
            reply = false;
            return true;
        }
        if (c.srcLow == dstLow && c.dstLow == srcLow && c.srcPort == dstPort && c.dstPort == srcPort
            && c.srcHigh == dstHigh && c.dstHigh == srcHigh)
        {
            reply = true;
            return true;
        }
        return false;
    }
}
