package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Bindings for the vswitch DPDK shim ({@code native-bindings/src/main/c/vswitch_dpdk_shim.c}): batch
 * wrappers of DPDK's static-inline burst and mbuf calls. The data-path calls are bound as
 * {@link Linker.Option#critical critical}: they are short, never block and take only native memory.
 */
public final class VsDpdkShim
{
    /** Set in {@code out_len} by {@link #vs_rx_burst} for a multi-segment frame it could not linearize. */
    public static final int VS_RX_CHAINED = 0x8000_0000;

    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final MethodHandle VS_ERRNO = DpdkLibrary.downcall("vs_errno",
        FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle VS_VERSION = DpdkLibrary.downcall("vs_version",
        FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle VS_RX_BURST = DpdkLibrary.downcall("vs_rx_burst",
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, ADDRESS, ADDRESS, ADDRESS),
        CRITICAL);
    private static final MethodHandle VS_FREE_BULK = DpdkLibrary.downcall("vs_free_bulk",
        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), CRITICAL);
    private static final MethodHandle VS_TX_COPY_BURST = DpdkLibrary.downcall("vs_tx_copy_burst",
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, ADDRESS, ADDRESS, JAVA_SHORT, JAVA_INT),
        CRITICAL);
    private static final MethodHandle VS_ABI_SIZES = DpdkLibrary.downcall("vs_abi_sizes",
        FunctionDescriptor.ofVoid(ADDRESS));

    private VsDpdkShim()
    {
    }

    /** {@code int vs_errno(void)}: {@code rte_errno} of the calling thread. */
    public static int vs_errno()
    {
        try
        {
            return (int)VS_ERRNO.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code const char *vs_version(void)}: e.g. {@code DPDK 22.11.11}. */
    public static String vs_version()
    {
        try
        {
            return ((MemorySegment)VS_VERSION.invokeExact()).reinterpret(128).getString(0);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code uint16_t vs_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n,
     * uint64_t *out_addr, uint32_t *out_len, uint32_t *out_room)}: receives up to {@code n} frames;
     * frame i starts at address {@code out_addr[i]}, is {@code out_len[i]} bytes long and its buffer
     * holds {@code out_room[i]} bytes from there. Free {@code mbufs[0..result)} with {@link #vs_free_bulk}.
     */
    public static short vs_rx_burst(final short port, final short queue, final MemorySegment mbufs, final short n,
        final MemorySegment outAddr, final MemorySegment outLen, final MemorySegment outRoom)
    {
        try
        {
            return (short)VS_RX_BURST.invokeExact(port, queue, mbufs, n, outAddr, outLen, outRoom);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code void vs_free_bulk(struct rte_mbuf **mbufs, uint32_t n)}. */
    public static void vs_free_bulk(final MemorySegment mbufs, final int n)
    {
        try
        {
            VS_FREE_BULK.invokeExact(mbufs, n);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * {@code uint16_t vs_tx_copy_burst(uint16_t port, uint16_t queue, struct rte_mempool *pool,
     * const uint64_t *src_addr, const uint32_t *len, uint16_t n, uint32_t retries)}: copies the frames
     * into mbufs of {@code pool} and sends them, retrying a short send {@code retries} times.
     *
     * @return frames the device took; the others were freed (count them as dropped)
     */
    public static short vs_tx_copy_burst(final short port, final short queue, final MemorySegment pool,
        final MemorySegment srcAddr, final MemorySegment len, final short n, final int retries)
    {
        try
        {
            return (short)VS_TX_COPY_BURST.invokeExact(port, queue, pool, srcAddr, len, n, retries);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code void vs_abi_sizes(uint64_t out[6])}: sizes of dev_info, stats, link, xstat, xstat_name, eth_conf. */
    public static void vs_abi_sizes(final MemorySegment out)
    {
        try
        {
            VS_ABI_SIZES.invokeExact(out);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
