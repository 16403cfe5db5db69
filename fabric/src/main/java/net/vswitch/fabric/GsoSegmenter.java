package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Cuts a GSO super-frame (TCP over IPv4 or IPv6, or UDP with {@link Offload#GSO_UDP_L4}) into the
 * frames a real NIC would have put on the wire, for ports that cannot take offloaded frames: every
 * segment carries a copy of the headers and up to {@code gsoSize} payload bytes; IPv4 total length,
 * identification (+1 per segment) and header checksum, IPv6 payload length, TCP sequence number and
 * flags (FIN and PSH on the last segment only, CWR on the first only), UDP length, and a complete
 * L4 checksum are set per segment. Stateless and allocation free.
 *
 * <p>Use: {@link #headerLength} (negative when the frame cannot be segmented), {@link #segments},
 * then {@link #segment} for each {@code k} in {@code 0..segments-1}.
 */
public final class GsoSegmenter
{
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int UDP_HEADER_LENGTH = 8;

    private GsoSegmenter()
    {
    }

    /**
     * Bytes of headers (L2 to L4) every segment repeats, or -1 when the frame is not a GSO frame
     * this class can cut (unknown type, headers that do not match the type, or no payload).
     */
    public static int headerLength(final Packet packet)
    {
        final int word = packet.offload();
        final int type = Offload.gsoType(word);
        if (Offload.gsoSize(word) == 0 || (packet.parseFlags() & (Packet.FLAG_L3_MALFORMED | Packet.FLAG_L4_MALFORMED
            | Packet.FLAG_FRAGMENT)) != 0)
        {
            return -1;
        }
        final int version = packet.ipVersion();
        final int proto = packet.ipProto();
        final int l4 = packet.l4Offset();
        final int header;
        if ((type == Offload.GSO_TCPV4 && version == 4 || type == Offload.GSO_TCPV6 && version == 6)
            && proto == Packet.IPPROTO_TCP)
        {
            final int dataOffset = packet.u8(l4 + 12) >>> 4;
            if (dataOffset < 5)
            {
                return -1;
            }
            header = l4 + dataOffset * 4;
        }
        else if (type == Offload.GSO_UDP_L4 && (version == 4 || version == 6) && proto == Packet.IPPROTO_UDP)
        {
            header = l4 + UDP_HEADER_LENGTH;
        }
        else
        {
            return -1;
        }
        return header < packet.length() && header - l4 >= UDP_HEADER_LENGTH ? header : -1;
    }

    /** How many segments the frame yields (its payload over gsoSize, rounded up). */
    public static int segments(final Packet packet, final int headerLength)
    {
        final int mss = Offload.gsoSize(packet.offload());
        return (packet.length() - headerLength + mss - 1) / mss;
    }

    /** Length of the largest segment: what a destination buffer must hold. */
    public static int maxSegmentLength(final Packet packet, final int headerLength)
    {
        return Math.min(packet.length(), headerLength + Offload.gsoSize(packet.offload()));
    }

    /**
     * Writes segment {@code k} at {@code to} in {@code memory}.
     *
     * @return its length in bytes
     */
    public static int segment(final Packet packet, final int headerLength, final int k, final MemorySegment memory,
        final long to)
    {
        final int mss = Offload.gsoSize(packet.offload());
        final int from = headerLength + k * mss;
        final int payload = Math.min(mss, packet.length() - from);
        final int length = headerLength + payload;
        final boolean last = from + payload == packet.length();
        final MemorySegment source = packet.segment();
        MemorySegment.copy(source, packet.offset(), memory, to, headerLength);
        MemorySegment.copy(source, packet.offset() + from, memory, to + headerLength, payload);

        final int l3 = packet.l3Offset();
        final int l4 = packet.l4Offset();
        final int l4Length = length - l4;
        long pseudo;
        if (packet.ipVersion() == 4)
        {
            memory.set(U16, to + l3 + 2, (short)(length - l3));
            memory.set(U16, to + l3 + 4, (short)(packet.u16(l3 + 4) + k));
            memory.set(U16, to + l3 + 10, (short)0);
            final int ihl = (packet.u8(l3) & 0xF) * 4;
            memory.set(U16, to + l3 + 10, (short)~ChecksumOffload.fold(ChecksumOffload.sum(memory, to + l3, ihl, 0)));
            pseudo = ChecksumOffload.sum(memory, to + l3 + 12, 8, 0);
        }
        else
        {
            memory.set(U16, to + l3 + 4, (short)(length - l3 - IPV6_HEADER_LENGTH));
            pseudo = ChecksumOffload.sum(memory, to + l3 + 8, 32, 0);
        }
        pseudo += packet.ipProto() + l4Length;
        final long checksumAt;
        if (packet.ipProto() == Packet.IPPROTO_TCP)
        {
            memory.set(U32, to + l4 + 4, packet.u32(l4 + 4) + k * mss);
            int flags = packet.u8(l4 + 13);
            if (!last)
            {
                flags &= ~(TCP_FIN | TCP_PSH);
            }
            if (k > 0)
            {
                flags &= ~TCP_CWR;
            }
            memory.set(ValueLayout.JAVA_BYTE, to + l4 + 13, (byte)flags);
            checksumAt = to + l4 + Offload.TCP_CSUM_OFFSET;
        }
        else
        {
            memory.set(U16, to + l4 + 4, (short)l4Length);
            checksumAt = to + l4 + Offload.UDP_CSUM_OFFSET;
        }
        memory.set(U16, checksumAt, (short)0);
        int checksum = ~ChecksumOffload.fold(ChecksumOffload.sum(memory, to + l4, l4Length, pseudo)) & 0xFFFF;
        if (checksum == 0 && packet.ipProto() == Packet.IPPROTO_UDP)
        {
            checksum = 0xFFFF;
        }
        memory.set(U16, checksumAt, (short)checksum);
        return length;
    }
}
