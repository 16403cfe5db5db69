package net.vswitch.fabric;

/**
 * Flyweight over a packet's Ethernet header and its 802.1Q / 802.1ad tags, bound to one
 * {@link Packet} ({@link Packet#ethernet()}); it reads the packet's current bytes and its shared,
 * parse-once offsets. Also the L2 parser that fills those offsets.
 *
 * <pre>
 *  0          6          12             12 + 4 per tag
 *  +----------+----------+--------------+----------------+---------
 *  | dst MAC  | src MAC  | TPID | TCI   | ... | EtherType | L3
 *  +----------+----------+--------------+----------------+---------
 * </pre>
 */
public final class EthernetHeader
{
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = 6;
    public static final int TYPE_OFFSET = 12;
    public static final int TAG_LENGTH = 4;

    private final Packet packet;

    EthernetHeader(final Packet packet)
    {
        this.packet = packet;
    }

    public long dst()
    {
        return packet.ethDst();
    }

    public EthernetHeader dst(final long mac)
    {
        packet.mac(DST_OFFSET, mac);
        return this;
    }

    public long src()
    {
        return packet.ethSrc();
    }

    public EthernetHeader src(final long mac)
    {
        packet.mac(SRC_OFFSET, mac);
        return this;
    }

    /** Broadcast or multicast destination (the group bit). */
    public boolean dstIsGroup()
    {
        return packet.ethDstIsGroup();
    }

    /** EtherType after any VLAN tags. */
    public int etherType()
    {
        return packet.etherType();
    }

    /** Outer VLAN id, or {@link Packet#NO_VLAN}. */
    public int vlanId()
    {
        return packet.vlanId();
    }

    public int vlanPcp()
    {
        return packet.vlanPcp();
    }

    public int vlanTags()
    {
        return packet.vlanTags();
    }

    /** Offset of the header after the tags (the L3 header). */
    public int payloadOffset()
    {
        return packet.l3Offset();
    }

    /** Parses tags and EtherType into the packet's shared offsets. */
    static void parse(final Packet p)
    {
        final int length = p.length();
        if (length < Packet.ETH_HEADER_LENGTH)
        {
            p.l2Parsed(0, Packet.NO_VLAN, 0, 0, length);
            return;
        }
        int vlanId = Packet.NO_VLAN;
        int vlanPcp = 0;
        int tags = 0;
        int at = TYPE_OFFSET;
        int type = p.u16(at);
        while ((type == Packet.ETHERTYPE_VLAN || type == Packet.ETHERTYPE_QINQ) && at + 6 <= length)
        {
            final int tci = p.u16(at + 2);
            if (tags == 0)
            {
                vlanId = tci & 0x0FFF;
                vlanPcp = tci >>> 13;
            }
            tags++;
            at += TAG_LENGTH;
            type = p.u16(at);
        }
        p.l2Parsed(type, vlanId, vlanPcp, tags, at + 2);
    }
}
