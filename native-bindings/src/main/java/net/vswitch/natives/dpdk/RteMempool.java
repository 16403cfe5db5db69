package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Bindings for {@code rte_mempool.h}: freeing a pool and reading its fill level. */
public final class RteMempool
{
    private static final MethodHandle RTE_MEMPOOL_FREE = DpdkLibrary.downcall("rte_mempool_free",
        FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RTE_MEMPOOL_AVAIL_COUNT = DpdkLibrary.downcall("rte_mempool_avail_count",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_MEMPOOL_IN_USE_COUNT = DpdkLibrary.downcall("rte_mempool_in_use_count",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private RteMempool()
    {
    }

    /** {@code void rte_mempool_free(struct rte_mempool *mp)}. */
    public static void rte_mempool_free(final MemorySegment mp)
    {
        try
        {
            RTE_MEMPOOL_FREE.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code unsigned int rte_mempool_avail_count(const struct rte_mempool *mp)}. */
    public static int rte_mempool_avail_count(final MemorySegment mp)
    {
        try
        {
            return (int)RTE_MEMPOOL_AVAIL_COUNT.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code unsigned int rte_mempool_in_use_count(const struct rte_mempool *mp)}. */
    public static int rte_mempool_in_use_count(final MemorySegment mp)
    {
        try
        {
            return (int)RTE_MEMPOOL_IN_USE_COUNT.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
