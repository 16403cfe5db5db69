package net.vswitch.logic.bridge;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LearningBridgeTest
{
    private static final long A = 0x0200_0000_000AL;
    private static final long B = 0x0200_0000_000BL;
    private static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final MemorySegment memory = Arena.ofAuto().allocate(256);
    private final Packet packet = new Packet();
    private LearningBridge bridge;

    private LearningBridge start(final LearningBridge b)
    {
        b.start(new LogicContext()
        {
            public String switchName()
            {
                return "t";
            }

            public String[] portNames()
            {
                return new String[] {"p0", "p1", "p2", "p3"};
            }

            public Clock clock()
            {
                return now::get;
            }
        });
        return b;
    }

    @BeforeEach
    void setUp()
    {
        bridge = start(new LearningBridge(300, 8));
    }

    private int frame(final long dst, final long src, final int vlan, final int in)
    {
        final ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort((short)(dst >>> 32)).putInt((int)dst).putShort((short)(src >>> 32)).putInt((int)src);
        if (vlan >= 0)
        {
            b.putShort((short)0x8100).putShort((short)vlan);
        }
        b.putShort((short)0x0800);
        MemorySegment.copy(b.array(), 0, memory, ValueLayout.JAVA_BYTE, 0, 64);
        return bridge.lookup(packet.wrap(memory, 0, 64, 256, in), in);
    }

    @Test
    void shouldFloodUnknownThenForwardLearnt()
    {
        assertEquals(SwitchLogic.BROADCAST, frame(B, A, -1, 0), "B unknown: flood");
        assertEquals(0, frame(A, B, -1, 1), "A learnt on port 0");
        assertEquals(1, frame(B, A, -1, 0), "B learnt on port 1");
        assertEquals(SwitchLogic.BROADCAST, frame(BROADCAST_MAC, A, -1, 0));
        assertEquals(SwitchLogic.BROADCAST, frame(0x0100_5E00_0001L, A, -1, 0), "multicast floods");
        assertEquals(2, bridge.size());
    }

    @Test
    void shouldFollowAMacThatMoves()
    {
        frame(B, A, -1, 0);
        assertEquals(0, frame(A, B, -1, 1));
        frame(B, A, -1, 2);
        assertEquals(2, frame(A, B, -1, 1));
    }

    @Test
    void shouldAgeEntriesOut()
    {
        frame(B, A, -1, 0);
        now.addAndGet(299_000_000_000L);
        assertEquals(0, frame(A, B, -1, 1), "still fresh at 299 s");
        now.addAndGet(2_000_000_000L);
        assertEquals(SwitchLogic.BROADCAST, frame(A, B, -1, 1), "aged out after 300 s");
        assertEquals(1, bridge.expire(), "sweep removes A; B is fresh");
        assertEquals(1, bridge.entries().size());
    }

    @Test
    void shouldKeepVlansApart()
    {
        frame(B, A, 10, 0);
        assertEquals(0, frame(A, B, 10, 1));
        assertEquals(SwitchLogic.BROADCAST, frame(A, B, 20, 1), "A unknown on VLAN 20");
        assertEquals(SwitchLogic.BROADCAST, frame(A, B, -1, 1), "A unknown untagged");
        assertTrue(bridge.entries().stream().anyMatch(e -> e.vlan() == 10 && e.mac() == A && e.port() == 0));
    }

    @Test
    void shouldRefuseAndCountWhenTheTableIsFull()
    {
        for (int i = 0; i < 8; i++)
        {
            frame(BROADCAST_MAC, 0x0200_0000_1000L + i, -1, 1);
        }
        assertEquals(0, bridge.learnRefused());
        assertEquals(SwitchLogic.BROADCAST, frame(BROADCAST_MAC, A, -1, 0));
        assertEquals(1, bridge.learnRefused());
        assertEquals(SwitchLogic.BROADCAST, frame(A, B, -1, 2), "A was not learnt");
        now.addAndGet(301_000_000_000L);
        frame(BROADCAST_MAC, A, -1, 0);
        assertEquals(0, frame(A, B, -1, 2), "aged entries make room");
    }

    @Test
    void shouldForgetAPortThatLeaves()
    {
        frame(B, A, -1, 3);
        bridge.portDetached(3);
        assertEquals(SwitchLogic.BROADCAST, frame(A, B, -1, 1));
    }

    @Test
    void shouldNotLearnGroupSourceAddresses()
    {
        frame(B, 0x0100_0000_0001L, -1, 0);
        assertEquals(0, bridge.size());
    }

    @Test
    void shouldRejectBadSettings()
    {
        assertEquals("aging must be >= 1 second: 0",
            assertThrows(IllegalArgumentException.class, () -> new LearningBridge(0, 10)).getMessage());
        assertEquals("MAC table limit must be in 1..16777216: 0",
            assertThrows(IllegalArgumentException.class, () -> new LearningBridge(10, 0)).getMessage());
    }

    @Test
    void shouldSeeWhatAnEarlierFrameOfTheSameBatchTaught()
    {
        final net.vswitch.fabric.PacketBatch batch = new net.vswitch.fabric.PacketBatch(4);
        final long[][] frames = {{B, A}, {A, B}, {B, A}, {0x0200_0000_00CCL, A}};
        for (int i = 0; i < frames.length; i++)
        {
            final ByteBuffer b = ByteBuffer.allocate(64);
            b.putShort((short)(frames[i][0] >>> 32)).putInt((int)frames[i][0]);
            b.putShort((short)(frames[i][1] >>> 32)).putInt((int)frames[i][1]).putShort((short)0x0800);
            MemorySegment.copy(b.array(), 0, memory, ValueLayout.JAVA_BYTE, 0, 64);
            final MemorySegment frame = Arena.ofAuto().allocate(64);
            MemorySegment.copy(memory, 0, frame, 0, 64);
            batch.add(frame, 0, 64, 64, i == 1 ? 1 : 0);
        }
        final int[] out = new int[4];
        bridge.lookupBatch(batch, 0, out);
        assertEquals(SwitchLogic.BROADCAST, out[0], "B unknown yet");
        assertEquals(0, out[1], "A was learnt by frame 0");
        assertEquals(0, out[2], "frame 1 taught B at port 0 (its ingress, as the batch says): hairpin for the fabric");
        assertEquals(SwitchLogic.BROADCAST, out[3]);
    }
}
