package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The codec against bytes ovs-ofctl 3.1 produced, and a fuzz property over random and mutated messages. */
class CodecTest
{
    /**
     * Captured from {@code ovs-ofctl -O OpenFlow13 add-flow tcp:127.0.0.1:PORT "table=0,priority=100,cookie=0x12,
     * idle_timeout=10,hard_timeout=60,ip,in_port=1,nw_dst=10.0.0.0/24,reg0=0x5/0xff actions=load:0x3->
     * NXM_NX_REG1[0..7],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],dec_ttl,resubmit(,2),set_field:10.1.1.1->ip_src,
     * output:2,goto_table:1"} against a listener that recorded it.
     */
    static final String FLOW_MOD = "040e00d800000006000000000000001200000000000000000000000a003c0064ffffffffffffffff"
        + "ffffffff000000000001002a800000040000000180000a020800800019080a000000ffffff000001010800000005000000ff0000"
        + "000000000004007000000000ffff00180000232000070007000102040000000000000003ffff0018000023200006003000000000"
        + "00000406000002060018000800000000ffff001000002320000efff80200000000190010800016040a0101010000000000000010"
        + "0000000200000000000000000001000801000000";
    static final String HELLO = "04000010000000010001000800000010";
    static final String BARRIER = "0414000800000007";

    static byte[] hex(final String s)
    {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void shouldDecodeOvsOfctlsFlowModAndEncodeItsMatchAndInstructionsToTheSameBytes() throws Exception
    {
        final byte[] wire = hex(FLOW_MOD);
        final OfMessage.FlowMod fm = assertInstanceOf(OfMessage.FlowMod.class, OfDecoder.decode(wire, 4));
        assertEquals(0x12, fm.cookie());
        assertEquals(100, fm.priority());
        assertEquals(10, fm.idleTimeout());
        assertEquals(60, fm.hardTimeout());
        assertEquals("ip,reg0=0x5/0xff,in_port=1,nw_dst=10.0.0.0/24", fm.match().toString());
        assertEquals("load:0x3->NXM_NX_REG1[0..7],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],dec_ttl,resubmit(,2),"
            + "set_field:10.1.1.1->nw_src,"
            + "output:2,goto_table:1", fm.instructions().toString());
        final WireWriter w = new WireWriter();
        OxmCodec.encodeMatch(w, fm.match());
        ActionCodec.encodeInstructions(w, fm.instructions());
        assertArrayEquals(Arrays.copyOfRange(wire, 48, wire.length), w.toArray());
    }

    @Test
    void shouldNegotiateFromOvsHelloAndRefuseOtherVersions() throws Exception
    {
        final OfMessage.Hello h = assertInstanceOf(OfMessage.Hello.class, OfDecoder.decode(hex(HELLO), -1));
        assertEquals(1 << 4, h.versions() & OfDecoder.SUPPORTED);
        final OfpException ex = assertThrows(OfpException.class, () -> OfDecoder.decode(hex("0614000800000007"), 4));
        assertEquals("BAD_REQUEST/0", ex.label());
        assertInstanceOf(OfMessage.Simple.class, OfDecoder.decode(hex(BARRIER), 4));
    }

    @Test
    void shouldNameTheSpecsErrorForBadInput()
    {
        // unknown message type, truncated flow_mod, an action length not a multiple of 8, an unknown OXM field
        assertEquals("BAD_REQUEST/1", error("04ee000800000001"));
        final byte[] wire = hex(FLOW_MOD);
        assertEquals("BAD_REQUEST/6", error(HexFormat.of().formatHex(fixLength(Arrays.copyOf(wire, 40)))));
        final byte[] badAction = wire.clone();
        badAction[107] = 0x17;
        assertEquals("BAD_ACTION/1", error(HexFormat.of().formatHex(badAction)));
        final byte[] badField = wire.clone();
        badField[62] = 0x7E;
        assertEquals("BAD_MATCH/6", error(HexFormat.of().formatHex(badField)));
        assertEquals("BAD_REQUEST/3", error("04040010000000010000abcd00000000"));
    }

    private static byte[] fixLength(final byte[] m)
    {
        m[2] = (byte)(m.length >>> 8);
        m[3] = (byte)m.length;
        return m;
    }

    private static String error(final String hexMessage)
    {
        return assertThrows(OfpException.class, () -> OfDecoder.decode(hex(hexMessage), 4)).label();
    }

    @Provide
    Arbitrary<byte[]> messages()
    {
        final Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        final Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 215).list().ofMinSize(1).ofMaxSize(6)
            .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values ->
            {
                final byte[] m = hex(FLOW_MOD);
                for (int i = 0; i < positions.size(); i++)
                {
                    m[positions.get(i)] = values.get(i);
                }
                return m;
            }));
        return Arbitraries.oneOf(random, mutated);
    }

    @Property(tries = 3000)
    void decoderThrowsOnlyItsOwnErrorOnAnyInput(@ForAll("messages") final byte[] message)
    {
        try
        {
            OfDecoder.decode(message, 4);
        }
        catch (final OfpException ex)
        {
            // the only outcome allowed besides a message
            assertEquals(ex.label(), Ofp.errorName(ex.type(), ex.code()));
        }
    }
}
