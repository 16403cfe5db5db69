package net.vswitch.ports.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.vswitch.ports.PortSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EAL argument handling; pure Java, runs without DPDK. */
class DpdkSettingsTest
{
    private static PortSpec.Dpdk dpdk(final String spec)
    {
        return (PortSpec.Dpdk)PortSpec.parse(spec);
    }

    private static final long MIB = 1L << 20;
    private static final Path HUGE = Path.of("/dev/hugepages");

    private static HugePages machine(final Map<Path, Long> mounts, final long freeTwoMegPages)
    {
        return new HugePages(mounts, Map.of(2 * MIB, freeTwoMegPages, 1024 * MIB, 0L), 2 * MIB);
    }

    @Test
    void shouldFallBackTo4kPagesWhenNoHugetlbfsIsMounted()
    {
        final EalPlan plan = DpdkSettings.defaults().plan(List.of(dpdk("dpdk:net_null0")), machine(Map.of(), 512));
        assertEquals(List.of("--no-huge", "-m", "512", "--no-pci", "--no-shconf", "--vdev=net_null0"), plan.args());
        assertFalse(plan.hugePages());
        assertEquals("vswitch: DPDK runs on 4 KB pages (--no-huge -m 512 --no-pci --no-shconf --vdev=net_null0)"
            + " because no hugetlbfs is mounted; this costs DPDK ports about 40% of their forwarding rate (a TLB miss"
            + " per mbuf); reserve huge pages with 'echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages'"
            + " (and mount hugetlbfs if none is: mount -t hugetlbfs nodev /dev/hugepages) and restart",
            plan.fallbackMessage());
    }

    @Test
    void shouldFallBackTo4kPagesWhenTooFewHugePagesAreFree()
    {
        final List<PortSpec.Dpdk> ports = List.of(dpdk("dpdk:net_pcap0,rx_pcap=a.pcap"), dpdk("dpdk:net_null0"));
        final EalPlan plan = DpdkSettings.defaults().plan(ports, machine(Map.of(HUGE, 2 * MIB), 20));
        assertEquals("the mounted huge page sizes have 40 MiB free, the DPDK ports need about 106 MiB",
            plan.fallback());
        assertFalse(plan.hugePages());
    }

    @Test
    void shouldTakeHugePagesInMemoryWhenEnoughAreFree()
    {
        final List<PortSpec.Dpdk> ports = List.of(dpdk("dpdk:net_pcap0,rx_pcap=a.pcap"), dpdk("dpdk:net_null0"));
        final EalPlan plan = DpdkSettings.defaults().plan(ports, machine(Map.of(HUGE, 2 * MIB), 53));
        assertEquals(List.of("--in-memory", "--no-pci", "--vdev=net_pcap0,rx_pcap=a.pcap", "--vdev=net_null0"),
            plan.args());
        assertNull(plan.fallback());
        assertTrue(plan.hugePages());
        // pages of a size nobody mounted do not count
        assertFalse(DpdkSettings.defaults().plan(ports, machine(Map.of(HUGE, 1024 * MIB), 512)).hugePages());
    }

    @Test
    void shouldScanPciWithHugePagesWhenAPortIsAPciDevice()
    {
        final EalPlan plan = DpdkSettings.defaults().plan(List.of(dpdk("dpdk:0000:01:00.0")),
            machine(Map.of(HUGE, 2 * MIB), 512));
        assertEquals(List.of("--in-memory"), plan.args());
    }

    @Test
    void shouldUseGivenArgumentsWhateverTheMachineHas()
    {
        final DpdkSettings settings = DpdkSettings.of("--no-pci -m 1024");
        assertEquals(List.of("--no-pci", "-m", "1024", "--in-memory"),
            settings.plan(List.of(), machine(Map.of(), 0)).args());
        assertEquals(List.of("--no-huge", "-m", "64", "--no-shconf"),
            DpdkSettings.of("--no-huge -m 64").plan(List.of(), machine(Map.of(HUGE, 2 * MIB), 512)).args());
        assertEquals(List.of("--legacy-mem", "--no-shconf"),
            DpdkSettings.of("--legacy-mem").plan(List.of(), machine(Map.of(), 0)).args());
        assertFalse(settings.withPort(DpdkPortConfig.defaults()).automatic());
        assertTrue(DpdkSettings.defaults().withPort(DpdkPortConfig.defaults()).automatic());
    }

    @Test
    void shouldReadMountsAndFreePagesFromTheKernelFiles(@TempDir final Path dir) throws IOException
    {
        final Path mounts = Files.writeString(dir.resolve("mounts"), "proc /proc proc rw 0 0\n"
            + "hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n"
            + "nodev /mnt/huge\\0401g hugetlbfs rw,pagesize=1024M 0 0\n"
            + "none /mnt/plain hugetlbfs rw 0 0\n");
        final Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal: 100 kB\nHugepagesize:    2048 kB\n");
        final Path sys = dir.resolve("hugepages");
        Files.createDirectories(sys.resolve("hugepages-2048kB"));
        Files.createDirectories(sys.resolve("hugepages-1048576kB"));
        Files.writeString(sys.resolve("hugepages-2048kB/free_hugepages"), "300\n");
        Files.writeString(sys.resolve("hugepages-1048576kB/free_hugepages"), "1\n");
        final HugePages pages = HugePages.probe(mounts, meminfo, sys);
        assertEquals(Map.of(Path.of("/dev/hugepages"), 2 * MIB, Path.of("/mnt/huge 1g"), 1024 * MIB,
            Path.of("/mnt/plain"), 2 * MIB), pages.mounts());
        assertEquals(Map.of(2 * MIB, 300L, 1024 * MIB, 1L), pages.freePages());
        assertEquals(300 * 2 * MIB + 1024 * MIB, pages.usableBytes());
        assertNull(pages.shortfall(1024 * MIB));
        assertEquals("no hugetlbfs is mounted", HugePages.probe(dir.resolve("none"), meminfo, sys).shortfall(1));
    }

    @Test
    void shouldDefaultToNoHugePagesAndNoPci()
    {
        assertEquals(List.of("--no-huge", "-m", "512", "--no-pci"), DpdkSettings.defaults().ealArgs());
        assertEquals(List.of("--no-huge", "-m", "512", "--no-pci", "--no-shconf"),
            DpdkSettings.defaults().plan(List.of(), machine(Map.of(), 0)).args());
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
