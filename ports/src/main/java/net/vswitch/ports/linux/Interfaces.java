package net.vswitch.ports.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.LinuxIf;
import net.vswitch.natives.libc.NetIf;
import net.vswitch.natives.libc.SysIoctl;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.Unistd;

/** Control-path queries and settings of a network interface (index, MTU, link up) through ioctls. */
public final class Interfaces
{
    private Interfaces()
    {
    }

    /**
     * The interface's index.
     *
     * @throws IllegalArgumentException {@code "no such interface: NAME (if_nametoindex: No such device)"}
     */
    public static int index(final String ifname)
    {
        try
        {
            return NetIf.ifNameToIndex(ifname);
        }
        catch (final NativeException ex)
        {
            throw new IllegalArgumentException("no such interface: " + ifname + " (" + ex.getMessage() + ")", ex);
        }
    }

    /** The interface's MTU (bytes of L3 payload per frame). */
    public static int mtu(final String ifname)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ifreq = ifreq(arena, ifname);
            withControlSocket(ifreq, LinuxIf.SIOCGIFMTU, "SIOCGIFMTU");
            return ifreq.get(ValueLayout.JAVA_INT, LinuxIf.IFR_MTU_OFFSET);
        }
    }

    /** Sets the link administratively up (like {@code ip link set IFNAME up}); a no-op when it already is. */
    public static void up(final String ifname)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ifreq = ifreq(arena, ifname);
            final int fd = SysSocket.socket(SysSocket.AF_INET, SysSocket.SOCK_DGRAM | SysSocket.SOCK_CLOEXEC, 0);
            try
            {
                SysIoctl.ioctl(fd, LinuxIf.SIOCGIFFLAGS, ifreq, "SIOCGIFFLAGS");
                final short flags = ifreq.get(ValueLayout.JAVA_SHORT, LinuxIf.IFR_FLAGS_OFFSET);
                if ((flags & LinuxIf.IFF_UP) == 0)
                {
                    ifreq.set(ValueLayout.JAVA_SHORT, LinuxIf.IFR_FLAGS_OFFSET, (short)(flags | LinuxIf.IFF_UP));
                    SysIoctl.ioctl(fd, LinuxIf.SIOCSIFFLAGS, ifreq, "SIOCSIFFLAGS");
                }
            }
            finally
            {
                Unistd.close(fd);
            }
        }
    }

    private static MemorySegment ifreq(final Arena arena, final String ifname)
    {
        final MemorySegment ifreq = arena.allocate(LinuxIf.IFREQ);
        LinuxIf.ifrName(ifreq, ifname);
        return ifreq;
    }

    private static void withControlSocket(final MemorySegment ifreq, final long request, final String name)
    {
        final int fd = SysSocket.socket(SysSocket.AF_INET, SysSocket.SOCK_DGRAM | SysSocket.SOCK_CLOEXEC, 0);
        try
        {
            SysIoctl.ioctl(fd, request, ifreq, name);
        }
        finally
        {
            Unistd.close(fd);
        }
    }
}
