package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One offloaded frame from port 0 to a port that accepts offloads and one that does not: the first
 * gets it whole with its word, the second wire-sized segments (or a completed checksum); the books
 * count the frame once in and its segments one by one out.
 */
class OffloadDeliveryTest
{
    private static final int MSS = 1448;

    /** Records what the fabric delivers; {@code accepts} says whether it takes offloaded frames. */
    private static final class RecordingPort extends Port
    {
        private final Arena arena = Arena.ofShared();
        private final Ring ring;
        private final OutputRing output;
        private final boolean accepts;

        RecordingPort(final String name, final int bufferSize, final boolean accepts)
        {
            super(name);
            this.ring = Ring.allocate(arena, 64, bufferSize);
            this.output = new OutputRing(ring, counters());
            this.accepts = accepts;
        }

        @Override
        public OutputRing output()
        {
            return output;
        }

        @Override
        public boolean acceptsOffloads()
        {
            return accepts;
        }

        int forward(final PacketBatch batch)
        {
            return ingress().forward(batch);
        }

        @Override
        public void close()
        {
            arena.close();
        }
    }

    private Switch sw;
    private RecordingPort source;
    private RecordingPort whole;
    private RecordingPort plain;

    @BeforeEach
    void setUp()
    {
        sw = new Switch("offload", (packet, ingressPort) ->
        {
            if (ingressPort != 0)
            {
                return SwitchLogic.DROP;
            }
            packet.addOutput(1).addOutput(2);
            return SwitchLogic.MULTIPLE;
        });
        source = new RecordingPort("source", 2048, false);
        whole = new RecordingPort("whole", RingDescriptor.MAX_BUFFER_SIZE, true);
        plain = new RecordingPort("plain", 2048, false);
        sw.attach(source);
        sw.attach(whole);
        sw.attach(plain);
    }

    @AfterEach
    void tearDown()
    {
        sw.close();
        source.close();
        whole.close();
        plain.close();
    }

    private int send(final byte[] frame, final int word)
    {
        final MemorySegment memory = Arena.ofAuto().allocate(RingDescriptor.MAX_BUFFER_SIZE);
        MemorySegment.copy(frame, 0, memory, ValueLayout.JAVA_BYTE, 0, frame.length);
        final PacketBatch batch = new PacketBatch(1);
        batch.add(memory, 0, frame.length, RingDescriptor.MAX_BUFFER_SIZE, source.index()).offload(word);
        return source.forward(batch);
    }

    @Test
    void shouldPassGsoFrameWholeToOnePortAndSegmentedToTheOther()
    {
        final byte[] frame = GsoFrames.frame(4, Packet.IPPROTO_TCP, 10 * MSS - 100, 0x18, 7);
        final int word = Offload.of(true, 34, Offload.TCP_CSUM_OFFSET, false, Offload.GSO_TCPV4, false, MSS);
        assertEquals(2, send(frame, word), "copies delivered");

        final Ring w = whole.output().ring();
        assertEquals(1, w.tail() - w.head(), "one slot toward the port that accepts offloads");
        assertEquals(frame.length, w.slotLength(w.head()));
        assertEquals(word, w.slotFlags(w.head()), "the frame's Offload word rides in the slot");
        final byte[] got = new byte[frame.length];
        MemorySegment.copy(w.memory(), ValueLayout.JAVA_BYTE, w.bufferOffset(w.head()), got, 0, got.length);
        assertArrayEquals(frame, got);

        final Ring p = plain.output().ring();
        assertEquals(10, p.tail() - p.head(), "ten segments toward the port that cannot take the frame");
        int payload = 0;
        for (long at = p.head(); at != p.tail(); at++)
        {
            final int length = p.slotLength(at);
            assertTrue(length <= 14 + 20 + 32 + MSS, "segment of " + length);
            assertEquals(0, p.slotFlags(at), "a segment is an ordinary frame");
            final long l4 = p.bufferOffset(at) + 34;
            final long pseudo = ChecksumOffload.sum(p.memory(), p.bufferOffset(at) + 14 + 12, 8, 0)
                + Packet.IPPROTO_TCP + (length - 34);
            assertTrue(ChecksumOffload.verifies(p.memory(), l4, length - 34, pseudo), "TCP checksum");
            payload += length - 34 - 32;
        }
        assertEquals(frame.length - 34 - 32, payload);

        final PortCounters in = source.counters();
        assertEquals(1, in.rxPackets(), "one frame in");
        assertEquals(2, in.forwarded());
        assertEquals(1, in.replicated());
        assertEquals(in.rxPackets() + in.replicated(), in.forwarded() + in.ingressDrops());
        assertEquals(1, whole.counters().txPackets());
        assertEquals(10, plain.counters().txPackets(), "N segments out");
    }

    @Test
    void shouldCompletePartialChecksumOnlyForThePortThatCannotTakeIt()
    {
        final byte[] frame = GsoFrames.frame(6, Packet.IPPROTO_UDP, 700, 0, 3);
        final int word = Offload.of(true, 54, Offload.UDP_CSUM_OFFSET, false, Offload.GSO_NONE, false, 0);
        send(frame, word);

        final Ring w = whole.output().ring();
        assertEquals(word, w.slotFlags(w.head()));
        final byte[] passed = new byte[frame.length];
        MemorySegment.copy(w.memory(), ValueLayout.JAVA_BYTE, w.bufferOffset(w.head()), passed, 0, passed.length);
        assertArrayEquals(frame, passed, "left partial for the device");

        final Ring p = plain.output().ring();
        assertEquals(1, p.tail() - p.head());
        final byte[] completed = new byte[frame.length];
        MemorySegment.copy(p.memory(), ValueLayout.JAVA_BYTE, p.bufferOffset(p.head()), completed, 0, frame.length);
        assertTrue(ChecksumOffload.verifies(MemorySegment.ofArray(completed), 54, frame.length - 54,
            GsoFrames.pseudoSum(completed, 6, Packet.IPPROTO_UDP, frame.length - 54)), "completed UDP checksum");
        assertEquals(Arrays.toString(Arrays.copyOf(frame, 54)), Arrays.toString(Arrays.copyOf(completed, 54)),
            "headers untouched");
    }

    @Test
    void shouldDropMalformedGsoFrameTowardThePortThatMustCutIt()
    {
        final byte[] frame = GsoFrames.frame(4, Packet.IPPROTO_UDP, 3000, 0, 5);
        final int word = Offload.of(true, 34, Offload.TCP_CSUM_OFFSET, false, Offload.GSO_TCPV4, false, MSS);
        send(frame, word);
        assertEquals(1, source.counters().drops(DropReason.MALFORMED), "a UDP frame claiming TCP GSO");
        assertEquals(1, whole.counters().txPackets(), "the port that takes it as is still gets it");
        final PortCounters in = source.counters();
        assertEquals(in.rxPackets() + in.replicated(), in.forwarded() + in.ingressDrops());
    }
}
