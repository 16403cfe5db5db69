package net.vswitch.natives.libc;

/** {@code <linux/if_ether.h>}: the protocol numbers a packet socket binds to (host order). */
public final class LinuxIfEther
{
    public static final int ETH_ALEN = 6;
    public static final int ETH_HLEN = 14;
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_8021Q = 0x8100;

    private LinuxIfEther()
    {
    }

    /** {@code htons}: a 16-bit value in network order, as the kernel expects in sll_protocol. */
    public static short htons(final int value)
    {
        return Short.reverseBytes((short)value);
    }
}
