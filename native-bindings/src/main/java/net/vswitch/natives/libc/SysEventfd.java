package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <sys/eventfd.h>}: eventfd (a counter a poller can wait on; read and written as 8 bytes). */
public final class SysEventfd
{
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    private static final MethodHandle EVENTFD =
        Libc.downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private SysEventfd()
    {
    }

    /** {@code eventfd(2)}; returns the descriptor. */
    public static int eventfd(final int initialValue, final int flags)
    {
        final MemorySegment state = Errno.state();
        final int fd;
        try
        {
            fd = (int)EVENTFD.invokeExact(state, initialValue, flags);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (fd < 0)
        {
            throw Errno.exception("eventfd", state);
        }
        return fd;
    }
}
