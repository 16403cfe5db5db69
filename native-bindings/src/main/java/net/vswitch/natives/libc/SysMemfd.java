package net.vswitch.natives.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/mman.h>} memfd_create and the file calls a sealed memfd needs: ftruncate, fallocate,
 * fstat (its size) and fcntl's seals. A memfd sealed with {@link #F_SEAL_SHRINK} | {@link #F_SEAL_GROW}
 * | {@link #F_SEAL_SEAL} keeps its size for life: a process it is shared with cannot truncate it under
 * the mappings of another (the kernel answers EPERM).
 */
public final class SysMemfd
{
    public static final int MFD_CLOEXEC = 0x1;
    public static final int MFD_ALLOW_SEALING = 0x2;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int F_SEAL_SEAL = 0x1;
    public static final int F_SEAL_SHRINK = 0x2;
    public static final int F_SEAL_GROW = 0x4;
    public static final int F_SEAL_WRITE = 0x8;

    private static final MethodHandle MEMFD_CREATE =
        Libc.downcall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE =
        Libc.downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FALLOCATE =
        Libc.downcall("fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FSTAT =
        Libc.downcall("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    /** {@code st_size} in {@code struct stat}: the same offset on x86-64 and on the generic (aarch64) layout. */
    private static final long ST_SIZE_OFFSET = 48;
    private static final long STAT_SIZE = 256;
    private static final MethodHandle FCNTL_INT = Libc.downcall("fcntl",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private SysMemfd()
    {
    }

    /** {@code memfd_create(2)}; {@code name} shows in {@code /proc/PID/fd} as {@code memfd:NAME}. */
    public static int memfdCreate(final String name, final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Errno.state();
            final int fd;
            try
            {
                fd = (int)MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), flags);
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            if (fd < 0)
            {
                throw Errno.exception("memfd_create", state);
            }
            return fd;
        }
    }

    /** {@code ftruncate(2)}; returns 0 or {@code -errno} (a sealed memfd answers {@code -EPERM}). */
    public static int ftruncateOrErrno(final int fd, final long length)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)FTRUNCATE.invokeExact(state, fd, length);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : 0;
    }

    /** {@code ftruncate(2)}; throws {@code "ftruncate: strerror"}. */
    public static void ftruncate(final int fd, final long length)
    {
        final int result = ftruncateOrErrno(fd, length);
        if (result < 0)
        {
            throw Errno.exception("ftruncate", -result);
        }
    }

    /** {@code fallocate(2)} with mode 0: allocates the pages now, so touching them later cannot fail. */
    public static void fallocate(final int fd, final long offset, final long length)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)FALLOCATE.invokeExact(state, fd, 0, offset, length);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("fallocate", state);
        }
    }

    /** The size of the file behind {@code fd} ({@code fstat(2)}'s {@code st_size}); touches no mapping. */
    public static long size(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment stat = arena.allocate(STAT_SIZE, 8);
            final MemorySegment state = Errno.state();
            final int result;
            try
            {
                result = (int)FSTAT.invokeExact(state, fd, stat);
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            if (result < 0)
            {
                throw Errno.exception("fstat", state);
            }
            return stat.get(JAVA_LONG, ST_SIZE_OFFSET);
        }
    }

    /** {@code fcntl(fd, F_ADD_SEALS, seals)}. */
    public static void addSeals(final int fd, final int seals)
    {
        fcntl(fd, F_ADD_SEALS, seals, "fcntl(F_ADD_SEALS)");
    }

    /** {@code fcntl(fd, F_GET_SEALS)}: the seals set (EINVAL for a file that cannot be sealed). */
    public static int seals(final int fd)
    {
        return fcntl(fd, F_GET_SEALS, 0, "fcntl(F_GET_SEALS)");
    }

    private static int fcntl(final int fd, final int command, final int argument, final String call)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)FCNTL_INT.invokeExact(state, fd, command, argument);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception(call, state);
        }
        return result;
    }
}
