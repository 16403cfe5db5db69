package net.vswitch.natives.libc;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code <linux/if.h>} and {@code <linux/sockios.h>}: {@code struct ifreq} and the interface ioctls.
 *
 * <pre>
 *   0                 16                                      40
 *   +-----------------+---------------------------------------+
 *   | ifr_name[16]    | union: flags(short) / ifindex / mtu / |
 *   |                 | hwaddr(sockaddr: family, data[14])    |
 *   +-----------------+---------------------------------------+
 * </pre>
 */
public final class LinuxIf
{
    public static final short IFF_UP = 0x1;
    public static final short IFF_BROADCAST = 0x2;
    public static final short IFF_RUNNING = 0x40;
    public static final short IFF_PROMISC = 0x100;

    public static final long SIOCGIFFLAGS = 0x8913;
    public static final long SIOCSIFFLAGS = 0x8914;
    public static final long SIOCGIFMTU = 0x8921;
    public static final long SIOCGIFHWADDR = 0x8927;
    public static final long SIOCGIFINDEX = 0x8933;

    public static final StructLayout IFREQ = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(NetIf.IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
        MemoryLayout.unionLayout(
            JAVA_SHORT.withName("ifr_flags"),
            JAVA_INT.withName("ifr_ifindex"),
            JAVA_INT.withName("ifr_mtu"),
            MemoryLayout.structLayout(JAVA_SHORT.withName("sa_family"),
                MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("ifr_hwaddr"),
            MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("ifr_pad")).withName("ifr_ifru")).withName("ifreq");
    public static final long IFREQ_SIZE = IFREQ.byteSize();
    public static final long IFR_NAME_OFFSET = IFREQ.byteOffset(groupElement("ifr_name"));
    public static final long IFR_IFRU_OFFSET = IFREQ.byteOffset(groupElement("ifr_ifru"));
    /** ifr_flags, ifr_ifindex and ifr_mtu all start here. */
    public static final long IFR_FLAGS_OFFSET = IFR_IFRU_OFFSET;
    public static final long IFR_MTU_OFFSET = IFR_IFRU_OFFSET;
    /** The MAC address inside ifr_hwaddr (after sa_family). */
    public static final long IFR_HWADDR_DATA_OFFSET = IFR_IFRU_OFFSET + 2;

    private LinuxIf()
    {
    }

    /** Writes a NUL-terminated interface name into an ifreq; names longer than 15 bytes are refused. */
    public static void ifrName(final MemorySegment ifreq, final String name)
    {
        final byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (bytes.length >= NetIf.IFNAMSIZ)
        {
            throw new IllegalArgumentException("interface name longer than 15 characters: " + name);
        }
        ifreq.asSlice(IFR_NAME_OFFSET, NetIf.IFNAMSIZ).fill((byte)0);
        MemorySegment.copy(bytes, 0, ifreq, ValueLayout.JAVA_BYTE, IFR_NAME_OFFSET, bytes.length);
    }

    /** The name the kernel wrote into an ifreq (e.g. after TUNSETIFF with a {@code %d} pattern). */
    public static String ifrName(final MemorySegment ifreq)
    {
        return ifreq.asSlice(IFR_NAME_OFFSET, NetIf.IFNAMSIZ).getString(0);
    }
}
