package net.vswitch.ports.pcap;

import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.ports.pcap.PcapFiles.Frame;

import static org.junit.jupiter.api.Assertions.*;

class PcapReaderProperties
{
    @Property(tries = 60)
    void readsBackEveryRecordInOrder(@ForAll("lengths") final List<Integer> lengths, @ForAll final boolean bigEndian,
        @ForAll final boolean nanos, @ForAll @IntRange(min = 1, max = 300) final int batchSize) throws Exception
    {
        final List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++)
        {
            frames.add(new Frame(PcapFiles.frame(lengths.get(i), i)));
        }
        final Path file = Files.createTempFile("vsp-prop", ".pcap");
        try (Arena arena = Arena.ofConfined())
        {
            Files.write(file, PcapFiles.bytes(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, nanos,
                0, 1, frames));
            try (PcapReader reader = new PcapReader(file, arena))
            {
                for (int pass = 0; pass < 2; pass++)
                {
                    assertEquals(frames, readAll(reader, batchSize));
                    assertEquals(PcapReader.State.END, reader.state());
                    reader.rewind();
                }
            }
        }
        finally
        {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<List<Integer>> lengths()
    {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 1600)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1600, 70_000)))
            .list().ofMaxSize(200);
    }

    /** Whatever the bytes, the reader either refuses the header or ends the pass; it never throws later. */
    @Property(tries = 300)
    void garbageNeverEscapesAsAnException(@ForAll @Size(max = 400) final List<Byte> tail,
        @ForAll final boolean validHeader) throws Exception
    {
        final byte[] header = PcapFiles.bytes(ByteOrder.LITTLE_ENDIAN, false, 65535, 1, List.of());
        final byte[] bytes = new byte[(validHeader ? header.length : 0) + tail.size()];
        if (validHeader)
        {
            System.arraycopy(header, 0, bytes, 0, header.length);
        }
        for (int i = 0; i < tail.size(); i++)
        {
            bytes[bytes.length - tail.size() + i] = tail.get(i);
        }
        final Path file = Files.createTempFile("vsp-fuzz", ".pcap");
        try (Arena arena = Arena.ofConfined())
        {
            Files.write(file, bytes);
            final PcapReader reader;
            try
            {
                reader = new PcapReader(file, arena);
            }
            catch (final PcapFormatException expected)
            {
                return;
            }
            try (reader)
            {
                readAll(reader, 32);
                assertNotEquals(PcapReader.State.READING, reader.state());
                assertEquals(reader.state() == PcapReader.State.FAILED, reader.failure() != null);
            }
        }
        finally
        {
            Files.delete(file);
        }
    }

    private static List<Frame> readAll(final PcapReader reader, final int batchSize)
    {
        final PacketBatch batch = new PacketBatch(batchSize);
        final List<Frame> frames = new ArrayList<>();
        while (reader.state() == PcapReader.State.READING)
        {
            final int n = reader.next(batch.clear(), batchSize, 0);
            for (int i = 0; i < n; i++)
            {
                final Packet packet = batch.packet(i);
                final byte[] data = new byte[packet.length()];
                java.lang.foreign.MemorySegment.copy(packet.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE,
                    packet.offset(), data, 0, data.length);
                frames.add(new Frame(data));
            }
        }
        return frames;
    }
}
