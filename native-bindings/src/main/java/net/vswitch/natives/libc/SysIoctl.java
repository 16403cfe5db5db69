package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <sys/ioctl.h>}: ioctl with a pointer argument (variadic in C, linked as such). */
public final class SysIoctl
{
    private static final MethodHandle IOCTL = Libc.downcall("ioctl",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));

    private SysIoctl()
    {
    }

    /** {@code ioctl(2)}; returns the result or {@code -errno}. */
    public static int ioctlOrErrno(final int fd, final long request, final MemorySegment argument)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)IOCTL.invokeExact(state, fd, request, argument);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }

    /**
     * {@code ioctl(2)}; throws {@code "ioctl(NAME): strerror"}.
     *
     * @param requestName how the error names the request, e.g. {@code TUNSETIFF}
     */
    public static int ioctl(final int fd, final long request, final MemorySegment argument, final String requestName)
    {
        final int result = ioctlOrErrno(fd, request, argument);
        if (result < 0)
        {
            throw Errno.exception("ioctl(" + requestName + ")", -result);
        }
        return result;
    }
}
