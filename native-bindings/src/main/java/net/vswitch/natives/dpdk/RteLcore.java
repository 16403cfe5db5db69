package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Bindings for {@code rte_lcore.h}: registering non-EAL threads (a port's poll worker) so they get
 * an lcore id and with it per-lcore mempool caches.
 */
public final class RteLcore
{
    private static final MethodHandle RTE_THREAD_REGISTER = DpdkLibrary.downcall("rte_thread_register",
        FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle RTE_THREAD_UNREGISTER = DpdkLibrary.downcall("rte_thread_unregister",
        FunctionDescriptor.ofVoid());
    private static final MethodHandle RTE_SOCKET_ID = DpdkLibrary.downcall("rte_socket_id",
        FunctionDescriptor.of(JAVA_INT));

    private RteLcore()
    {
    }

    /** {@code int rte_thread_register(void)}: 0, or -1 with rte_errno set (e.g. no lcore id left). */
    public static int rte_thread_register()
    {
        try
        {
            return (int)RTE_THREAD_REGISTER.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code void rte_thread_unregister(void)}. */
    public static void rte_thread_unregister()
    {
        try
        {
            RTE_THREAD_UNREGISTER.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code unsigned int rte_socket_id(void)}: NUMA socket of the calling thread. */
    public static int rte_socket_id()
    {
        try
        {
            return (int)RTE_SOCKET_ID.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
