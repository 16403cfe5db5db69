package net.vswitch.fabric;

/**
 * Flyweight over a packet's ARP header for IPv4 over Ethernet ({@link Packet#arp()}), at the
 * packet's shared L3 offset. {@link #valid()} says whether the frame holds one.
 *
 * <pre>
 *  0 htype | 2 ptype | 4 hlen | 5 plen | 6 op | 8 sha (6) | 14 spa (4) | 18 tha (6) | 24 tpa (4)
 * </pre>
 */
public final class ArpHeader
{
    public static final int LENGTH = 28;
    public static final int OP_OFFSET = 6;
    public static final int SHA_OFFSET = 8;
    public static final int SPA_OFFSET = 14;
    public static final int THA_OFFSET = 18;
    public static final int TPA_OFFSET = 24;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    private final Packet packet;

    ArpHeader(final Packet packet)
    {
        this.packet = packet;
    }

    private int at(final int field)
    {
        return packet.l3Offset() + field;
    }

    /** An Ethernet/IPv4 ARP message that fits in the frame. */
    public boolean valid()
    {
        return packet.etherType() == Packet.ETHERTYPE_ARP && packet.l3Offset() + LENGTH <= packet.length()
            && packet.u16(at(0)) == 1 && packet.u16(at(2)) == Packet.ETHERTYPE_IPV4
            && packet.u8(at(4)) == 6 && packet.u8(at(5)) == 4;
    }

    public int op()
    {
        return packet.u16(at(OP_OFFSET));
    }

    public ArpHeader op(final int op)
    {
        packet.u16(at(OP_OFFSET), op);
        return this;
    }

    /** Sender hardware address. */
    public long sha()
    {
        return packet.mac(at(SHA_OFFSET));
    }

    public ArpHeader sha(final long mac)
    {
        packet.mac(at(SHA_OFFSET), mac);
        return this;
    }

    /** Sender protocol (IPv4) address. */
    public int spa()
    {
        return packet.u32(at(SPA_OFFSET));
    }

    public ArpHeader spa(final int address)
    {
        packet.u32(at(SPA_OFFSET), address);
        return this;
    }

    /** Target hardware address. */
    public long tha()
    {
        return packet.mac(at(THA_OFFSET));
    }

    public ArpHeader tha(final long mac)
    {
        packet.mac(at(THA_OFFSET), mac);
        return this;
    }

    /** Target protocol (IPv4) address. */
    public int tpa()
    {
        return packet.u32(at(TPA_OFFSET));
    }

    public ArpHeader tpa(final int address)
    {
        packet.u32(at(TPA_OFFSET), address);
        return this;
    }
}
