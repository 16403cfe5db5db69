package net.vswitch.ports.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.vswitch.fabric.Offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtioNetHeaderProperties
{
    private static final int FRAME = 16;

    /** A header followed by a 1500-byte TCP-looking frame (data offset 8 words at csum start + 12). */
    private static MemorySegment buffer(final byte[] header, final int frameLength)
    {
        final MemorySegment m = Arena.ofAuto().allocate(FRAME + frameLength);
        MemorySegment.copy(header, 0, m, ValueLayout.JAVA_BYTE, 0, Math.min(header.length, VirtioNetHeader.LENGTH));
        for (int i = 0; i < frameLength; i++)
        {
            m.set(ValueLayout.JAVA_BYTE, FRAME + i, (byte)0x80);
        }
        return m;
    }

    @Property(tries = 3000)
    void arbitraryHeadersNeverThrowAndYieldAWordOrARefusal(@ForAll @Size(10) final byte[] header,
        @ForAll @IntRange(min = 0, max = 1500) final int frameLength)
    {
        final MemorySegment m = buffer(header, frameLength);
        final int word = VirtioNetHeader.read(m, 0, FRAME, frameLength, 0);
        if (word == Offload.INVALID || word == Offload.NONE)
        {
            return;
        }
        if (Offload.isGso(word))
        {
            assertTrue(Offload.needsCsum(word), "a GSO frame always carries a partial checksum");
            assertTrue(Offload.gsoSize(word) > 0);
        }
        if (Offload.needsCsum(word))
        {
            assertTrue(Offload.csumStart(word) <= Offload.MAX_CSUM_START);
        }
    }

    @Property(tries = 1000)
    void wordsSurviveAWriteAndARead(@ForAll @IntRange(min = 14, max = 200) final int csumStart,
        @ForAll final boolean udp, @ForAll final boolean gso, @ForAll @IntRange(min = 1, max = 9000) final int mss,
        @ForAll final boolean valid)
    {
        final int type = !gso ? Offload.GSO_NONE : udp ? Offload.GSO_UDP_L4 : Offload.GSO_TCPV4;
        final int word = Offload.of(true, csumStart, udp ? Offload.UDP_CSUM_OFFSET : Offload.TCP_CSUM_OFFSET, valid,
            type, false, gso ? mss : 0);
        final MemorySegment m = buffer(new byte[VirtioNetHeader.LENGTH], 1500);
        VirtioNetHeader.write(m, 0, word, m, FRAME, 1500);
        assertEquals(word, VirtioNetHeader.read(m, 0, FRAME, 1500, 0));
        final int hdrLen = m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2);
        assertEquals(gso ? csumStart + (udp ? 8 : 32) : 0, hdrLen, "hdr_len: L2..L4 headers of a GSO frame");
    }

    @Property(tries = 500)
    void aChecksumTheWordCannotCarryIsCompletedInTheFrame(@ForAll @IntRange(min = 512, max = 1400) final int start)
    {
        final byte[] header = new byte[VirtioNetHeader.LENGTH];
        header[0] = VirtioNetHeader.FLAG_NEEDS_CSUM;
        header[6] = (byte)start;
        header[7] = (byte)(start >>> 8);
        header[8] = 16;
        final MemorySegment m = buffer(header, 1500);
        assertEquals(Offload.NONE, VirtioNetHeader.read(m, 0, FRAME, 1500, 0), "completed, an ordinary frame now");
        // the field held the pseudo-header sum (0x8080 here): with it the completed data sums to all ones
        final int sum = net.vswitch.fabric.ChecksumOffload.fold(
            net.vswitch.fabric.ChecksumOffload.sum(m, FRAME + start, 1500 - start, 0x8080));
        assertEquals(0xFFFF, sum, "the data from csum start verifies");
    }
}
