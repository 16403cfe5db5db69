package net.vswitch.fabric;

/**
 * Flyweight over a packet's IPv4 header ({@link Packet#ipv4()}), at the packet's shared L3 offset;
 * meaningful when {@link Packet#ipVersion()} is 4. Also the IPv4 parser.
 *
 * <pre>
 *  0       4       8              16      19             31
 *  +-------+-------+--------------+-------+--------------+
 *  |version|  IHL  |   DSCP/ECN   |      total length    |
 *  |         identification       |flags| fragment offset|
 *  |     TTL       |   protocol   |    header checksum   |
 *  |                     source address                  |
 *  |                  destination address                |
 *  +-----------------------------------------------------+
 * </pre>
 */
public final class Ipv4Header
{
    public static final int MIN_LENGTH = 20;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;

    private final Packet packet;

    Ipv4Header(final Packet packet)
    {
        this.packet = packet;
    }

    private int at(final int field)
    {
        return packet.l3Offset() + field;
    }

    /** Header length in bytes (IHL * 4). */
    public int headerLength()
    {
        return (packet.u8(at(0)) & 0x0F) * 4;
    }

    public int tos()
    {
        return packet.u8(at(TOS_OFFSET));
    }

    public int dscp()
    {
        return tos() >>> 2;
    }

    public int ecn()
    {
        return tos() & 0x03;
    }

    public int totalLength()
    {
        return packet.u16(at(TOTAL_LENGTH_OFFSET));
    }

    public int identification()
    {
        return packet.u16(at(IDENTIFICATION_OFFSET));
    }

    public int ttl()
    {
        return packet.u8(at(TTL_OFFSET));
    }

    /** Sets the TTL (call {@link #updateChecksum()} when done rewriting). */
    public Ipv4Header ttl(final int ttl)
    {
        packet.u8(at(TTL_OFFSET), ttl);
        return this;
    }

    public int protocol()
    {
        return packet.u8(at(PROTOCOL_OFFSET));
    }

    public int checksum()
    {
        return packet.u16(at(CHECKSUM_OFFSET));
    }

    public int src()
    {
        return packet.u32(at(SRC_OFFSET));
    }

    public Ipv4Header src(final int address)
    {
        packet.u32(at(SRC_OFFSET), address);
        return this;
    }

    public int dst()
    {
        return packet.u32(at(DST_OFFSET));
    }

    public Ipv4Header dst(final int address)
    {
        packet.u32(at(DST_OFFSET), address);
        return this;
    }

    /** Recomputes the header checksum over {@link #headerLength()} bytes (RFC 791). */
    public Ipv4Header updateChecksum()
    {
        final int l3 = packet.l3Offset();
        packet.u16(l3 + CHECKSUM_OFFSET, 0);
        long sum = 0;
        for (int i = 0, n = headerLength(); i < n; i += 2)
        {
            sum += packet.u16(l3 + i);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        packet.u16(l3 + CHECKSUM_OFFSET, (int)~sum & 0xFFFF);
        return this;
    }

    /** Parses the IPv4 header at the packet's L3 offset into its shared state (then locates L4). */
    static void parse(final Packet p)
    {
        final int l3 = p.l3Offset();
        final int length = p.length();
        if (l3 + MIN_LENGTH > length)
        {
            p.l3Malformed();
            return;
        }
        // bytes l3..l3+7: version/IHL, TOS, total length, id, fragment; the frame holds 20
        final long word0 = p.u64(l3);
        final int versionIhl = (int)(word0 >>> 56);
        final int ihl = (versionIhl & 0x0F) * 4;
        final int totalLength = (int)(word0 >>> 32) & 0xFFFF;
        if ((versionIhl >>> 4) != 4 || ihl < MIN_LENGTH || totalLength < ihl || l3 + totalLength > length)
        {
            p.l3Malformed();
            return;
        }
        final int protocol = p.u8(l3 + PROTOCOL_OFFSET);
        final int fragment = (int)word0 & 0xFFFF;
        final int fragmentOffset = fragment & 0x1FFF;
        final boolean moreFragments = (fragment & 0x2000) != 0;
        if (fragmentOffset != 0 || moreFragments)
        {
            if (fragmentOffset != 0)
            {
                p.l3Parsed(4, protocol, Packet.FLAG_FRAGMENT | Packet.FLAG_LATER_FRAGMENT);
                return;
            }
            p.l3Parsed(4, protocol, Packet.FLAG_FRAGMENT);
        }
        else
        {
            p.l3Parsed(4, protocol, 0);
        }
        TransportHeader.locate(p, l3 + ihl, l3 + totalLength);
    }
}
