package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) in software, for frames whose sender left it to "hardware":
 * {@link #complete} finishes a partial L4 checksum (CHECKSUM_PARTIAL: the field holds the
 * pseudo-header sum), {@link #sum} and {@link #fold} serve {@link GsoSegmenter}. Allocation free.
 */
public final class ChecksumOffload
{
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ChecksumOffload()
    {
    }

    /**
     * Adds the big-endian 16-bit words of {@code [offset, offset + length)} to {@code sum} (an odd
     * last byte is padded with zero). The result is unfolded: pass it to {@link #fold}.
     */
    public static long sum(final MemorySegment memory, final long offset, final int length, final long sum)
    {
        long acc = sum;
        long at = offset;
        final long end = offset + length;
        while (end - at >= 4)
        {
            acc += memory.get(U32, at) & 0xFFFF_FFFFL;
            at += 4;
        }
        if (end - at >= 2)
        {
            acc += memory.get(U16, at) & 0xFFFF;
            at += 2;
        }
        if (at < end)
        {
            acc += (memory.get(ValueLayout.JAVA_BYTE, at) & 0xFF) << 8;
        }
        return acc;
    }

    /** Folds a running sum to 16 bits (one's complement addition), not yet inverted. */
    public static int fold(final long sum)
    {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int)s;
    }

    /**
     * Completes a partial checksum in place: sums from {@code csumStart} to the end of the frame
     * (the checksum field already holds the pseudo-header sum) and stores the complement at
     * {@code csumStart + csumOffset}. A UDP checksum that comes out 0 is sent as 0xFFFF (RFC 768).
     *
     * @return false (frame untouched) when the field does not lie inside the frame
     */
    public static boolean complete(final MemorySegment memory, final long frame, final int length, final int csumStart,
        final int csumOffset)
    {
        if (csumStart < 0 || csumOffset < 0 || (long)csumStart + csumOffset + 2 > length)
        {
            return false;
        }
        int checksum = ~fold(sum(memory, frame + csumStart, length - csumStart, 0)) & 0xFFFF;
        if (checksum == 0 && csumOffset == Offload.UDP_CSUM_OFFSET)
        {
            checksum = 0xFFFF;
        }
        memory.set(U16, frame + csumStart + csumOffset, (short)checksum);
        return true;
    }

    /** Whether a complete Internet checksum over {@code [offset, offset + length)} plus {@code pseudo} verifies. */
    public static boolean verifies(final MemorySegment memory, final long offset, final int length, final long pseudo)
    {
        return fold(sum(memory, offset, length, pseudo)) == 0xFFFF;
    }
}
