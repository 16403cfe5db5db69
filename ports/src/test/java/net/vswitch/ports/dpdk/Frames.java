package net.vswitch.ports.dpdk;

/** Ethernet frames for the DPDK tests: IPv4/UDP with a payload pattern that identifies each frame. */
final class Frames
{
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Frames()
    {
    }

    /** A UDP frame of {@code length} bytes (>= 42) from {@code src} to {@code dst}, tagged with {@code seq}. */
    static byte[] udp(final long dst, final long src, final int seq, final int length)
    {
        final byte[] f = new byte[length];
        putMac(f, 0, dst);
        putMac(f, 6, src);
        f[12] = 0x08;
        f[13] = 0x00;
        final int ipLength = length - 14;
        f[14] = 0x45;
        f[16] = (byte)(ipLength >>> 8);
        f[17] = (byte)ipLength;
        f[22] = 64;
        f[23] = 17;
        f[26] = 10;
        f[29] = 1;
        f[30] = 10;
        f[31] = 0;
        f[32] = (byte)(seq >>> 8);
        f[33] = (byte)seq;
        f[34] = (byte)0x30;
        f[35] = (byte)0x39;
        f[36] = (byte)0x00;
        f[37] = (byte)0x35;
        final int udpLength = ipLength - 20;
        f[38] = (byte)(udpLength >>> 8);
        f[39] = (byte)udpLength;
        for (int i = 42; i < length; i++)
        {
            f[i] = (byte)(seq * 31 + i);
        }
        return f;
    }

    static void putMac(final byte[] f, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            f[at + i] = (byte)(mac >>> (40 - 8 * i));
        }
    }
}
