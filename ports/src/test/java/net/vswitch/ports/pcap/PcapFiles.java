package net.vswitch.ports.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.vswitch.testsupport.ChildProcess;

/** Writes and reads pcap files independently of the code under test (heap buffers, spelled-out fields). */
final class PcapFiles
{
    record Frame(byte[] data, int origLen)
    {
        Frame(final byte[] data)
        {
            this(data, data.length);
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Frame f && f.origLen == origLen && Arrays.equals(f.data, data);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(data) * 31 + origLen;
        }

        @Override
        public String toString()
        {
            return "Frame{" + data.length + "/" + origLen + "}";
        }
    }

    private PcapFiles()
    {
    }

    static byte[] bytes(final ByteOrder order, final boolean nanos, final int snaplen, final int linktype,
        final List<Frame> frames)
    {
        int size = 24;
        for (final Frame frame : frames)
        {
            size += 16 + frame.data.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size).order(order);
        out.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snaplen).putInt(linktype);
        int i = 0;
        for (final Frame frame : frames)
        {
            out.putInt(1_700_000_000 + i).putInt(i * 7).putInt(frame.data.length).putInt(frame.origLen);
            out.put(frame.data);
            i++;
        }
        return out.array();
    }

    static Path write(final Path file, final ByteOrder order, final boolean nanos, final List<Frame> frames)
        throws IOException
    {
        return Files.write(file, bytes(order, nanos, 65535, 1, frames));
    }

    /** Every record's stored bytes and original length. */
    static List<Frame> read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        final int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        in.position(24);
        final List<Frame> frames = new ArrayList<>();
        while (in.remaining() >= 16)
        {
            in.getInt();
            in.getInt();
            final int incl = in.getInt();
            final int orig = in.getInt();
            final byte[] data = new byte[incl];
            in.get(data);
            frames.add(new Frame(data, orig));
        }
        if (in.hasRemaining())
        {
            throw new IOException(file + " has " + in.remaining() + " trailing bytes");
        }
        return frames;
    }

    /** A frame of {@code length} bytes: broadcast MACs, then a pattern derived from {@code seed}. */
    static byte[] frame(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed * 31 + i * 7);
        }
        if (length >= 14)
        {
            Arrays.fill(data, 0, 6, (byte)0x02);
            data[12] = (byte)0x88;
            data[13] = (byte)0xb5;
        }
        return data;
    }

    static List<Frame> frames(final int count)
    {
        final List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(new Frame(frame(60 + (i * 37) % 1455, i)));
        }
        return frames;
    }

    /**
     * Lengths of the frames tshark reads from {@code file}; fails when tshark exits non-zero or says
     * anything on standard error (e.g. "appears to be damaged or corrupt").
     */
    static List<Integer> tsharkLengths(final Path file)
    {
        final ChildProcess.Result result;
        final Path errors = file.resolveSibling(file.getFileName() + ".tshark-errors");
        try (ChildProcess tshark = ChildProcess.start(new ProcessBuilder("tshark", "-r", file.toString(), "-T",
            "fields", "-e", "frame.cap_len").redirectError(errors.toFile())))
        {
            result = tshark.await(Duration.ofMinutes(2));
        }
        // as root, tshark warns that it runs as root: not a complaint about the file
        final String complaints = readQuietly(errors).lines().filter(l -> !l.startsWith("Running as user"))
            .reduce("", (a, l) -> a + l + "\n");
        if (result.exitCode() != 0 || !complaints.isBlank())
        {
            throw new AssertionError("tshark -r " + file + " exited " + result.exitCode() + ": " + complaints);
        }
        final List<Integer> lengths = new ArrayList<>();
        for (final String line : result.lines())
        {
            if (!line.isBlank())
            {
                lengths.add(Integer.parseInt(line.trim()));
            }
        }
        return lengths;
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex.getMessage() + ")";
        }
    }
}
