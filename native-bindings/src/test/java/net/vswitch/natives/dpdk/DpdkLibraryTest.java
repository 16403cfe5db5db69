package net.vswitch.natives.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import net.vswitch.testsupport.Requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpdkLibraryTest
{
    private static void assumeDpdk()
    {
        Requirements.of("DPDK").that(DpdkLibrary.available(), String.valueOf(DpdkLibrary.problem()), "").assumeMet();
    }

    @Test
    void shouldExplainHowToInstallWhenUnavailable()
    {
        if (DpdkLibrary.available())
        {
            assertNull(DpdkLibrary.problem());
            DpdkLibrary.require();
            return;
        }
        final DpdkUnavailableException ex = assertThrows(DpdkUnavailableException.class, DpdkLibrary::require);
        assertTrue(ex.getMessage().contains("apt-get install libdpdk-dev"), ex.getMessage());
    }

    @Test
    void shouldMatchStructSizesTheShimWasCompiledWith()
    {
        assumeDpdk();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment sizes = arena.allocate(ValueLayout.JAVA_LONG, 6);
            VsDpdkShim.vs_abi_sizes(sizes);
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 0), RteEthDevInfo.sizeof(), "rte_eth_dev_info");
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 1), RteEthStats.sizeof(), "rte_eth_stats");
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 2), RteEthLink.sizeof(), "rte_eth_link");
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 3), RteEthXstat.sizeof(), "rte_eth_xstat");
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 4), RteEthXstat.NAME_LAYOUT.byteSize(),
                "rte_eth_xstat_name");
            assertEquals(sizes.getAtIndex(ValueLayout.JAVA_LONG, 5), RteEthConf.sizeof(), "rte_eth_conf");
        }
    }

    @Test
    void shouldFindEveryOffsetTheShimReportsInTheBindings()
    {
        assumeDpdk();
        // available() already ran the check; this names the mismatch if a layout ever drifts
        assertNull(DpdkAbi.problem(java.lang.foreign.SymbolLookup.libraryLookup(DpdkLibrary.path(),
            java.lang.foreign.Arena.global()), DpdkLibrary.path()));
    }

    @Test
    void shouldReportDpdkVersionAndErrorText()
    {
        assumeDpdk();
        assertTrue(VsDpdkShim.vs_version().startsWith("DPDK 22.11"), VsDpdkShim.vs_version());
        assertEquals("No such device", RteErrno.message(-19));
        assertEquals("No such device", RteErrno.message(19));
    }
}
