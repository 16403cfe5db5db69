package net.vswitch.vswitchd.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import net.vswitch.vswitchd.Main;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.daemon.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vswitch ctl ...} as a user types it: exit status and what is printed. */
class CtlCommandLineTest
{
    @TempDir
    Path dir;

    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void shouldExitZeroAndPrintTheAnswer() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none().withPorts(List.of("virtual:a"))))
        {
            final String ctl = running.ctl().toString();
            final Run show = run("ctl", "--ctl", ctl, "show", "--json");
            assertEquals(0, show.status(), show.err());
            assertTrue(show.out().startsWith("{\"switches\":[{\"name\":\"br0\",\"logic\":\"bridge\""), show.out());
            final Run before = run("ctl", "--ctl", ctl, "--json", "stats");
            assertEquals(0, before.status(), before.err());
            assertTrue(before.out().startsWith("{\"switches\""), "--json before the command works too");
            final Run add = run("ctl", "--ctl", ctl, "add-port", "virtual:b");
            assertEquals(new Run(0, "added port b to switch br0 (index 1, ofport 2)\n", ""), add);
        }
    }

    @Test
    void shouldExitNonZeroWithTheError() throws Exception
    {
        try (TestDaemons.Running running = TestDaemons.start(dir, RunFlags.none()))
        {
            final Run run = run("ctl", "--ctl", running.ctl().toString(), "del-port", "nope");
            assertEquals(new Run(1, "", "vswitch ctl: switch br0 has no port named 'nope'\n"), run);
        }
    }

    @Test
    void shouldExplainWhenNoDaemonRuns()
    {
        final Path ctl = dir.resolve("vsd-none.ctl");
        final Run run = run("ctl", "--ctl", ctl.toString(), "show");
        assertEquals(new Run(2, "", "vswitch ctl: no vswitch daemon at " + ctl + " (no such socket): start one with"
            + " 'vswitch run', or point at it with --ctl PATH\n"), run);
    }
}
