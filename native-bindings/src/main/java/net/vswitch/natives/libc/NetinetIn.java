package net.vswitch.natives.libc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code <netinet/in.h>}: IP protocol numbers, the IP-level socket options a tunnel endpoint sets, and
 * {@code struct sockaddr_in} / {@code sockaddr_in6} written into caller-owned memory (network byte order).
 */
public final class NetinetIn
{
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TTL = 2;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int IP_PMTUDISC_DO = 2;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MTU_DISCOVER = 23;
    public static final int IPV6_V6ONLY = 26;
    /** Raw IPv6 sockets: the kernel computes the checksum at this offset of what we send. */
    public static final int IPV6_CHECKSUM = 7;
    /** {@code SOL_SOCKET} option: attach a classic BPF program ({@code struct sock_fprog}). */
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_REUSEADDR = 2;
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;

    private static final ValueLayout.OfShort NET_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private NetinetIn()
    {
    }

    /**
     * Writes a {@code sockaddr_in} (4-byte address) or {@code sockaddr_in6} (16-byte address) into
     * {@code into} at offset 0 and returns its length.
     */
    public static int sockaddr(final MemorySegment into, final byte[] address, final int port)
    {
        into.fill((byte)0);
        if (address.length == 4)
        {
            into.set(ValueLayout.JAVA_SHORT, 0, (short)SysSocket.AF_INET);
            into.set(NET_SHORT, 2, (short)port);
            MemorySegment.copy(address, 0, into, ValueLayout.JAVA_BYTE, 4, 4);
            return SOCKADDR_IN_SIZE;
        }
        if (address.length == 16)
        {
            into.set(ValueLayout.JAVA_SHORT, 0, (short)AF_INET6);
            into.set(NET_SHORT, 2, (short)port);
            MemorySegment.copy(address, 0, into, ValueLayout.JAVA_BYTE, 8, 16);
            return SOCKADDR_IN6_SIZE;
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
    }
}
