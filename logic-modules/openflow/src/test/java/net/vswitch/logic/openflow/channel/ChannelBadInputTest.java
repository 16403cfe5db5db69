package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad peers get the spec's error or a clean disconnect, are counted, and other connections keep working. */
class ChannelBadInputTest
{
    private static final byte[] HELLO = CodecTest.hex("04000010000000010001000800000010");
    private OpenFlowLogic logic;
    private OpenFlowChannel channel;
    private Switch sw;
    private int port;

    @BeforeEach
    void start() throws Exception
    {
        port = OvsOfctlTest.freePort();
        logic = new OpenFlowLogic();
        channel = new OpenFlowChannel(logic, new OpenFlowChannel.Config(List.of(ChannelTarget.parse("ptcp:" + port)),
            0xABCDL, 200, 50, 200));
        logic.attach(channel);
        sw = new Switch("sw0", logic);
    }

    @AfterEach
    void stop()
    {
        sw.close();
    }

    private static int errorType(final byte[] m)
    {
        return (m[8] & 0xFF) << 8 | m[9] & 0xFF;
    }

    private static int errorCode(final byte[] m)
    {
        return (m[10] & 0xFF) << 8 | m[11] & 0xFF;
    }

    private RawPeer connected() throws Exception
    {
        final RawPeer p = new RawPeer(port);
        p.send(HELLO);
        assertEquals(Ofp.HELLO, p.read()[1]);
        return p;
    }

    private void assertStillServes() throws Exception
    {
        try (RawPeer good = connected())
        {
            good.send(CodecTest.hex("0405000800000042"));
            final byte[] features = good.readType(Ofp.FEATURES_REPLY);
            assertNotNull(features);
            assertEquals(0xABCDL, java.nio.ByteBuffer.wrap(features, 8, 8).getLong());
        }
    }

    @Test
    void shouldAnswerBadMessagesWithTheSpecsErrorAndKeepTheConnection() throws Exception
    {
        try (RawPeer p = connected())
        {
            p.send(CodecTest.hex("04ee000800000001"));
            final byte[] e1 = p.readType(Ofp.ERROR);
            assertEquals(Ofp.ET_BAD_REQUEST, errorType(e1));
            assertEquals(Ofp.BRC_BAD_TYPE, errorCode(e1));
            final byte[] flowMod = CodecTest.hex(CodecTest.FLOW_MOD);
            flowMod[62] = 0x7E;
            p.send(flowMod);
            final byte[] e2 = p.readType(Ofp.ERROR);
            assertEquals(Ofp.ET_BAD_MATCH, errorType(e2));
            assertEquals(Ofp.BMC_BAD_FIELD, errorCode(e2));
            p.send(CodecTest.hex("050200080000000a"));
            assertEquals(Ofp.BRC_BAD_VERSION, errorCode(p.readType(Ofp.ERROR)));
            p.send(CodecTest.hex("0402000c00000009cafe0000".substring(0, 24)));
            final byte[] echo = p.readType(Ofp.ECHO_REPLY);
            assertEquals("cafe0000", HexFormat.of().formatHex(echo, 8, 12));
        }
        final Map<String, Long> c = logic.counters();
        assertEquals(3L, c.get("channel_errors_sent"));
        assertEquals(1L, c.get("channel_error_BAD_MATCH/6"));
        assertStillServes();
    }

    @Test
    void shouldDisconnectOnLostFramingAndOnlyOpenFlow13Peers() throws Exception
    {
        try (RawPeer p = connected())
        {
            p.send(CodecTest.hex("0402000400000001"));
            final byte[] e = p.readType(Ofp.ERROR);
            assertEquals(Ofp.BRC_BAD_LEN, errorCode(e));
            assertTrue(p.closedBySwitch());
        }
        try (RawPeer p = new RawPeer(port))
        {
            // a peer that speaks OpenFlow 1.5 only
            p.send(CodecTest.hex("06000010000000010001000800000040"));
            final byte[] e = p.readType(Ofp.ERROR);
            assertEquals(Ofp.ET_HELLO_FAILED, errorType(e));
            assertTrue(p.closedBySwitch());
        }
        assertEquals(1L, logic.counters().get("channel_bad_framing"));
        assertStillServes();
    }

    @Test
    void shouldProbeAndDropAPeerThatStallsInsideAMessage() throws Exception
    {
        try (RawPeer p = connected())
        {
            p.send(CodecTest.hex("040e00d8000000"));
            assertNotNull(p.readType(Ofp.ECHO_REQUEST), "an idle peer is probed");
            assertTrue(p.closedBySwitch(), "a silent peer is dead after three echo intervals");
        }
        assertEquals(1L, logic.counters().get("channel_dead_peers"));
        assertStillServes();
    }

    @Test
    void shouldDisconnectAPeerThatNeverReadsItsReplies() throws Exception
    {
        try (RawPeer p = connected())
        {
            final byte[] echo = new byte[60_000];
            echo[0] = 4;
            echo[1] = Ofp.ECHO_REQUEST;
            echo[2] = (byte)(echo.length >>> 8);
            echo[3] = (byte)echo.length;
            final long deadline = System.nanoTime() + 60_000_000_000L;
            try
            {
                while (logic.counters().get("channel_slow_peers") == 0 && System.nanoTime() < deadline)
                {
                    p.send(echo);
                }
            }
            catch (final java.io.IOException ex)
            {
                // the switch closed the connection under us: what this test wants
            }
        }
        assertEquals(1L, logic.counters().get("channel_slow_peers"));
        assertStillServes();
    }
}
