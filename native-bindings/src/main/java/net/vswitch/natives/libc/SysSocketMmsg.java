package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <sys/socket.h>}: batched datagram I/O, {@code recvmmsg(2)} and {@code sendmmsg(2)}, with the
 * x86-64/aarch64 LP64 layouts of {@code struct iovec}, {@code struct msghdr} and {@code struct mmsghdr}
 * as offsets (callers fill preallocated off-heap arrays of them, nothing is allocated per call).
 */
public final class SysSocketMmsg
{
    /** {@code struct iovec { void *iov_base; size_t iov_len; }}. */
    public static final long IOVEC_SIZE = 16;
    public static final long IOV_BASE = 0;
    public static final long IOV_LEN = 8;

    /** {@code struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }} (msghdr is 56 bytes). */
    public static final long MMSGHDR_SIZE = 64;
    public static final long MSG_NAME = 0;
    public static final long MSG_NAMELEN = 8;
    public static final long MSG_IOV = 16;
    public static final long MSG_IOVLEN = 24;
    public static final long MSG_CONTROL = 32;
    public static final long MSG_CONTROLLEN = 40;
    public static final long MSG_FLAGS = 48;
    public static final long MSG_LEN = 56;

    /** {@code msg_flags}: the datagram was longer than the buffer and was cut. */
    public static final int MSG_TRUNC = 0x20;

    private static final MethodHandle RECVMMSG = Libc.downcall("recvmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDMMSG = Libc.downcall("sendmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private SysSocketMmsg()
    {
    }

    /** {@code recvmmsg(fd, msgs, count, flags, NULL)}; returns messages received or {@code -errno}. */
    public static int recvmmsgOrErrno(final int fd, final MemorySegment msgs, final int count, final int flags)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)RECVMMSG.invokeExact(state, fd, msgs, count, flags, MemorySegment.NULL);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /** {@code sendmmsg(fd, msgs, count, flags)}; returns messages sent or {@code -errno}. */
    public static int sendmmsgOrErrno(final int fd, final MemorySegment msgs, final int count, final int flags)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)SENDMMSG.invokeExact(state, fd, msgs, count, flags);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }
}
