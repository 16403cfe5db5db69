package net.vswitch.natives.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The version and layout check, fed what a shim would report (runs without DPDK). */
class DpdkAbiTest
{
    /** What a shim compiled against headers that match the bindings reports. */
    private static Map<String, Long> matchingHeaders()
    {
        final Map<String, Long> headers = new LinkedHashMap<>();
        for (final StructLayout layout : DpdkAbi.LAYOUTS)
        {
            final String struct = layout.name().orElseThrow();
            headers.put(struct, layout.byteSize());
            for (final MemoryLayout member : layout.memberLayouts())
            {
                if (member.name().isPresent())
                {
                    headers.put(struct + "." + member.name().get(),
                        layout.byteOffset(MemoryLayout.PathElement.groupElement(member.name().get())));
                }
            }
        }
        return headers;
    }

    @Test
    void shouldAcceptEvery2211Release()
    {
        assertNull(DpdkAbi.check("DPDK 22.11.11", matchingHeaders()));
        assertNull(DpdkAbi.check("DPDK 22.11.0", matchingHeaders()));
        assertNull(DpdkAbi.check("DPDK 22.11", matchingHeaders()));
    }

    @Test
    void shouldRefuseAnotherRelease()
    {
        assertEquals("DPDK is not available: found DPDK 23.11.1, but the bindings are laid out for DPDK 22.11 (LTS,"
            + " ABI 23) and another release's structs differ; install DPDK 22.11 (Debian 12: apt-get install"
            + " libdpdk-dev dpdk) and rebuild (mvn package)", DpdkAbi.check("DPDK 23.11.1", matchingHeaders()));
        assertEquals("DPDK is not available: found DPDK 22.111.0, but the bindings are laid out for DPDK 22.11 (LTS,"
            + " ABI 23) and another release's structs differ; install DPDK 22.11 (Debian 12: apt-get install"
            + " libdpdk-dev dpdk) and rebuild (mvn package)", DpdkAbi.check("DPDK 22.111.0", matchingHeaders()));
    }

    @Test
    void shouldNameEverySizeAndOffsetThatDiffers()
    {
        final Map<String, Long> headers = matchingHeaders();
        headers.put("rte_eth_dev_info", 384L);
        headers.put("rte_eth_dev_info.max_mtu", 24L);
        headers.remove("rte_eth_link");
        headers.put("rte_eth_conf.txmode_offloads", 24L);
        assertEquals("DPDK is not available: DPDK 22.11.3's headers do not match the bindings' struct layouts"
            + " (sizeof(rte_eth_dev_info) is 384 in the headers, 376 in the bindings; sizeof(rte_eth_link) not reported"
            + " by the shim; offsetof(rte_eth_dev_info, max_mtu) is 24 in the headers, 22 in the bindings;"
            + " rte_eth_conf.txmode_offloads has no Java layout); install DPDK 22.11 as packaged (Debian 12:"
            + " apt-get install libdpdk-dev dpdk) and rebuild (mvn package)",
            DpdkAbi.check("DPDK 22.11.3", headers));
    }
}
