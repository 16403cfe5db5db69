package net.vswitch.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequirementsTest
{
    @Test
    void shouldNameEveryMissingPieceAndOneInstallCommand()
    {
        final Requirements requirements = Requirements.of("demo")
            .tool("sh", "dash")
            .tool("vsw-no-such-tool", "vsw-tools")
            .tool("vsw-other-tool", "iputils-ping")
            .tool("vsw-no-such-tool-2", "vsw-tools")
            .readWrite(Path.of("/nonexistent/tun"), "modprobe tun")
            .that(false, "DPDK (shim not built)", "libdpdk-dev pkg-config");
        assertEquals("needs: vsw-no-such-tool (not on PATH), vsw-other-tool (not on PATH), vsw-no-such-tool-2 (not on"
            + " PATH), /nonexistent/tun (missing), DPDK (shim not built) [demo]; fix: apt-get install vsw-tools"
            + " iputils-ping libdpdk-dev pkg-config; modprobe tun", requirements.problem());
    }

    @Test
    void shouldHaveNoProblemWhenEverythingIsThere()
    {
        final Requirements requirements = Requirements.of("demo").tool("sh", "dash").that(true, "x", "y");
        assertNull(requirements.problem());
        requirements.assumeMet();
    }

    @Test
    void shouldSkipWithTheProblemAsMessageAndRecordItInTheSkipLog(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("sub/skips.log");
        System.setProperty(Requirements.SKIP_LOG_PROP_NAME, log.toString());
        try
        {
            final TestAbortedException ex = assertThrows(TestAbortedException.class,
                () -> Requirements.of("demo").tool("vsw-no-such-tool", "vsw-tools").assumeMet());
            assertEquals("Assumption failed: needs: vsw-no-such-tool (not on PATH) [demo]; fix: apt-get install"
                + " vsw-tools", ex.getMessage());
            assertEquals(List.of("RequirementsTest\tneeds: vsw-no-such-tool (not on PATH) [demo]; fix: apt-get install"
                + " vsw-tools"), Files.readAllLines(log));
        }
        finally
        {
            System.clearProperty(Requirements.SKIP_LOG_PROP_NAME);
        }
    }

    @Test
    void shouldFindToolsOnThePathOnly()
    {
        assertEquals(safeReal(Path.of("/bin/sh")), safeReal(Requirements.which("sh")));
        assertNull(Requirements.which("vsw-no-such-tool"));
        assertNull(Requirements.which("/nonexistent/sh"));
    }

    @Test
    void shouldProbePythonModulesByImportingThem()
    {
        final String problem = Requirements.of("demo").pythonModule("vsw_no_such_module", "python3-vsw").problem();
        if (Requirements.which("python3") == null)
        {
            assertEquals("needs: python3 (not on PATH) [demo]; fix: apt-get install python3 python3-vsw", problem);
        }
        else
        {
            assertEquals("needs: python3 module vsw_no_such_module [demo]; fix: apt-get install python3-vsw", problem);
            assertNull(Requirements.of("demo").pythonModule("os", "python3").problem());
        }
    }

    private static Path safeReal(final Path path)
    {
        try
        {
            return path.toRealPath().getFileName();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
