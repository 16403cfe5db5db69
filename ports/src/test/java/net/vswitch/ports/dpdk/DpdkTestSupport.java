package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import net.vswitch.natives.dpdk.DpdkLibrary;
import net.vswitch.natives.dpdk.RteMbuf;
import net.vswitch.natives.dpdk.VsDpdkShim;
import net.vswitch.testsupport.Requirements;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared by the DPDK tests: skipping without DPDK, raw device I/O through the bindings, waiting. */
final class DpdkTestSupport
{
    /** Small ports: several live at once in EAL's 256 MB. */
    static final DpdkPortConfig SMALL = DpdkPortConfig.defaults().withMempool(2047, 64).withDescriptors(512, 512);

    private static MemorySegment pool;

    private DpdkTestSupport()
    {
    }

    /** Skips the calling test, loudly, when DPDK is not installed (or not the version the bindings fit). */
    static void assumeDpdk()
    {
        Requirements.of("DPDK").that(DpdkLibrary.available(), String.valueOf(DpdkLibrary.problem()), "").assumeMet();
    }

    private static synchronized MemorySegment pool()
    {
        if (pool == null)
        {
            try (Arena arena = Arena.ofConfined())
            {
                pool = RteMbuf.rte_pktmbuf_pool_create(arena.allocateFrom("vsdp_test_pool"), 2047, 0, (short)0,
                    (short)RteMbuf.RTE_MBUF_DEFAULT_BUF_SIZE, -1);
            }
            assertNotEquals(MemorySegment.NULL, pool, "test mempool");
        }
        return pool;
    }

    /** Sends frames on an ethdev's TX queue 0 directly (e.g. into a net_ring's loopback ring). */
    static int send(final int portId, final List<byte[]> frames)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment addresses = arena.allocate(ValueLayout.JAVA_LONG, frames.size());
            final MemorySegment lengths = arena.allocate(ValueLayout.JAVA_INT, frames.size());
            for (int i = 0; i < frames.size(); i++)
            {
                final MemorySegment copy = arena.allocateFrom(ValueLayout.JAVA_BYTE, frames.get(i));
                addresses.setAtIndex(ValueLayout.JAVA_LONG, i, copy.address());
                lengths.setAtIndex(ValueLayout.JAVA_INT, i, frames.get(i).length);
            }
            return Short.toUnsignedInt(VsDpdkShim.vs_tx_copy_burst((short)portId, (short)0, pool(), addresses, lengths,
                (short)frames.size(), 8));
        }
    }

    /** Receives up to {@code max} frames from an ethdev's RX queue 0 directly, as byte arrays. */
    static List<byte[]> receive(final int portId, final int max)
    {
        final List<byte[]> frames = new ArrayList<>();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mbufs = arena.allocate(ValueLayout.ADDRESS, max);
            final MemorySegment addresses = arena.allocate(ValueLayout.JAVA_LONG, max);
            final MemorySegment lengths = arena.allocate(ValueLayout.JAVA_INT, max);
            final MemorySegment rooms = arena.allocate(ValueLayout.JAVA_INT, max);
            final int n = Short.toUnsignedInt(VsDpdkShim.vs_rx_burst((short)portId, (short)0, mbufs, (short)max,
                addresses, lengths, rooms));
            for (int i = 0; i < n; i++)
            {
                final int length = lengths.getAtIndex(ValueLayout.JAVA_INT, i);
                final MemorySegment data = MemorySegment.ofAddress(addresses.getAtIndex(ValueLayout.JAVA_LONG, i))
                    .reinterpret(length);
                frames.add(data.toArray(ValueLayout.JAVA_BYTE));
            }
            VsDpdkShim.vs_free_bulk(mbufs, n);
        }
        return frames;
    }

    /** Waits (up to 20 s) until the condition holds; fails with {@code what} otherwise. */
    static void await(final String what, final BooleanSupplier condition)
    {
        await(() -> what, condition);
    }

    /** Waits (up to 20 s) until the condition holds; fails with the state {@code what} describes otherwise. */
    static void await(final java.util.function.Supplier<String> what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what.get());
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what.get());
            }
        }
    }
}
