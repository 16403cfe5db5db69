package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;

/**
 * Packet-in round trip with a controller on loopback: a frame enters port 1, misses into table-miss CONTROLLER,
 * the controller answers each packet-in with a packet-out to port 2, and the frame arrives there. Prints p50/p99.
 */
class PacketInRoundTripTest
{
    static final int ROUNDS = Integer.getInteger("rtt.rounds", 2_000);

    @Test
    void shouldCarryPacketInsToTheControllerAndItsPacketOutsBack() throws Exception
    {
        final int port = OvsOfctlTest.freePort();
        final OpenFlowLogic logic = new OpenFlowLogic();
        logic.attach(new OpenFlowChannel(logic,
            OpenFlowChannel.Config.of(List.of(ChannelTarget.parse("ptcp:" + port)))));
        final VirtualPortConfig config = new VirtualPortConfig(64, 16, 2048, false);
        try (VirtualPort p1 = new VirtualPort("p1", config); VirtualPort p2 = new VirtualPort("p2", config);
            Switch sw = new Switch("sw0", logic); RawPeer controller = new RawPeer(port))
        {
            sw.attach(p1);
            sw.attach(p2);
            controller.send(CodecTest.hex("04000010000000010001000800000010")).read();
            // table-miss entry: priority 0, match all, apply CONTROLLER max_len 65535; then a barrier
            controller.send(CodecTest.hex("040e005000000002" + "0000000000000000" + "0000000000000000"
                + "0000000000000000" + "ffffffff" + "ffffffff" + "ffffffff" + "00000000" + "0001000400000000"
                + "0004001800000000" + "00000010fffffffdffff000000000000" + "0414000800000003"));
            assertNotNull(controller.readType(Ofp.BARRIER_REPLY));
            final long[] rtt = new long[ROUNDS];
            final byte[] frame = OvsOfctlTest.udp(7);
            for (int i = 0; i < ROUNDS; i++)
            {
                final long start = System.nanoTime();
                assertEquals(0, p1.send(frame));
                final byte[] pin = controller.readType(Ofp.PACKET_IN);
                assertNotNull(pin);
                final int matchLen = (pin[26] & 0xFF) << 8 | pin[27] & 0xFF;
                final int dataAt = 24 + (matchLen + 7) / 8 * 8 + 2;
                final byte[] data = Arrays.copyOfRange(pin, dataAt, pin.length);
                assertEquals(60, data.length);
                final String out = "040d" + String.format("%04x", 40 + data.length) + "00000004" + "ffffffff"
                    + "00000001" + "0010000000000000" + "00000010000000020000000000000000"
                    + HexFormat.of().formatHex(data);
                controller.send(CodecTest.hex(out));
                int got = 0;
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (got == 0 && System.nanoTime() < deadline)
                {
                    got = p2.poll((final MemorySegment m, final long o, final int l) -> { }, 16);
                    if (got == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                assertTrue(got > 0, "packet-out " + i + " never arrived on port 2");
                rtt[i] = System.nanoTime() - start;
            }
            Arrays.sort(rtt);
            System.out.printf("packet-in round trip over %d rounds: p50 %.1f us, p99 %.1f us, max %.1f us%n", ROUNDS,
                rtt[ROUNDS / 2] / 1e3, rtt[ROUNDS * 99 / 100] / 1e3, rtt[ROUNDS - 1] / 1e3);
            assertEquals(ROUNDS, logic.counters().get("channel_packet_ins_sent"));
        }
    }
}
