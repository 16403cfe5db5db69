package net.vswitch.natives.libc;

/** {@code <errno.h>}: the values the ports test for (Linux, x86-64 and aarch64 share them). */
public final class ErrnoH
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;

    private ErrnoH()
    {
    }
}
