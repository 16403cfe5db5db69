package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Packet#emit}: one packet, different bytes on different ports. */
class EmitTest
{
    /** Payload byte the tests rewrite between emits (after the id at 42..45). */
    private static final int MARK = 46;

    private final List<TestPort> ports = new ArrayList<>();
    private Switch sw;

    private void build(final int portCount, final SwitchLogic logic, final SwitchConfig config)
    {
        sw = new Switch("emit", logic, config);
        for (int i = 0; i < portCount; i++)
        {
            final TestPort port = new TestPort("p" + i);
            ports.add(port);
            sw.attach(port);
        }
    }

    private void build(final int portCount, final SwitchLogic logic)
    {
        build(portCount, logic, SwitchConfig.defaults());
    }

    @AfterEach
    void close()
    {
        if (sw != null)
        {
            sw.close();
        }
        ports.forEach(TestPort::close);
    }

    private static List<byte[]> frames(final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(Frames.withId(i, 60));
        }
        return frames;
    }

    private void assertAccounting()
    {
        for (final TestPort port : ports)
        {
            final PortCounters c = port.counters();
            assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.ingressDrops(), "invariant on " + port);
        }
        assertEquals(ports.stream().mapToLong(p -> p.counters().forwarded()).sum(),
            ports.stream().mapToLong(p -> p.counters().txPackets()).sum(), "forwarded == tx");
    }

    /** Inserts an 802.1Q tag with {@code vid} after the MACs: the frame grows by 4 bytes. */
    private static void pushVlan(final Packet p, final int vid)
    {
        final int length = p.length();
        final MemorySegment s = p.segment();
        MemorySegment.copy(s, p.offset() + 12, s, p.offset() + 16, length - 12);
        p.length(length + 4);
        p.u16(12, Packet.ETHERTYPE_VLAN).u16(14, vid);
        p.invalidateParse();
    }

    @Test
    void outputRewriteOutputSendsDifferentBytesToEachPort()
    {
        // output:1, mod_vlan_vid:5, output:2
        build(3, (p, in) ->
        {
            assertTrue(p.emit(1));
            pushVlan(p, 5);
            return 2;
        });
        final List<byte[]> sent = frames(3);
        ports.get(0).send(sent);
        final List<byte[]> one = ports.get(1).drain();
        final List<byte[]> two = ports.get(2).drain();
        assertEquals(3, one.size());
        assertEquals(3, two.size());
        for (int i = 0; i < 3; i++)
        {
            assertArrayEquals(sent.get(i), one.get(i), "port 1 gets the bytes as they were at the emit");
            assertEquals(64, two.get(i).length, "port 2 gets the tagged frame");
            assertEquals(Packet.ETHERTYPE_VLAN, ((two.get(i)[12] & 0xFF) << 8) | (two.get(i)[13] & 0xFF));
            assertEquals(5, two.get(i)[15]);
            assertEquals(Packet.ETHERTYPE_IPV4, ((two.get(i)[16] & 0xFF) << 8) | (two.get(i)[17] & 0xFF));
        }
        final PortCounters c = ports.get(0).counters();
        assertEquals(3, c.rxPackets());
        assertEquals(3, c.replicated(), "one copy beyond the first per packet");
        assertEquals(6, c.forwarded());
        assertEquals(3 * 60, ports.get(1).counters().txBytes());
        assertEquals(3 * 64, ports.get(2).counters().txBytes());
        assertEquals(3 * 60, c.rxBytes(), "rx counts the bytes received, not the rewritten length");
        assertAccounting();
    }

    @Test
    void perDestinationOrderFollowsTheBatchWithEmitsBeforeTheFinalCopy()
    {
        // packet i: emit to 1 (mark 1), emit to 2 (mark 2), then mark 3 and: even -> 1, odd -> BROADCAST
        build(3, (p, in) ->
        {
            p.u8(MARK, 1);
            p.emit(1);
            p.u8(MARK, 2);
            p.emit(2);
            p.u8(MARK, 3);
            return Frames.id(bytes(p)) % 2 == 0 ? 1 : SwitchLogic.BROADCAST;
        });
        ports.get(0).send(frames(6));
        final List<String> one = ids(ports.get(1).drain());
        final List<String> two = ids(ports.get(2).drain());
        assertEquals(List.of("0.1", "0.3", "1.1", "1.3", "2.1", "2.3", "3.1", "3.3", "4.1", "4.3", "5.1", "5.3"), one);
        assertEquals(List.of("0.2", "1.2", "1.3", "2.2", "3.2", "3.3", "4.2", "5.2", "5.3"), two);
        assertAccounting();
    }

    @Test
    void aBatchedLogicEmittingOutOfOrderStillDeliversInBatchOrder()
    {
        build(2, new SwitchLogic()
        {
            @Override
            public int lookup(final Packet packet, final int ingressPort)
            {
                return DROP;
            }

            @Override
            public boolean batched()
            {
                return true;
            }

            @Override
            public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
            {
                for (int i = batch.size() - 1; i >= 0; i--)
                {
                    batch.packet(i).u8(MARK, 1);
                    batch.packet(i).emit(1);
                    batch.packet(i).u8(MARK, 2);
                    destinations[i] = i % 3 == 0 ? 1 : DROP;
                }
            }
        });
        ports.get(0).send(frames(7));
        assertEquals(List.of("0.1", "0.2", "1.1", "2.1", "3.1", "3.2", "4.1", "5.1", "6.1", "6.2"),
            ids(ports.get(1).drain()));
        final PortCounters c = ports.get(0).counters();
        assertEquals(0, c.ingressDrops(), "a packet whose only delivery is an emitted copy is not a drop");
        assertEquals(3, c.replicated());
        assertAccounting();
    }

    @Test
    void aBatchedLogicThatGrowsFramesStillCountsTheBytesReceived()
    {
        build(3, new SwitchLogic()
        {
            @Override
            public int lookup(final Packet packet, final int ingressPort)
            {
                return DROP;
            }

            @Override
            public boolean batched()
            {
                return true;
            }

            @Override
            public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    batch.packet(i).emit(1);
                    pushVlan(batch.packet(i), 5);
                    destinations[i] = 2;
                }
            }
        });
        ports.get(0).send(frames(5));
        assertEquals(5 * 60, ports.get(0).counters().rxBytes());
        assertEquals(5 * 60, ports.get(1).counters().txBytes());
        assertEquals(5 * 64, ports.get(2).counters().txBytes());
        assertAccounting();
    }

    @Test
    void exhaustedScratchDropsTheCopyAndCountsIt()
    {
        // maxBatch 4: room for 4 x COPIES_PER_PACKET copies per batch
        final int room = 4 * EmitScratch.COPIES_PER_PACKET;
        final List<Boolean> answers = new ArrayList<>();
        build(2, (p, in) ->
        {
            answers.add(p.emit(1));
            return SwitchLogic.DROP;
        }, SwitchConfig.defaults().withMaxBatch(4));
        ports.get(0).send(frames(room + 3));
        assertEquals(room, ports.get(1).drain().size());
        final PortCounters c = ports.get(0).counters();
        assertEquals(3, c.drops(DropReason.NO_BUFFER));
        assertEquals(room, answers.stream().filter(b -> b).count());
        assertFalse(answers.get(room));
        assertAccounting();

        // the next batch has the whole scratch again
        answers.clear();
        ports.get(0).send(frames(2));
        assertEquals(List.of(true, true), answers);
        assertEquals(2, ports.get(1).drain().size());
        assertAccounting();
    }

    @Test
    void invalidEmitsAreCountedLikeInvalidOutputs()
    {
        final List<Boolean> answers = new ArrayList<>();
        build(3, (p, in) ->
        {
            answers.add(p.emit(7));
            answers.add(p.emit(in));
            answers.add(p.emit(SwitchLogic.hairpin(in)));
            answers.add(p.emit(-5));
            return 2;
        });
        ports.get(0).send(frames(1));
        assertEquals(List.of(false, false, true, false), answers);
        assertEquals(1, ports.get(0).drain().size(), "the hairpin copy came back");
        assertEquals(1, ports.get(2).drain().size());
        final PortCounters c = ports.get(0).counters();
        assertEquals(2, c.drops(DropReason.BAD_PORT));
        assertEquals(1, c.drops(DropReason.HAIRPIN));
        assertEquals(4, c.replicated());
        assertAccounting();
    }

    @Test
    void aLookupThatThrowsAfterEmittingWithdrawsItsCopies()
    {
        build(3, (p, in) ->
        {
            p.emit(1);
            p.emit(2);
            if (Frames.id(bytes(p)) == 1)
            {
                throw new IllegalStateException("thrown on purpose");
            }
            return SwitchLogic.DROP;
        });
        ports.get(0).send(frames(3));
        assertEquals(List.of("0.0", "2.0"), ids(ports.get(1).drain()));
        assertEquals(List.of("0.0", "2.0"), ids(ports.get(2).drain()));
        final PortCounters c = ports.get(0).counters();
        assertEquals(3, c.drops(DropReason.LOGIC_ERROR), "two withdrawn copies and the packet itself");
        assertEquals(1, sw.logicErrors());
        assertAccounting();
    }

    @Test
    void aFailingBatchDropsEveryPacketOnceAndDeliversNothing()
    {
        // the logic rewrites and routes half the batch, then throws: nothing it decided may leave
        build(3, new SwitchLogic()
        {
            @Override
            public int lookup(final Packet packet, final int ingressPort)
            {
                throw new AssertionError("a failed batch is not decided again");
            }

            @Override
            public boolean batched()
            {
                return true;
            }

            @Override
            public void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
            {
                for (int i = 0; i < batch.size() / 2; i++)
                {
                    batch.packet(i).u8(MARK, 9);
                    batch.packet(i).emit(2);
                    batch.packet(i).addOutput(1).addOutput(2);
                    destinations[i] = MULTIPLE;
                }
                throw new IllegalStateException("thrown on purpose");
            }
        });
        ports.get(0).send(frames(8));
        assertEquals(List.of(), ports.get(1).drain());
        assertEquals(List.of(), ports.get(2).drain());
        final PortCounters c = ports.get(0).counters();
        assertEquals(8 + 4, c.drops(DropReason.LOGIC_ERROR), "every packet and every withdrawn copy");
        assertEquals(1, sw.logicErrors());
        assertAccounting();
    }

    @Test
    void emitOutsideALookupIsRefused()
    {
        final Packet standalone = new Packet().wrap(MemorySegment.ofArray(new byte[64]), 0, 60, 64, 0);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> standalone.emit(1));
        assertEquals("emit outside a lookup: the packet is not in a batch being forwarded", ex.getMessage());
        final PacketBatch batch = new PacketBatch(1);
        batch.add(MemorySegment.ofArray(new byte[64]), 0, 60, 64, 0);
        assertThrows(IllegalStateException.class, () -> batch.packet(0).emit(1));
    }

    @Test
    void lengthKeepsAnEthernetHeaderAndStaysWithinCapacity()
    {
        final Packet p = new Packet().wrap(MemorySegment.ofArray(new byte[64]), 0, 60, 64, 0);
        assertEquals("length 13 outside 14..64",
            assertThrows(IllegalArgumentException.class, () -> p.length(13)).getMessage());
        assertEquals("length 65 outside 14..64",
            assertThrows(IllegalArgumentException.class, () -> p.length(65)).getMessage());
        assertEquals(64, p.length(64).length());
    }

    private static List<String> ids(final List<byte[]> frames)
    {
        return frames.stream().map(f -> Frames.id(f) + "." + f[MARK]).toList();
    }

    static byte[] bytes(final Packet p)
    {
        final byte[] b = new byte[p.length()];
        MemorySegment.copy(p.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, p.offset(), b, 0, b.length);
        return b;
    }
}
