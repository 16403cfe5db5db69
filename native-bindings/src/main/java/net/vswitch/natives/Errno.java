package net.vswitch.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@code errno} capture for downcalls: a binding links with {@link #CAPTURE}, passes
 * {@link #state()} as the hidden first argument, and on failure reads {@link #errno(MemorySegment)}.
 * The capture buffer is one per thread, allocated on the thread's first native call and reused, so
 * calls on the data path allocate nothing.
 */
public final class Errno
{
    /** The linker option every errno-setting binding uses. */
    public static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));
    private static final MethodHandle STRERROR = Linker.nativeLinker().downcallHandle(
        Linker.nativeLinker().defaultLookup().find("strerror").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Errno()
    {
    }

    /** This thread's capture buffer. */
    public static MemorySegment state()
    {
        return STATE.get();
    }

    /** The errno a call captured into {@code state}. */
    public static int errno(final MemorySegment state)
    {
        return (int)ERRNO.get(state, 0L);
    }

    /** libc's {@code strerror}: "No such device" for ENODEV. */
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(1024).getString(0);
        }
        catch (final Throwable ex)
        {
            return "errno " + errno;
        }
    }

    /** The exception for a call that failed with the errno captured in {@code state}. */
    public static NativeException exception(final String call, final MemorySegment state)
    {
        return exception(call, errno(state));
    }

    /** The exception for a call that failed with {@code errno}. */
    public static NativeException exception(final String call, final int errno)
    {
        return new NativeException(call, errno, strerror(errno));
    }
}
