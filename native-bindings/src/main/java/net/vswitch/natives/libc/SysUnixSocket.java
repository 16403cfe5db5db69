package net.vswitch.natives.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code AF_UNIX} sockets with descriptor passing: {@code sockaddr_un}, connect, listen, accept4,
 * sendmsg/recvmsg with one {@code SCM_RIGHTS} descriptor, {@code SO_PEERCRED} and shutdown (64-bit
 * Linux layouts: {@code msghdr} 56 bytes, {@code cmsghdr} 16). Control path only: every call allocates
 * its structures in a confined arena.
 */
public final class SysUnixSocket
{
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SCM_RIGHTS = 1;
    public static final int SO_PEERCRED = 17;
    public static final int SHUT_RDWR = 2;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int ECONNREFUSED = 111;
    /** {@code sun_path} holds 108 bytes including the terminating NUL. */
    public static final int PATH_MAX = 107;

    private static final long SOCKADDR_UN_SIZE = 110;
    private static final long MSGHDR_SIZE = 56;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final long CMSG_HEADER = 16;
    /** Room for a few descriptors, so a peer that sends more than one cannot leak them into us. */
    private static final int CONTROL_FDS = 8;

    private static final MethodHandle CONNECT =
        Libc.downcall("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN =
        Libc.downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 =
        Libc.downcall("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG =
        Libc.downcall("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG =
        Libc.downcall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN =
        Libc.downcall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    /** What {@link #receive} got: a message of {@code length} bytes (0 = the peer closed) and a descriptor or -1. */
    public record Received(int length, int fd, boolean truncated)
    {
    }

    private SysUnixSocket()
    {
    }

    /** A {@code sockaddr_un} for {@code path}; a path longer than {@link #PATH_MAX} bytes is refused by name. */
    public static MemorySegment address(final Arena arena, final String path)
    {
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > PATH_MAX || bytes.length == 0)
        {
            throw new IllegalArgumentException("unix socket path " + path + " is " + bytes.length
                + " bytes; it must be 1.." + PATH_MAX);
        }
        final MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE, 2);
        address.set(JAVA_SHORT, 0, (short)AF_UNIX);
        MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 2, bytes.length);
        return address;
    }

    /** {@code connect(2)} to the socket at {@code path}; returns 0 or {@code -errno}. */
    public static int connectOrErrno(final int fd, final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment address = address(arena, path);
            final MemorySegment state = Errno.state();
            final int result;
            try
            {
                result = (int)CONNECT.invokeExact(state, fd, address, (int)address.byteSize());
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            return result < 0 ? -Errno.errno(state) : 0;
        }
    }

