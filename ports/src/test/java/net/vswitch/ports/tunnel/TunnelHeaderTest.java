package net.vswitch.ports.tunnel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.vswitch.fabric.DropReason;
import net.vswitch.ports.PortSpec.TunnelProtocol;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decapsulator on well-formed and hostile UDP payloads. */
class TunnelHeaderTest
{
    private final TunnelHeader header = new TunnelHeader();

    private static MemorySegment payload(final int... bytes)
    {
        final MemorySegment segment = Arena.ofAuto().allocate(bytes.length + 14);
        for (int i = 0; i < bytes.length; i++)
        {
            segment.set(ValueLayout.JAVA_BYTE, i, (byte)bytes[i]);
        }
        return segment;
    }

    @Test
    void shouldRoundTripVxlanAndGeneveHeaders()
    {
        for (final TunnelProtocol protocol : TunnelProtocol.values())
        {
            final MemorySegment segment = Arena.ofAuto().allocate(64);
            TunnelHeader.encode(protocol, segment, 0, 0xABCDEF);
            assertNull(header.decode(protocol, segment, 0, 64), protocol.label());
            assertEquals(0xABCDEF, header.vni());
            assertEquals(8, header.innerOffset());
        }
    }

    @Test
    void shouldDropTruncatedHeaders()
    {
        final MemorySegment segment = Arena.ofAuto().allocate(64);
        TunnelHeader.encode(TunnelProtocol.VXLAN, segment, 0, 5);
        assertEquals(DropReason.TUNNEL_BAD_HEADER, header.decode(TunnelProtocol.VXLAN, segment, 0, 7));
        assertEquals(DropReason.TUNNEL_BAD_HEADER, header.decode(TunnelProtocol.VXLAN, segment, 0, 8 + 13));
        assertEquals(DropReason.TUNNEL_BAD_HEADER, header.decode(TunnelProtocol.GENEVE, segment, 0, 3));
    }

    @Test
    void shouldDropVxlanWithReservedFlagsOrWithoutTheVniFlag()
    {
        assertEquals(DropReason.TUNNEL_BAD_HEADER,
            header.decode(TunnelProtocol.VXLAN, payload(0x0C, 0, 0, 0, 0, 0, 1, 0), 0, 22));
        assertEquals(DropReason.TUNNEL_BAD_HEADER,
            header.decode(TunnelProtocol.VXLAN, payload(0x00, 0, 0, 0, 0, 0, 1, 0), 0, 22));
        assertNull(header.decode(TunnelProtocol.VXLAN, payload(0x08, 0, 0, 0, 0, 0, 1, 0), 0, 22));
        assertEquals(1, header.vni());
    }

    @Test
    void shouldDropGeneveWithAnotherVersionOamBitOrNonEthernetPayload()
    {
        assertEquals(DropReason.TUNNEL_BAD_HEADER,
            header.decode(TunnelProtocol.GENEVE, payload(0x40, 0, 0x65, 0x58, 0, 0, 1, 0), 0, 22));
        assertEquals(DropReason.TUNNEL_BAD_HEADER,
            header.decode(TunnelProtocol.GENEVE, payload(0x00, 0x80, 0x65, 0x58, 0, 0, 1, 0), 0, 22));
        assertEquals(DropReason.TUNNEL_BAD_HEADER,
            header.decode(TunnelProtocol.GENEVE, payload(0x00, 0, 0x08, 0x00, 0, 0, 1, 0), 0, 22));
    }

    @Test
    void shouldKeepNonCriticalGeneveOptionsAndSkipThem()
    {
        // Opt Len 3 words: one option of class 0x0102 type 0x05 with 2 words of data
        final MemorySegment segment = payload(0x03, 0, 0x65, 0x58, 0, 0, 7, 0, 0x01, 0x02, 0x05, 0x02,
            1, 2, 3, 4, 5, 6, 7, 8);
        assertNull(header.decode(TunnelProtocol.GENEVE, segment, 0, 20 + 14));
        assertEquals(7, header.vni());
        assertEquals(20, header.innerOffset());
        assertEquals(8, header.optionsOffset());
        assertEquals(12, header.optionsLength());
        assertEquals(1, header.options());
    }

    @Test
    void shouldDropUnknownCriticalGeneveOption()
    {
        final MemorySegment segment = payload(0x01, 0x40, 0x65, 0x58, 0, 0, 7, 0, 0x01, 0x02, 0x85, 0x00);
        assertEquals(DropReason.TUNNEL_CRITICAL_OPTION, header.decode(TunnelProtocol.GENEVE, segment, 0, 12 + 14));
    }

    @Test
    void shouldDropGeneveOptionsThatOverrun()
    {
        // Opt Len 1 word, but the option says it has 3 more words
        final MemorySegment inside = payload(0x01, 0, 0x65, 0x58, 0, 0, 7, 0, 0x01, 0x02, 0x05, 0x03);
        assertEquals(DropReason.TUNNEL_BAD_HEADER, header.decode(TunnelProtocol.GENEVE, inside, 0, 12 + 14));
        // Opt Len 63 words in a short datagram
        final MemorySegment outside = payload(0x3F, 0, 0x65, 0x58, 0, 0, 7, 0);
        assertEquals(DropReason.TUNNEL_BAD_HEADER, header.decode(TunnelProtocol.GENEVE, outside, 0, 8 + 14));
    }

    @Property(tries = 2000)
    void randomBytesNeverThrowAndStayInBounds(@ForAll @Size(max = 300) final byte[] bytes,
        @ForAll final boolean geneve)
    {
        final MemorySegment segment = Arena.ofAuto().allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        final DropReason reason = header.decode(geneve ? TunnelProtocol.GENEVE : TunnelProtocol.VXLAN, segment, 0,
            bytes.length);
        if (reason == null)
        {
            assertTrue(header.innerOffset() + 14 <= bytes.length, "inner frame inside the datagram");
            assertTrue(header.vni() >= 0 && header.vni() <= 0xFFFFFF);
        }
    }

    @Property(tries = 500)
    void flowHashGivesDynamicPortsAndIsStable(@ForAll @Size(min = 14, max = 200) final byte[] frame)
    {
        final MemorySegment segment = MemorySegment.ofArray(frame);
        final int port = FlowHash.sourcePort(segment, 0, frame.length);
        assertTrue(port >= 49152 && port <= 65535, "port " + port);
        assertEquals(port, FlowHash.sourcePort(segment, 0, frame.length));
    }
}
