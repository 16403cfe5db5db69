package net.vswitch.ports.dpdk;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.virtual.VirtualPortConfig;

import static net.vswitch.ports.dpdk.DpdkTestSupport.assumeDpdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EAL refuses its arguments: a clear error, no crash, and no second try in this JVM (its own fork). */
class EalBadArgumentTest
{
    @Test
    void shouldReportEalInitFailureAndRefuseToRetry()
    {
        assumeDpdk();
        final DpdkSettings bad = DpdkSettings.of("--no-huge -m 64 --no-pci --no-such-eal-option");
        final DpdkException first = assertThrows(DpdkException.class, () -> Eal.start(bad, List.of()));
        assertEquals("DPDK EAL initialisation failed: Invalid argument (rte_errno 22); EAL arguments: --no-huge -m 64"
            + " --no-pci --no-such-eal-option --no-shconf; EAL's log above says which argument or resource is at"
            + " fault", first.getMessage());
        assertEquals(22, first.errno());
        assertNull(Eal.running());

        final PortFactory factory = new PortFactory(VirtualPortConfig.defaults(), DpdkSettings.defaults());
        final DpdkException again = assertThrows(DpdkException.class,
            () -> factory.create(PortSpec.parse("dpdk:net_null0")));
        assertTrue(again.getMessage().startsWith(first.getMessage()), again.getMessage());
        assertTrue(again.getMessage().endsWith("(EAL can be initialised only once per process: fix the EAL arguments"
            + " and restart)"), again.getMessage());
    }
}