    /** {@code bind(2)} to {@code path}. */
    public static void bind(final int fd, final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            SysSocket.bind(fd, address(arena, path));
        }
    }

    /** {@code listen(2)}. */
    public static void listen(final int fd, final int backlog)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)LISTEN.invokeExact(state, fd, backlog);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("listen", state);
        }
    }

    /** {@code accept4(2)} without the peer address; returns the descriptor or {@code -errno}. */
    public static int acceptOrErrno(final int fd, final int flags)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)ACCEPT4.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL, flags);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /**
     * {@code sendmsg(2)} of {@code data} with {@code passFd} attached as {@code SCM_RIGHTS} (none when
     * negative); flags include {@link #MSG_NOSIGNAL}, so a closed peer is {@code -EPIPE}, not a signal.
     *
     * @return bytes sent or {@code -errno}
     */
    public static long sendOrErrno(final int fd, final byte[] data, final int passFd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buffer, JAVA_BYTE, 0, data.length);
            final MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, buffer);
            iov.set(JAVA_LONG, 8, data.length);
            final MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
            message.set(ADDRESS, MSG_IOV, iov);
            message.set(JAVA_LONG, MSG_IOVLEN, 1);
            if (passFd >= 0)
            {
                final MemorySegment control = arena.allocate(CMSG_HEADER + 8, 8);
                control.set(JAVA_LONG, 0, CMSG_HEADER + 4);
                control.set(JAVA_INT, 8, SysSocket.SOL_SOCKET);
                control.set(JAVA_INT, 12, SCM_RIGHTS);
                control.set(JAVA_INT, CMSG_HEADER, passFd);
                message.set(ADDRESS, MSG_CONTROL, control);
                message.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            }
            final MemorySegment state = Errno.state();
            final long result;
            try
            {
                result = (long)SENDMSG.invokeExact(state, fd, message, MSG_NOSIGNAL);
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            return result < 0 ? -Errno.errno(state) : result;
        }
    }

    /**
     * {@code recvmsg(2)} of one message into {@code data}, accepting at most one {@code SCM_RIGHTS}
     * descriptor (received close-on-exec); any further descriptors the peer attached are closed.
     *
     * @return what arrived; a negative {@link Received#length()} is {@code -errno}
     */
    public static Received receive(final int fd, final byte[] data, final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            final MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, buffer);
            iov.set(JAVA_LONG, 8, data.length);
            final long controlLength = CMSG_HEADER + 4L * CONTROL_FDS;
            final MemorySegment control = arena.allocate(controlLength, 8);
            final MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
            message.set(ADDRESS, MSG_IOV, iov);
            message.set(JAVA_LONG, MSG_IOVLEN, 1);
            message.set(ADDRESS, MSG_CONTROL, control);
            message.set(JAVA_LONG, MSG_CONTROLLEN, controlLength);
            final MemorySegment state = Errno.state();
            final long result;
            try
            {
                result = (long)RECVMSG.invokeExact(state, fd, message, flags | MSG_CMSG_CLOEXEC);
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            if (result < 0)
            {
                return new Received(-Errno.errno(state), -1, false);
            }
            final int length = (int)Math.min(result, data.length);
            MemorySegment.copy(buffer, JAVA_BYTE, 0, data, 0, length);
            final int messageFlags = message.get(JAVA_INT, MSG_FLAGS);
            return new Received(length, firstFd(message, control), (messageFlags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
        }
    }

    /** The first descriptor of the SCM_RIGHTS control messages; closes every other one. */
    private static int firstFd(final MemorySegment message, final MemorySegment control)
    {
        final long used = Math.min(message.get(JAVA_LONG, MSG_CONTROLLEN), control.byteSize());
        int first = -1;
        long at = 0;
        while (at + CMSG_HEADER <= used)
        {
            final long length = control.get(JAVA_LONG, at);
            if (length < CMSG_HEADER || at + length > used)
            {
                break;
            }
            if (control.get(JAVA_INT, at + 8) == SysSocket.SOL_SOCKET && control.get(JAVA_INT, at + 12) == SCM_RIGHTS)
            {
                for (long p = at + CMSG_HEADER; p + 4 <= at + length; p += 4)
                {
                    final int fd = control.get(JAVA_INT, p);
                    if (first < 0)
                    {
                        first = fd;
                    }
                    else
                    {
                        Unistd.closeOrErrno(fd);
                    }
                }
            }
            at += (length + 7) & ~7L;
        }
        return first;
    }

    /** The pid of the process at the other end ({@code SO_PEERCRED}), as of its connect. */
    public static long peerPid(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment credentials = arena.allocate(12, 4);
            SysSocket.getsockopt(fd, SysSocket.SOL_SOCKET, SO_PEERCRED, credentials, arena.allocate(JAVA_INT),
                "SO_PEERCRED");
            return credentials.get(JAVA_INT, 0);
        }
    }

    /** {@code shutdown(fd, SHUT_RDWR)}: wakes a thread blocked on it; returns 0 or {@code -errno}. */
    public static int shutdownOrErrno(final int fd)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)SHUTDOWN.invokeExact(state, fd, SHUT_RDWR);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : 0;
    }
}
