package net.vswitch.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Writes the benchmark's frames: Ethernet + IPv4 + UDP, padded to the requested size. */
public final class BenchFrames
{
    public static final int MIN_FRAME = 60;
    public static final long SRC_MAC = 0x0200_0000_0001L;
    public static final long DST_MAC = 0x0200_0000_0002L;
    public static final int SRC_IP = (10 << 24) | (1 << 16) | 1;
    public static final int SRC_PORT = 1234;
    public static final int DST_PORT = 80;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private BenchFrames()
    {
    }

    /** Destination IPv4 of flow {@code f}: 10.0.(f/256).(f%256), as the demo generator uses. */
    public static int flowIp(final int flow)
    {
        return (10 << 24) | ((flow >>> 8) & 0xFF) << 8 | (flow & 0xFF);
    }

    /** The flow's destination as a dotted quad (for reservations). */
    public static String flowIpString(final int flow)
    {
        final int ip = flowIp(flow);
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /** A UDP frame {@code srcMac/SRC_IP:SRC_PORT -> dstMac/dstIp:DST_PORT} of {@code size} bytes at {@code at}. */
    public static void udp(final MemorySegment m, final long at, final int size, final long srcMac, final long dstMac,
        final int dstIp)
    {
        m.asSlice(at, size).fill((byte)0);
        mac(m, at, dstMac);
        mac(m, at + 6, srcMac);
        m.set(U16, at + 12, (short)0x0800);
        final long ip = at + 14;
        m.set(ValueLayout.JAVA_BYTE, ip, (byte)0x45);
        m.set(U16, ip + 2, (short)(size - 14));
        m.set(ValueLayout.JAVA_BYTE, ip + 8, (byte)64);
        m.set(ValueLayout.JAVA_BYTE, ip + 9, (byte)17);
        m.set(U32, ip + 12, SRC_IP);
        m.set(U32, ip + 16, dstIp);
        final long udp = ip + 20;
        m.set(U16, udp, (short)SRC_PORT);
        m.set(U16, udp + 2, (short)DST_PORT);
        m.set(U16, udp + 4, (short)(size - 34));
    }

    private static void mac(final MemorySegment m, final long at, final long mac)
    {
        m.set(U16, at, (short)(mac >>> 32));
        m.set(U32, at + 2, (int)mac);
    }
}
