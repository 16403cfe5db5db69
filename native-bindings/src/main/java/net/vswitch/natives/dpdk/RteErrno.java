package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Bindings for {@code rte_errno.h}. {@code rte_errno} itself is a thread-local variable; it is read
 * through the shim ({@link VsDpdkShim#vs_errno()}) on the thread that made the failing call.
 */
public final class RteErrno
{
    private static final MethodHandle RTE_STRERROR = DpdkLibrary.downcall("rte_strerror",
        FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private RteErrno()
    {
    }

    /** {@code const char *rte_strerror(int errnum)}: DPDK's or libc's text for an error number. */
    public static MemorySegment rte_strerror(final int errnum)
    {
        try
        {
            return (MemorySegment)RTE_STRERROR.invokeExact(errnum);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code rte_errno} of the calling thread. */
    public static int rte_errno()
    {
        return VsDpdkShim.vs_errno();
    }

    /** The text of an error number (positive or negative, as DPDK functions return them). */
    public static String message(final int errnum)
    {
        return rte_strerror(Math.abs(errnum)).reinterpret(256).getString(0);
    }
}
