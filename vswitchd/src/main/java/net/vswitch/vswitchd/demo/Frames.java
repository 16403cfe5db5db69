package net.vswitch.vswitchd.demo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Builds the demo generator's Ethernet/IPv4/UDP frames in place. */
final class Frames
{
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Frames()
    {
    }

    /** The MAC the demo gives port {@code p}: 02:00:00:00:hi:lo (locally administered). */
    static long portMac(final int port)
    {
        return 0x0200_0000_0000L | (port & 0xFFFF);
    }

    /** dst IPv4 of flow f: 10.0.(f/256).(f%256) (DESIGN §5). */
    static int flowIp(final int flow)
    {
        return (10 << 24) | ((flow >>> 8) & 0xFF) << 8 | (flow & 0xFF);
    }

    static void mac(final MemorySegment m, final long at, final long mac)
    {
        m.set(U16, at, (short)(mac >>> 32));
        m.set(U32, at + 2, (int)mac);
    }

    /** Writes a UDP frame of {@code size} bytes (no FCS) at {@code at}. */
    static void udp(final MemorySegment m, final long at, final int size, final long srcMac, final long dstMac,
        final int srcIp, final int dstIp, final int srcPort)
    {
        m.asSlice(at, size).fill((byte)0);
        mac(m, at, dstMac);
        mac(m, at + 6, srcMac);
        m.set(U16, at + 12, (short)0x0800);
        final long ip = at + 14;
        final int ipLength = size - 14;
        m.set(ValueLayout.JAVA_BYTE, ip, (byte)0x45);
        m.set(U16, ip + 2, (short)ipLength);
        m.set(ValueLayout.JAVA_BYTE, ip + 8, (byte)64);
        m.set(ValueLayout.JAVA_BYTE, ip + 9, (byte)17);
        m.set(U32, ip + 12, srcIp);
        m.set(U32, ip + 16, dstIp);
        m.set(U16, ip + 10, (short)ipv4Checksum(m, ip));
        final long udp = ip + 20;
        m.set(U16, udp, (short)srcPort);
        m.set(U16, udp + 2, (short)9);
        m.set(U16, udp + 4, (short)(ipLength - 20));
    }

    static int ipv4Checksum(final MemorySegment m, final long ip)
    {
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            if (i != 10)
            {
                sum += m.get(U16, ip + i) & 0xFFFF;
            }
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
