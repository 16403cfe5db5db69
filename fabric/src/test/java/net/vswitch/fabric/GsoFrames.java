package net.vswitch.fabric;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * GSO super-frames as a Linux stack hands them over with default offloads: headers with lengths
 * for the whole frame, the L4 checksum field holding only the pseudo-header sum (CHECKSUM_PARTIAL).
 */
final class GsoFrames
{
    static final int ETH = 14;

    private GsoFrames()
    {
    }

    /** A TCP (proto 6) or UDP (17) frame over IPv4 or IPv6 with {@code payload} random bytes. */
    static byte[] frame(final int ipVersion, final int proto, final int payload, final int tcpFlags, final long seed)
    {
        final int ipHeader = ipVersion == 4 ? 20 : 40;
        final int l4Header = proto == Packet.IPPROTO_TCP ? 32 : 8;
        final int length = ETH + ipHeader + l4Header + payload;
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short)0x0200).putInt(0xB).putShort((short)0x0200).putInt(0xA);
        if (ipVersion == 4)
        {
            b.putShort((short)Packet.ETHERTYPE_IPV4).put((byte)0x45).put((byte)0)
                .putShort((short)(length - ETH)).putShort((short)0x1234).putShort((short)0x4000)
                .put((byte)64).put((byte)proto).putShort((short)0).putInt(0x0AC40001).putInt(0x0AC40002);
        }
        else
        {
            b.putShort((short)Packet.ETHERTYPE_IPV6).putInt(0x6000_0000).putShort((short)(length - ETH - 40))
                .put((byte)proto).put((byte)64).putLong(0xFD00_0196_0000_0000L).putLong(1)
                .putLong(0xFD00_0196_0000_0000L).putLong(2);
        }
        final int l4 = b.position();
        if (proto == Packet.IPPROTO_TCP)
        {
            b.putShort((short)40000).putShort((short)5201).putInt(0x7000_0000).putInt(99)
                .put((byte)(8 << 4)).put((byte)tcpFlags).putShort((short)512).putShort((short)0).putShort((short)0);
            b.put(new byte[] {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2}); // NOP NOP timestamps
        }
        else
        {
            b.putShort((short)40000).putShort((short)5201).putShort((short)(length - l4)).putShort((short)0);
        }
        final byte[] data = new byte[payload];
        new Random(seed).nextBytes(data);
        b.put(data);
        final byte[] bytes = b.array();
        final int checksumAt = l4 + (proto == Packet.IPPROTO_TCP ? 16 : 6);
        final int pseudo = ChecksumOffload.fold(pseudoSum(bytes, ipVersion, proto, length - l4));
        bytes[checksumAt] = (byte)(pseudo >>> 8);
        bytes[checksumAt + 1] = (byte)pseudo;
        if (ipVersion == 4)
        {
            final MemorySegment m = MemorySegment.ofArray(bytes);
            final int sum = ~ChecksumOffload.fold(ChecksumOffload.sum(m, ETH, 20, 0)) & 0xFFFF;
            bytes[ETH + 10] = (byte)(sum >>> 8);
            bytes[ETH + 11] = (byte)sum;
        }
        return bytes;
    }

    /** The pseudo-header sum (addresses, protocol, L4 length) of a frame laid out as {@link #frame} does. */
    static long pseudoSum(final byte[] bytes, final int ipVersion, final int proto, final int l4Length)
    {
        final MemorySegment m = MemorySegment.ofArray(bytes);
        final long addresses = ipVersion == 4 ? ChecksumOffload.sum(m, ETH + 12, 8, 0)
            : ChecksumOffload.sum(m, ETH + 8, 32, 0);
        return addresses + proto + l4Length;
    }

    /** An off-heap packet holding {@code bytes}, with offload word {@code word}. */
    static Packet packet(final byte[] bytes, final int word)
    {
        final MemorySegment m = Arena.ofAuto().allocate(bytes.length + 64);
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new Packet().wrap(m, 0, bytes.length, bytes.length + 64, 0).offload(word);
    }
}
