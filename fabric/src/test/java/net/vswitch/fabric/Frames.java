package net.vswitch.fabric;

import java.nio.ByteBuffer;

/** Test frames: Ethernet + optional VLAN + IPv4/UDP, with an id in the payload. */
final class Frames
{
    private Frames()
    {
    }

    static byte[] udp(final long dstMac, final long srcMac, final int id, final int size)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(size, 46));
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)(b.capacity() - 14));
        b.putInt(0).put((byte)64).put((byte)17).putShort((short)0);
        b.putInt(0x0A000001).putInt(0x0A000002);
        b.putShort((short)1000).putShort((short)2000).putShort((short)(b.capacity() - 34)).putShort((short)0);
        b.putInt(id);
        return b.array();
    }

    static byte[] withId(final int id, final int size)
    {
        return udp(0x0200_0000_0001L, 0x0200_0000_0002L, id, size);
    }

    static int id(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).getInt(42);
    }

    static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32)).putInt((int)mac);
    }
}
