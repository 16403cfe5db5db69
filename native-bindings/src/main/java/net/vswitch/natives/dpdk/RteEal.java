package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Bindings for {@code rte_eal.h} (DPDK 22.11): environment abstraction layer start and stop.
 * EAL can be initialised once per process; a second {@code rte_eal_init} fails with
 * {@code EALREADY}, and there is no restart after {@code rte_eal_cleanup}.
 */
public final class RteEal
{
    private static final MethodHandle RTE_EAL_INIT = DpdkLibrary.downcall("rte_eal_init",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_EAL_CLEANUP = DpdkLibrary.downcall("rte_eal_cleanup",
        FunctionDescriptor.of(JAVA_INT));

    private RteEal()
    {
    }

    /** {@code int rte_eal_init(int argc, char **argv)}: parsed argument count, or -1 with rte_errno set. */
    public static int rte_eal_init(final int argc, final MemorySegment argv)
    {
        try
        {
            return (int)RTE_EAL_INIT.invokeExact(argc, argv);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code int rte_eal_cleanup(void)}. */
    public static int rte_eal_cleanup()
    {
        try
        {
            return (int)RTE_EAL_CLEANUP.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
