package net.vswitch.natives.libc;

/** {@code <linux/if_tun.h>}: the TUN/TAP clone device and its ioctls (used with {@link LinuxIf#IFREQ}). */
public final class LinuxIfTun
{
    public static final String CLONE_DEVICE = "/dev/net/tun";
    public static final short IFF_TUN = 0x0001;
    public static final short IFF_TAP = 0x0002;
    public static final short IFF_NO_PI = 0x1000;
    public static final short IFF_VNET_HDR = 0x4000;
    /** {@code _IOW('T', 202, int)} */
    public static final long TUNSETIFF = 0x400454caL;
    /** {@code _IOW('T', 203, int)} */
    public static final long TUNSETPERSIST = 0x400454cbL;
    /** {@code _IOR('T', 210, unsigned int)} */
    public static final long TUNGETIFF = 0x800454d2L;

    private LinuxIfTun()
    {
    }
}
