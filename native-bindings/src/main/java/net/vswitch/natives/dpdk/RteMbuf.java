package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Bindings for {@code rte_mbuf.h}: packet buffer pools. Allocating, freeing and reading mbufs are
 * static-inline in DPDK and go through the shim ({@link VsDpdkShim}).
 */
public final class RteMbuf
{
    /** {@code RTE_PKTMBUF_HEADROOM}. */
    public static final int RTE_PKTMBUF_HEADROOM = 128;
    /** {@code RTE_MBUF_DEFAULT_DATAROOM}: 2 KiB of frame after the headroom. */
    public static final int RTE_MBUF_DEFAULT_DATAROOM = 2048;
    /** {@code RTE_MBUF_DEFAULT_BUF_SIZE}. */
    public static final int RTE_MBUF_DEFAULT_BUF_SIZE = RTE_MBUF_DEFAULT_DATAROOM + RTE_PKTMBUF_HEADROOM;

    private static final MethodHandle RTE_PKTMBUF_POOL_CREATE = DpdkLibrary.downcall("rte_pktmbuf_pool_create",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));

    private RteMbuf()
    {
    }

    /**
     * {@code struct rte_mempool *rte_pktmbuf_pool_create(const char *name, unsigned int n,
     * unsigned int cache_size, uint16_t priv_size, uint16_t data_room_size, int socket_id)}:
     * the pool, or NULL with rte_errno set.
     */
    public static MemorySegment rte_pktmbuf_pool_create(final MemorySegment name, final int n, final int cacheSize,
        final short privSize, final short dataRoomSize, final int socketId)
    {
        try
        {
            return (MemorySegment)RTE_PKTMBUF_POOL_CREATE.invokeExact(name, n, cacheSize, privSize, dataRoomSize,
                socketId);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
