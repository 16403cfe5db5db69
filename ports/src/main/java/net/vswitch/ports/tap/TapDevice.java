package net.vswitch.ports.tap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.Fcntl;
import net.vswitch.natives.libc.LinuxIf;
import net.vswitch.natives.libc.LinuxIfTun;
import net.vswitch.natives.libc.SysIoctl;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.linux.Interfaces;

/**
 * A TAP device opened through {@code /dev/net/tun}: attaches to an existing (persistent) TAP of that
 * name or creates one that lives as long as the descriptor. Ethernet frames, no packet-info header,
 * non-blocking descriptor.
 */
final class TapDevice
{
    private TapDevice()
    {
    }

    /**
     * Opens or creates {@code ifname} and sets its link up.
     *
     * @return the non-blocking descriptor
     * @throws IllegalStateException naming the device and the failed call (with a hint for the usual causes)
     */
    static int open(final String ifname, final boolean offloads)
    {
        int fd = -1;
        try (Arena arena = Arena.ofConfined())
        {
            fd = Fcntl.open(LinuxIfTun.CLONE_DEVICE, Fcntl.O_RDWR | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC, 0);
            final MemorySegment ifreq = arena.allocate(LinuxIf.IFREQ);
            LinuxIf.ifrName(ifreq, ifname);
            final short flags = (short)(LinuxIfTun.IFF_TAP | LinuxIfTun.IFF_NO_PI
                | (offloads ? LinuxIfTun.IFF_VNET_HDR : 0));
            ifreq.set(ValueLayout.JAVA_SHORT, LinuxIf.IFR_FLAGS_OFFSET, flags);
            SysIoctl.ioctl(fd, LinuxIfTun.TUNSETIFF, ifreq, "TUNSETIFF");
            if (offloads)
            {
                setOffloads(fd);
            }
            Interfaces.up(LinuxIf.ifrName(ifreq));
            return fd;
        }
        catch (final NativeException ex)
        {
            if (fd >= 0)
            {
                Unistd.closeOrErrno(fd);
            }
            throw new IllegalStateException("tap:" + ifname + ": " + ex.getMessage() + hint(ex), ex);
        }
    }

    /** Tells the kernel we take partial checksums and TCP/UDP GSO frames (USO needs Linux 6.2). */
    private static void setOffloads(final int fd)
    {
        final int tcp = LinuxIfTun.TUN_F_CSUM | LinuxIfTun.TUN_F_TSO4 | LinuxIfTun.TUN_F_TSO6
            | LinuxIfTun.TUN_F_TSO_ECN;
        // the argument is the flags themselves, passed by value where ioctl takes a pointer
        final int result = SysIoctl.ioctlOrErrno(fd, LinuxIfTun.TUNSETOFFLOAD,
            MemorySegment.ofAddress(tcp | LinuxIfTun.TUN_F_USO4 | LinuxIfTun.TUN_F_USO6));
        if (result < 0)
        {
            SysIoctl.ioctl(fd, LinuxIfTun.TUNSETOFFLOAD, MemorySegment.ofAddress(tcp), "TUNSETOFFLOAD");
        }
    }

    private static String hint(final NativeException ex)
    {
        return switch (ex.errno())
        {
            case ErrnoH.EPERM -> " (needs root or CAP_NET_ADMIN)";
            case ErrnoH.EBUSY -> " (the device is in use by another process)";
            case ErrnoH.EINVAL -> " (an interface of that name exists and is not a TAP device)";
            case ErrnoH.ENOENT, ErrnoH.ENODEV -> " (is the tun module loaded? modprobe tun)";
            default -> "";
        };
    }
}
