package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <unistd.h>}: read, write, close. */
public final class Unistd
{
    private static final MethodHandle READ =
        Libc.downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
        Libc.downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITEV =
        Libc.downcall("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code struct iovec}: base pointer and length, 16 bytes. */
    public static final int IOVEC_SIZE = 16;
    private static final MethodHandle CLOSE = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Unistd()
    {
    }

    /** {@code read(2)}; returns bytes read, or {@code -errno} (data path: EAGAIN is not exceptional). */
    public static long readOrErrno(final int fd, final MemorySegment buffer, final long count)
    {
        final MemorySegment state = Errno.state();
        final long result;
        try
        {
            result = (long)READ.invokeExact(state, fd, buffer, count);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /** {@code write(2)}; returns bytes written, or {@code -errno}. */
    public static long writeOrErrno(final int fd, final MemorySegment buffer, final long count)
    {
        final MemorySegment state = Errno.state();
        final long result;
        try
        {
            result = (long)WRITE.invokeExact(state, fd, buffer, count);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /** {@code writev(2)} of {@code count} iovecs at {@code iov}; returns bytes written, or {@code -errno}. */
    public static long writevOrErrno(final int fd, final MemorySegment iov, final int count)
    {
        final MemorySegment state = Errno.state();
        final long result;
        try
        {
            result = (long)WRITEV.invokeExact(state, fd, iov, count);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /** Fills iovec {@code index} of the array at {@code iov} with a raw address (no segment to allocate). */
    public static void iovec(final MemorySegment iov, final int index, final long address, final long length)
    {
        iov.set(JAVA_LONG, (long)index * IOVEC_SIZE, address);
        iov.set(JAVA_LONG, (long)index * IOVEC_SIZE + 8, length);
    }

    /** {@code read(2)}; throws on failure. */
    public static long read(final int fd, final MemorySegment buffer, final long count)
    {
        final long result = readOrErrno(fd, buffer, count);
        if (result < 0)
        {
            throw Errno.exception("read", (int)-result);
        }
        return result;
    }

    /** {@code write(2)}; throws on failure. */
    public static long write(final int fd, final MemorySegment buffer, final long count)
    {
        final long result = writeOrErrno(fd, buffer, count);
        if (result < 0)
        {
            throw Errno.exception("write", (int)-result);
        }
        return result;
    }

    /** {@code close(2)}; throws on failure. */
    public static void close(final int fd)
    {
        final int result = closeOrErrno(fd);
        if (result < 0)
        {
            throw Errno.exception("close", -result);
        }
    }

    /** {@code close(2)}; returns 0 or {@code -errno} (cleanup paths that must not throw). */
    public static int closeOrErrno(final int fd)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)CLOSE.invokeExact(state, fd);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : 0;
    }
}
