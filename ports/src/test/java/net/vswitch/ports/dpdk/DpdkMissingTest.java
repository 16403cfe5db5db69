package net.vswitch.ports.dpdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.natives.dpdk.DpdkLibrary;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.testsupport.ChildProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A machine without DPDK, simulated by a JVM pointed at a shim that does not exist: creating a DPDK
 * port fails with a message saying what is missing and how to install it. Runs everywhere.
 */
class DpdkMissingTest
{
    /** Runs in the child JVM: tries to create a DPDK port and prints the error. */
    public static void main(final String[] args)
    {
        try
        {
            new PortFactory().create(PortSpec.parse("dpdk:net_null0"));
            System.out.println("CREATED");
        }
        catch (final RuntimeException ex)
        {
            System.out.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
    }

    @Test
    void shouldTellHowToInstallDpdkWhenTheShimIsMissing()
    {
        final Path missing = Path.of("/nonexistent/vsdp");
        final ChildProcess.Result result;
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-D" + DpdkLibrary.PATH_PROP_NAME + "=" + missing,
            "-cp", System.getProperty("java.class.path"),
            DpdkMissingTest.class.getName())).redirectErrorStream(true)))
        {
            result = child.await(Duration.ofSeconds(120));
        }
        final String output = result.output().trim();
        assertEquals(0, result.exitCode(), output);
        assertEquals("DpdkUnavailableException: DPDK is not available: libvswitch_dpdk.so not found (looked in "
            + missing + "); install DPDK with"
            + " 'apt-get install libdpdk-dev pkg-config' and rebuild (mvn package) so the DPDK shim"
            + " libvswitch_dpdk.so is compiled", output);
    }
}
