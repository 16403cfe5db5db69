package net.vswitch.ports.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.ports.virtual.FrameHandler;

/** The frames the shared-memory tests exchange: a sequence number, a length and payload derived from it. */
final class ShmTestFrames
{
    static final ValueLayout.OfLong SEQ = ValueLayout.JAVA_LONG_UNALIGNED;
    static final int SEQ_OFFSET = 14;

    private ShmTestFrames()
    {
    }

    static int length(final long seq)
    {
        return 60 + (int)(seq % 128);
    }

    /** Writes frame {@code seq} at {@code offset}; returns its length. */
    static int write(final MemorySegment memory, final long offset, final long seq)
    {
        final int length = length(seq);
        memory.set(ValueLayout.JAVA_INT_UNALIGNED, offset, 0x00_00_00_02);
        memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset + 4, (short)0x0200);
        memory.set(ValueLayout.JAVA_INT_UNALIGNED, offset + 6, 0x00_00_00_02);
        memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset + 10, (short)0x0100);
        memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset + 12, (short)0xb588);
        memory.set(SEQ, offset + SEQ_OFFSET, seq);
        for (int i = SEQ_OFFSET + 8; i < length; i++)
        {
            memory.set(ValueLayout.JAVA_BYTE, offset + i, (byte)(seq * 7 + i));
        }
        return length;
    }

    /** A content hash of one frame (FNV-1a over its bytes). */
    static long hash(final MemorySegment memory, final long offset, final int length)
    {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (memory.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** Sums frame hashes and checks sequence numbers arrive in order. */
    static final class Checker implements FrameHandler
    {
        long received;
        long sum;
        long outOfOrder;

        @Override
        public void onFrame(final MemorySegment memory, final long offset, final int length)
        {
            if (length < SEQ_OFFSET + 8 || memory.get(SEQ, offset + SEQ_OFFSET) != received)
            {
                outOfOrder++;
            }
            sum += hash(memory, offset, length);
            received++;
        }
    }
}
