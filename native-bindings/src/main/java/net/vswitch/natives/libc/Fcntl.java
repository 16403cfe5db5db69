package net.vswitch.natives.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <fcntl.h>}: open (variadic: the mode is the first variadic argument). */
public final class Fcntl
{
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    private static final MethodHandle OPEN = Libc.downcall("open",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private Fcntl()
    {
    }

    /** {@code open(2)}; throws {@code "open(PATH): strerror"} on failure. */
    public static int open(final String path, final int flags, final int mode)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Errno.state();
            final int fd;
            try
            {
                fd = (int)OPEN.invokeExact(state, arena.allocateFrom(path), flags, mode);
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            if (fd < 0)
            {
                throw Errno.exception("open(" + path + ")", state);
            }
            return fd;
        }
    }
}
