package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <sched.h>}: {@code setns(2)}, to open a socket inside another network namespace. */
public final class Sched
{
    public static final int CLONE_NEWNET = 0x40000000;

    private static final MethodHandle SETNS =
        Libc.downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Sched()
    {
    }

    /** Moves the calling thread (only) into the namespace {@code fd} refers to. */
    public static void setns(final int fd, final int nstype)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)SETNS.invokeExact(state, fd, nstype);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("setns", state);
        }
    }
}
