package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <sys/socket.h>}: socket, bind, setsockopt, getsockopt, sendto. */
public final class SysSocket
{
    public static final int AF_INET = 2;
    public static final int AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_PACKET = 263;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    /** {@code SO_RCVBUFFORCE}: a receive buffer past {@code rmem_max} (needs CAP_NET_ADMIN). */
    public static final int SO_RCVBUFFORCE = 33;

    /**
     * {@code struct mmsghdr} (x86-64/aarch64 LP64): a {@code struct msghdr} (name, namelen, iov,
     * iovlen, control, controllen, flags) and the received length, 64 bytes.
     */
    public static final int MMSGHDR_SIZE = 64;
    public static final int MSG_NAME_OFFSET = 0;
    public static final int MSG_NAMELEN_OFFSET = 8;
    public static final int MSG_IOV_OFFSET = 16;
    public static final int MSG_IOVLEN_OFFSET = 24;
    public static final int MSG_CONTROL_OFFSET = 32;
    public static final int MSG_CONTROLLEN_OFFSET = 40;
    public static final int MSG_FLAGS_OFFSET = 48;
    public static final int MSG_LEN_OFFSET = 56;
    /** {@code struct cmsghdr}: length (size_t), level, type; data follows. */
    public static final int CMSG_LEVEL_OFFSET = 8;
    public static final int CMSG_TYPE_OFFSET = 12;
    public static final int CMSG_DATA_OFFSET = 16;

    private static final MethodHandle SOCKET =
        Libc.downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND =
        Libc.downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Libc.downcall("setsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Libc.downcall("getsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = Libc.downcall("sendto",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    private static final MethodHandle RECVMMSG = Libc.downcall("recvmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    private SysSocket()
    {
    }

    /**
     * {@code recvmmsg(2)} without a timeout; returns messages received or {@code -errno} (EAGAIN
     * when none wait and {@link #MSG_DONTWAIT} is given).
     */
    public static int recvmmsgOrErrno(final int fd, final MemorySegment messages, final int count, final int flags)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)RECVMMSG.invokeExact(state, fd, messages, count, flags, MemorySegment.NULL);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /** {@code socket(2)}; returns the descriptor. */
    public static int socket(final int domain, final int type, final int protocol)
    {
        final MemorySegment state = Errno.state();
        final int fd;
        try
        {
            fd = (int)SOCKET.invokeExact(state, domain, type, protocol);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (fd < 0)
        {
            throw Errno.exception("socket", state);
        }
        return fd;
    }

    /** {@code bind(2)} with {@code address.byteSize()} as the address length. */
    public static void bind(final int fd, final MemorySegment address)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)BIND.invokeExact(state, fd, address, (int)address.byteSize());
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("bind", state);
        }
    }

    /** {@code setsockopt(2)}; returns 0 or {@code -errno} (for options that may not exist on older kernels). */
    public static int setsockoptOrErrno(final int fd, final int level, final int name, final MemorySegment value)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)SETSOCKOPT.invokeExact(state, fd, level, name, value, (int)value.byteSize());
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : 0;
    }

    /**
     * {@code setsockopt(2)}; throws {@code "setsockopt(NAME): strerror"}.
     *
     * @param optionName how the error names the option, e.g. {@code PACKET_RX_RING}
     */
    public static void setsockopt(final int fd, final int level, final int name, final MemorySegment value,
        final String optionName)
    {
        final int result = setsockoptOrErrno(fd, level, name, value);
        if (result < 0)
        {
            throw Errno.exception("setsockopt(" + optionName + ")", -result);
        }
    }

    /** {@code getsockopt(2)} into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(final int fd, final int level, final int name, final MemorySegment value,
        final MemorySegment length, final String optionName)
    {
        length.set(JAVA_INT, 0, (int)value.byteSize());
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("getsockopt(" + optionName + ")", state);
        }
        return length.get(JAVA_INT, 0);
    }

    /**
     * {@code sendto(2)}; returns bytes sent or {@code -errno}. With a PACKET_MMAP TX ring,
     * {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)} transmits every frame marked SEND_REQUEST.
     */
    public static long sendtoOrErrno(final int fd, final MemorySegment buffer, final long length, final int flags,
        final MemorySegment address, final int addressLength)
    {
        final MemorySegment state = Errno.state();
        final long result;
        try
        {
            result = (long)SENDTO.invokeExact(state, fd, buffer, length, flags, address, addressLength);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }
}
