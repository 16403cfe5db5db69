package net.vswitch.fabric;

/**
 * Flyweight over a packet's IPv6 fixed header ({@link Packet#ipv6()}), at the packet's shared L3
 * offset; meaningful when {@link Packet#ipVersion()} is 6. Also the IPv6 parser, which walks
 * hop-by-hop, routing, destination-options and fragment headers to the L4 header.
 *
 * <pre>
 *  0        4               12                              31
 *  +--------+---------------+-------------------------------+
 *  |version | traffic class |          flow label           |
 *  |       payload length   |  next header  |   hop limit   |
 *  |            source address (16 bytes, at 8)             |
 *  |         destination address (16 bytes, at 24)          |
 *  +--------------------------------------------------------+
 * </pre>
 */
public final class Ipv6Header
{
    public static final int LENGTH = 40;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DESTINATION_OPTIONS = 60;
    /** Extension headers walked at most (a longer chain is left with its L4 unlocated). */
    private static final int MAX_EXTENSIONS = 8;

    private final Packet packet;

    Ipv6Header(final Packet packet)
    {
        this.packet = packet;
    }

    private int at(final int field)
    {
        return packet.l3Offset() + field;
    }

    public int trafficClass()
    {
        return (packet.u16(at(0)) >>> 4) & 0xFF;
    }

    public int flowLabel()
    {
        return packet.u32(at(0)) & 0x000F_FFFF;
    }

    public int payloadLength()
    {
        return packet.u16(at(PAYLOAD_LENGTH_OFFSET));
    }

    /** The fixed header's next header (the first extension header, if any). */
    public int nextHeader()
    {
        return packet.u8(at(NEXT_HEADER_OFFSET));
    }

    public int hopLimit()
    {
        return packet.u8(at(HOP_LIMIT_OFFSET));
    }

    public Ipv6Header hopLimit(final int hops)
    {
        packet.u8(at(HOP_LIMIT_OFFSET), hops);
        return this;
    }

    public long srcHigh()
    {
        return packet.u64(at(SRC_OFFSET));
    }

    public long srcLow()
    {
        return packet.u64(at(SRC_OFFSET + 8));
    }

    public long dstHigh()
    {
        return packet.u64(at(DST_OFFSET));
    }

    public long dstLow()
    {
        return packet.u64(at(DST_OFFSET + 8));
    }

    /** Parses the IPv6 header chain at the packet's L3 offset into its shared state (then locates L4). */
    static void parse(final Packet p)
    {
        final int l3 = p.l3Offset();
        final int length = p.length();
        if (l3 + LENGTH > length || (p.u8(l3) >>> 4) != 6)
        {
            p.l3Malformed();
            return;
        }
        final int end = l3 + LENGTH + p.u16(l3 + PAYLOAD_LENGTH_OFFSET);
        if (end > length)
        {
            p.l3Malformed();
            return;
        }
        int flags = 0;
        int next = p.u8(l3 + NEXT_HEADER_OFFSET);
        int at = l3 + LENGTH;
        for (int hops = 0; hops < MAX_EXTENSIONS; hops++)
        {
            if (next == HOP_BY_HOP || next == ROUTING || next == DESTINATION_OPTIONS)
            {
                if (at + 8 > end)
                {
                    p.l3Parsed(6, next, flags | Packet.FLAG_L4_MALFORMED);
                    return;
                }
                final int extNext = p.u8(at);
                at += (p.u8(at + 1) + 1) * 8;
                next = extNext;
            }
            else if (next == FRAGMENT)
            {
                if (at + 8 > end)
                {
                    p.l3Parsed(6, next, flags | Packet.FLAG_L4_MALFORMED);
                    return;
                }
                flags |= Packet.FLAG_FRAGMENT;
                final int extNext = p.u8(at);
                final int fragmentOffset = p.u16(at + 2) >>> 3;
                at += 8;
                next = extNext;
                if (fragmentOffset != 0)
                {
                    p.l3Parsed(6, next, flags | Packet.FLAG_LATER_FRAGMENT);
                    return;
                }
            }
            else
            {
                break;
            }
        }
        p.l3Parsed(6, next, flags);
        TransportHeader.locate(p, at, end);
    }
}
