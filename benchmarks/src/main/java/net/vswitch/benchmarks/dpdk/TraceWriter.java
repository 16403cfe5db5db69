package net.vswitch.benchmarks.dpdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark trace as a classic pcap file: {@code flows} IPv4/UDP frames of {@code size}
 * bytes (without FCS: 60 B here is a 64 B frame on the wire), flow f from 10.1.0.1:(1024+f) to
 * 10.0.(f/256).(f%256):5000, sent to the MAC of sink {@code f % sinks}.
 */
public final class TraceWriter
{
    static final long HOST_MAC = 0x02_00_00_00_01_00L;

    private TraceWriter()
    {
    }

    /** The MAC address of sink {@code k} (0-based). */
    public static long sinkMac(final int k)
    {
        return 0x02_00_00_00_02_00L + k;
    }

    public static void write(final Path file, final int flows, final int size, final int sinks) throws IOException
    {
        final ByteBuffer out = ByteBuffer.allocate(24 + flows * (16 + size)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int f = 0; f < flows; f++)
        {
            out.putInt(0).putInt(f).putInt(size).putInt(size);
            out.put(frame(f, size, sinks));
        }
        Files.write(file, out.array());
    }

    static byte[] frame(final int flow, final int size, final int sinks)
    {
        final ByteBuffer f = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        putMac(f, sinkMac(flow % sinks));
        putMac(f, HOST_MAC);
        f.putShort((short)0x0800);
        final int ipLength = size - 14;
        f.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)flow).putShort((short)0)
            .put((byte)64).put((byte)17).putShort((short)0);
        f.putInt(0x0A01_0001).putInt(0x0A00_0000 | flow);
        f.putShort((short)(1024 + flow)).putShort((short)5000).putShort((short)(ipLength - 20)).putShort((short)0);
        final byte[] bytes = f.array();
        long sum = 0;
        for (int i = 14; i < 34; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int checksum = (int)~sum & 0xFFFF;
        bytes[24] = (byte)(checksum >>> 8);
        bytes[25] = (byte)checksum;
        return bytes;
    }

    /** A frame from sink {@code k}'s MAC, to teach a learning bridge where that MAC lives. */
    static byte[] announce(final int k)
    {
        final byte[] frame = new byte[60];
        final ByteBuffer f = ByteBuffer.wrap(frame);
        putMac(f, 0xFFFF_FFFF_FFFFL);
        putMac(f, sinkMac(k));
        f.putShort((short)0x88B5);
        return frame;
    }

    private static void putMac(final ByteBuffer f, final long mac)
    {
        f.putShort((short)(mac >>> 32)).putInt((int)mac);
    }
}
