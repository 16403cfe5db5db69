package net.vswitch.ports.tunnel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import net.vswitch.fabric.DropReason;
import net.vswitch.ports.PortSpec.TunnelProtocol;

/**
 * Reads and writes the VXLAN (RFC 7348) and Geneve (RFC 8926) headers that sit in a UDP payload, in
 * place, allocating nothing. {@link #decode} is one reusable parse result per receiving thread: after
 * it accepts a datagram, {@link #vni()}, {@link #innerOffset()} and the Geneve options
 * ({@link #optionsOffset()}, {@link #optionsLength()}, kept in the buffer right in front of the inner
 * frame, where a later {@code tun_metadata} match can read them) describe it.
 */
public final class TunnelHeader
{
    /** VXLAN and Geneve base headers are both 8 bytes. */
    public static final int BASE_LENGTH = 8;
    /** Geneve's Protocol Type for an Ethernet payload (Transparent Ethernet Bridging). */
    public static final int ETHERTYPE_TEB = 0x6558;
    static final int VXLAN_FLAG_VNI = 0x08;
    static final int GENEVE_OAM = 0x80;
    static final int GENEVE_CRITICAL = 0x40;
    static final int OPTION_CRITICAL_TYPE = 0x80;
    private static final int MIN_INNER = 14;
    private static final ValueLayout.OfShort NET_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private int vni;
    private int innerOffset;
    private int optionsOffset;
    private int optionsLength;
    private int options;

    /**
     * Parses the tunnel header at {@code offset} of a UDP payload of {@code length} bytes.
     *
     * @return {@code null} when the datagram carries a frame to forward, else why it is dropped
     */
    public DropReason decode(final TunnelProtocol protocol, final MemorySegment buffer, final long offset,
        final int length)
    {
        return protocol == TunnelProtocol.VXLAN ? decodeVxlan(buffer, offset, length)
            : decodeGeneve(buffer, offset, length);
    }

    private DropReason decodeVxlan(final MemorySegment buffer, final long offset, final int length)
    {
        if (length < BASE_LENGTH + MIN_INNER)
        {
            return DropReason.TUNNEL_BAD_HEADER;
        }
        // the I flag must be set; like Linux we drop any other flag rather than guess at an extension
        if ((buffer.get(ValueLayout.JAVA_BYTE, offset) & 0xFF) != VXLAN_FLAG_VNI)
        {
            return DropReason.TUNNEL_BAD_HEADER;
        }
        vni = buffer.get(NET_INT, offset + 4) >>> 8;
        innerOffset = BASE_LENGTH;
        optionsOffset = BASE_LENGTH;
        optionsLength = 0;
        options = 0;
        return null;
    }

    private DropReason decodeGeneve(final MemorySegment buffer, final long offset, final int length)
    {
        if (length < BASE_LENGTH)
        {
            return DropReason.TUNNEL_BAD_HEADER;
        }
        final int first = buffer.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
        final int second = buffer.get(ValueLayout.JAVA_BYTE, offset + 1) & 0xFF;
        final int optionBytes = (first & 0x3F) * 4;
        // version 0 only; control (OAM) packets are never forwarded (RFC 8926 §3.4)
        if ((first >>> 6) != 0 || (second & GENEVE_OAM) != 0
            || (buffer.get(NET_SHORT, offset + 2) & 0xFFFF) != ETHERTYPE_TEB
            || BASE_LENGTH + optionBytes + MIN_INNER > length)
        {
            return DropReason.TUNNEL_BAD_HEADER;
        }
        int at = BASE_LENGTH;
        final int end = BASE_LENGTH + optionBytes;
        int count = 0;
        while (at < end)
        {
            if (at + 4 > end)
            {
                return DropReason.TUNNEL_BAD_HEADER;
            }
            final int type = buffer.get(ValueLayout.JAVA_BYTE, offset + at + 2) & 0xFF;
            final int size = 4 + (buffer.get(ValueLayout.JAVA_BYTE, offset + at + 3) & 0x1F) * 4;
            if (at + size > end)
            {
                return DropReason.TUNNEL_BAD_HEADER;
            }
            // no option is known to this endpoint yet, so every critical one is unknown: drop (§3.5)
            if ((type & OPTION_CRITICAL_TYPE) != 0)
            {
                return DropReason.TUNNEL_CRITICAL_OPTION;
            }
            at += size;
            count++;
        }
        vni = buffer.get(NET_INT, offset + 4) >>> 8;
        innerOffset = end;
        optionsOffset = BASE_LENGTH;
        optionsLength = optionBytes;
        options = count;
        return null;
    }

    /** The VNI of the last accepted datagram. */
    public int vni()
    {
        return vni;
    }

    /** Where the inner Ethernet frame starts, from the start of the UDP payload. */
    public int innerOffset()
    {
        return innerOffset;
    }

    /** Where the Geneve options start, from the start of the UDP payload. */
    public int optionsOffset()
    {
        return optionsOffset;
    }

    /** Bytes of Geneve options (0 for VXLAN). */
    public int optionsLength()
    {
        return optionsLength;
    }

    /** Number of Geneve options. */
    public int options()
    {
        return options;
    }

    /** Writes the 8-byte header for {@code vni} at {@code offset} (no Geneve options). */
    public static void encode(final TunnelProtocol protocol, final MemorySegment buffer, final long offset,
        final int vni)
    {
        if (protocol == TunnelProtocol.VXLAN)
        {
            buffer.set(NET_INT, offset, VXLAN_FLAG_VNI << 24);
        }
        else
        {
            buffer.set(NET_INT, offset, ETHERTYPE_TEB);
        }
        buffer.set(NET_INT, offset + 4, vni << 8);
    }
}
