package net.vswitch.ports.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.fabric.ChecksumOffload;
import net.vswitch.fabric.Offload;

/**
 * {@code struct virtio_net_hdr} ({@code <linux/virtio_net.h>}, 10 bytes, host byte order), the
 * header an AF_PACKET socket with PACKET_VNET_HDR or a TAP with IFF_VNET_HDR puts before each frame:
 * converted to and from the fabric's {@link Offload} word.
 *
 * <pre>
 *  0        1          2            4            6             8              10
 *  +--------+----------+------------+------------+-------------+--------------+
 *  | flags  | gso_type | hdr_len    | gso_size   | csum_start  | csum_offset  |
 *  +--------+----------+------------+------------+-------------+--------------+
 * </pre>
 */
public final class VirtioNetHeader
{
    public static final int LENGTH = 10;
    public static final int FLAG_NEEDS_CSUM = 1;
    public static final int FLAG_DATA_VALID = 2;
    public static final int GSO_ECN = 0x80;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final int UDP_HEADER_LENGTH = 8;

    private VirtioNetHeader()
    {
    }

    /**
     * Reads the header at {@code at} for the frame at {@code frame} (of {@code length} bytes) and
     * returns its {@link Offload} word. A partial checksum the word cannot carry is completed in the
     * frame right away, so what enters the fabric is always right.
     *
     * @param shift bytes the frame's start moved since the kernel wrote the header (a VLAN tag put back)
     * @return the word, or {@link Offload#INVALID} for a header that contradicts its frame (to be dropped)
     */
    public static int read(final MemorySegment memory, final long at, final long frame, final int length,
        final int shift)
    {
        return decode(memory.get(ValueLayout.JAVA_LONG_UNALIGNED, at), memory.get(U16, at + 8), memory, frame, length,
            shift);
    }

    /**
     * {@link #read} with the header's first 8 bytes and last 2 already loaded (a caller that must read
     * them before it moves the frame).
     */
    public static int decode(final long first, final short last, final MemorySegment memory, final long frame,
        final int length, final int shift)
    {
        final int csumOffsetField = last & 0xFFFF;
        if (first == 0 && csumOffsetField == 0)
        {
            return Offload.NONE;
        }
        final int flags = (int)first & 0xFF;
        final int gsoType = (int)(first >>> 8) & 0xFF;
        final int gsoSize = (int)(first >>> 32) & 0xFFFF;
        final int csumStart = ((int)(first >>> 48) & 0xFFFF) + shift;
        final boolean needsCsum = (flags & FLAG_NEEDS_CSUM) != 0;
        final int word = Offload.of(needsCsum, csumStart, csumOffsetField, (flags & FLAG_DATA_VALID) != 0,
            gsoType & ~GSO_ECN, (gsoType & GSO_ECN) != 0, (gsoType & ~GSO_ECN) == 0 ? 0 : gsoSize);
        if (word != Offload.INVALID)
        {
            return word;
        }
        if (needsCsum && (gsoType & ~GSO_ECN) == 0
            && ChecksumOffload.complete(memory, frame, length, csumStart, csumOffsetField))
        {
            return Offload.NONE;
        }
        return Offload.INVALID;
    }

    /**
     * Writes at {@code at} in {@code memory} the header for offload {@code word} of the frame at
     * {@code frame} in {@code source}.
     */
    public static void write(final MemorySegment memory, final long at, final int word, final MemorySegment source,
        final long frame, final int length)
    {
        if (word == Offload.NONE)
        {
            memory.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0L);
            memory.set(U16, at + 8, (short)0);
            return;
        }
        final boolean needsCsum = Offload.needsCsum(word);
        final int flags = (needsCsum ? FLAG_NEEDS_CSUM : 0) | (Offload.dataValid(word) ? FLAG_DATA_VALID : 0);
        final int type = Offload.gsoType(word);
        final int csumStart = needsCsum ? Offload.csumStart(word) : 0;
        int hdrLen = 0;
        if (type != Offload.GSO_NONE && csumStart + 13 < length)
        {
            // linear header part for the kernel: L2..L4, the TCP header length read from the frame
            hdrLen = Offload.csumOffset(word) == Offload.UDP_CSUM_OFFSET ? csumStart + UDP_HEADER_LENGTH
                : csumStart + ((source.get(ValueLayout.JAVA_BYTE, frame + csumStart + 12) & 0xF0) >>> 2);
        }
        memory.set(ValueLayout.JAVA_BYTE, at, (byte)flags);
        memory.set(ValueLayout.JAVA_BYTE, at + 1, (byte)(type | (Offload.ecn(word) ? GSO_ECN : 0)));
        memory.set(U16, at + 2, (short)Math.min(hdrLen, length));
        memory.set(U16, at + 4, (short)(type == Offload.GSO_NONE ? 0 : Offload.gsoSize(word)));
        memory.set(U16, at + 6, (short)csumStart);
        memory.set(U16, at + 8, (short)(needsCsum ? Offload.csumOffset(word) : 0));
    }
}
