package net.vswitch.ports.dpdk;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import net.vswitch.ports.PortSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** EAL argument handling; pure Java, runs without DPDK. */
class DpdkSettingsTest
{
    private static PortSpec.Dpdk dpdk(final String spec)
    {
        return (PortSpec.Dpdk)PortSpec.parse(spec);
    }

    @Test
    void shouldDefaultToNoHugePagesAndNoPci()
    {
        assertEquals(List.of("--no-huge", "-m", "512", "--no-pci"), DpdkSettings.defaults().ealArgs());
        assertEquals(List.of("--no-huge", "-m", "512", "--no-pci", "--no-shconf"),
            DpdkSettings.defaults().ealArguments(List.of()));
    }

    @Test
    void shouldAddAVdevForEachVirtualDeviceTheArgumentsDoNotName()
    {
        final DpdkSettings settings = DpdkSettings.of("--no-huge -m 256 --vdev=net_null0,no-rx=1 --vdev net_ring0");
        assertEquals(List.of("--no-huge", "-m", "256", "--vdev=net_null0,no-rx=1", "--vdev", "net_ring0",
            "--no-shconf", "--vdev=net_pcap0,rx_pcap=/tmp/a.pcap,infinite_rx=1"),
            settings.ealArguments(List.of(dpdk("dpdk:net_null0"), dpdk("dpdk:net_ring0,name=r"),
                dpdk("dpdk:net_pcap0,rx_pcap=/tmp/a.pcap,infinite_rx=1"), dpdk("dpdk:0000:01:00.0"))));
    }

    @Test
    void shouldKeepAChosenFilePrefix()
    {
        assertEquals(List.of("--file-prefix=vs1"), DpdkSettings.of("--file-prefix=vs1").ealArguments(List.of()));
        assertEquals(List.of("--in-memory"), DpdkSettings.of("--in-memory").ealArguments(List.of()));
    }

    @Test
    void shouldKeepQuotedArgumentsWhole()
    {
        assertEquals(List.of("--vdev=net_pcap0,rx_pcap=/tmp/a b.pcap", "-m", "64"),
            DpdkSettings.parseArgs("  --vdev='net_pcap0,rx_pcap=/tmp/a b.pcap'   -m \"64\" "));
        assertEquals(List.of(""), DpdkSettings.parseArgs("''"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DpdkSettings.parseArgs("--vdev='net_null0"));
        assertEquals("EAL arguments '--vdev='net_null0': unterminated ' quote", ex.getMessage());
    }

    @Test
    void shouldRefuseHelpWhichWouldExitTheProcess()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DpdkSettings.of("--no-huge --help"));
        assertEquals("EAL argument '--help' is not allowed: DPDK would print its usage and exit the whole process",
            ex.getMessage());
    }

    @Property
    void shouldSplitWhiteSpaceSeparatedArgumentsBackIntoTheSameList(
        @ForAll @Size(max = 8) final List<@NotEmpty @AlphaChars String> args)
    {
        assertEquals(args, DpdkSettings.parseArgs(String.join(" \t ", args)));
    }

    @Test
    void shouldValidatePortConfig()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DpdkPortConfig.defaults().withQueues(0, 1));
        assertEquals("rxQueues must be in 1..1024: 0", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DpdkPortConfig.defaults().withMempool(100, 100));
        assertThrows(IllegalArgumentException.class, () -> DpdkPortConfig.defaults().withOutput(1000, 2048));
    }
}
