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
    /** {@code _IOW('T', 208, unsigned int)}: which offloads the reader handles (argument by value). */
    public static final long TUNSETOFFLOAD = 0x400454d0L;
    public static final int TUN_F_CSUM = 0x01;
    public static final int TUN_F_TSO4 = 0x02;
    public static final int TUN_F_TSO6 = 0x04;
    public static final int TUN_F_TSO_ECN = 0x08;
    public static final int TUN_F_UFO = 0x10;
    public static final int TUN_F_USO4 = 0x20;
    public static final int TUN_F_USO6 = 0x40;
    /** {@code _IOR('T', 210, unsigned int)} */
    public static final long TUNGETIFF = 0x800454d2L;

    private LinuxIfTun()
    {
    }
}
