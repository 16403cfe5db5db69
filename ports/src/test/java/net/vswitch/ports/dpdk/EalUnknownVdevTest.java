package net.vswitch.ports.dpdk;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.ports.PortSpec;

import static net.vswitch.ports.dpdk.DpdkTestSupport.assumeDpdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A port whose virtual device DPDK does not know fails EAL's start, clearly (its own fork). */
class EalUnknownVdevTest
{
    @Test
    void shouldFailEalStartForAnUnknownVirtualDevice()
    {
        assumeDpdk();
        final PortSpec.Dpdk spec = (PortSpec.Dpdk)PortSpec.parse("dpdk:net_bogus0,name=x");
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> Eal.start(DpdkSettings.of("--no-huge -m 64 --no-pci"), List.of(spec)));
        assertEquals("DPDK EAL initialisation failed: No such device (rte_errno 19); EAL arguments: --no-huge -m 64"
            + " --no-pci --no-shconf --vdev=net_bogus0; EAL's log above says which argument or resource is at fault",
            ex.getMessage());
        // the JVM is fine and says so again on the next attempt
        final DpdkException again = assertThrows(DpdkException.class,
            () -> DpdkPort.open("net_null0", DpdkSettings.defaults()));
        assertTrue(again.getMessage().contains("only once per process"), again.getMessage());
    }
}
