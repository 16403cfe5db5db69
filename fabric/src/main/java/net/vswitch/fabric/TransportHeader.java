package net.vswitch.fabric;

/**
 * Flyweight over a packet's L4 header ({@link Packet#transport()}): TCP, UDP, ICMP or ICMPv6, at
 * the packet's shared L4 offset. Accessors answer -1 when the packet has no (whole) header of that
 * kind. Also where the parser decides whether the L4 header is there and whole.
 *
 * <pre>
 *  TCP/UDP: 0 src port | 2 dst port | ... TCP: 12 data offset (high nibble), 13 flags
 *  ICMP:    0 type | 1 code | 2 checksum
 * </pre>
 */
public final class TransportHeader
{
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int TCP_DATA_OFFSET = 12;
    public static final int TCP_FLAGS_OFFSET = 13;
    public static final int TCP_MIN_LENGTH = 20;
    public static final int UDP_LENGTH = 8;
    public static final int ICMP_MIN_LENGTH = 4;

    private final Packet packet;

    TransportHeader(final Packet packet)
    {
        this.packet = packet;
    }

    /** TCP/UDP source port, or -1. */
    public int srcPort()
    {
        return packet.l4SrcPort();
    }

    /** TCP/UDP destination port, or -1. */
    public int dstPort()
    {
        return packet.l4DstPort();
    }

    /** TCP flags (FIN 0x01 ... CWR 0x80, NS in bit 8), or -1 when not TCP. */
    public int tcpFlags()
    {
        final int l4 = packet.l4Offset();
        if (l4 < 0 || packet.ipProto() != Packet.IPPROTO_TCP)
        {
            return -1;
        }
        return packet.u16(l4 + TCP_DATA_OFFSET) & 0x01FF;
    }

    /** ICMP or ICMPv6 type, or -1. */
    public int icmpType()
    {
        return isIcmp() ? packet.u8(packet.l4Offset()) : -1;
    }

    /** ICMP or ICMPv6 code, or -1. */
    public int icmpCode()
    {
        return isIcmp() ? packet.u8(packet.l4Offset() + 1) : -1;
    }

    private boolean isIcmp()
    {
        final int proto = packet.ipProto();
        return packet.l4Offset() >= 0 && (proto == Packet.IPPROTO_ICMP || proto == Packet.IPPROTO_ICMPV6);
    }

    /** Records the L4 offset when the protocol's header fits before {@code end} (else flags it malformed). */
    static void locate(final Packet p, final int l4, final int end)
    {
        final int proto = p.ipProto();
        final int need;
        switch (proto)
        {
            case Packet.IPPROTO_TCP -> need = TCP_MIN_LENGTH;
            case Packet.IPPROTO_UDP -> need = UDP_LENGTH;
            case Packet.IPPROTO_ICMP, Packet.IPPROTO_ICMPV6 -> need = ICMP_MIN_LENGTH;
            default -> need = 0;
        }
        if (l4 + need > end
            || (proto == Packet.IPPROTO_TCP && l4 + ((p.u8(l4 + TCP_DATA_OFFSET) >>> 4) * 4) > end))
        {
            p.l4Malformed();
            return;
        }
        p.l4Parsed(l4);
    }
}
