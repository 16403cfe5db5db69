package net.vswitch.ports.dpdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Classic pcap files (Ethernet link type), written and read in plain Java for the tests. */
final class PcapFiles
{
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    private PcapFiles()
    {
    }

    static void write(final Path file, final List<byte[]> frames) throws IOException
    {
        int size = 24;
        for (final byte[] frame : frames)
        {
            size += 16 + frame.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int second = 1;
        for (final byte[] frame : frames)
        {
            out.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        Files.write(file, out.array());
    }

    static List<byte[]> read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = in.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS)
        {
            in.order(ByteOrder.BIG_ENDIAN);
            final int swapped = in.getInt(0);
            if (swapped != MAGIC_MICROS && swapped != MAGIC_NANOS)
            {
                throw new IOException(file + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
            }
        }
        in.position(24);
        final List<byte[]> frames = new ArrayList<>();
        while (in.remaining() >= 16)
        {
            in.getInt();
            in.getInt();
            final int captured = in.getInt();
            in.getInt();
            final byte[] frame = new byte[captured];
            in.get(frame);
            frames.add(frame);
        }
        return frames;
    }

    /** Frames as strings, for assertion messages that show what differs. */
    static List<String> hex(final List<byte[]> frames)
    {
        final List<String> text = new ArrayList<>();
        for (final byte[] frame : frames)
        {
            text.add(frame.length + ":" + Arrays.hashCode(frame) + ":" + java.util.HexFormat.of().formatHex(frame, 0,
                Math.min(frame.length, 20)));
        }
        return text;
    }
}
