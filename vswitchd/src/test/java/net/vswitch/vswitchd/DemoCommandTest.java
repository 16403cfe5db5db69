package net.vswitch.vswitchd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DemoCommandTest
{
    private static String[] run(final String... args)
    {
        final PrintStream old = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        final int code;
        try
        {
            code = Main.execute(args);
        }
        finally
        {
            System.setOut(old);
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @ParameterizedTest
    @ValueSource(strings = {"bridge", "static", "hash-ip"})
    void shouldForwardAndEndWithTheRate(final String logic)
    {
        final String[] result = run("demo", "--seconds", "1", "--ports", "6", "--senders", "2", "--logic", logic);
        assertEquals("0", result[0], result[2]);
        final String[] lines = result[1].strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("[0-9]+\\.[0-9]+ Mpps"), lines[lines.length - 1]);
        assertTrue(Double.parseDouble(lines[lines.length - 1].split(" ")[0]) > 0, result[1]);
        assertTrue(result[1].contains("drops:"), result[1]);
    }

    @Test
    void shouldHandleManyPortsAndJumboFrames()
    {
        final String[] result = run("demo", "--seconds", "1", "--ports", "1024", "--size", "9000", "--flows", "5000",
            "--logic", "hash-ip");
        assertEquals("0", result[0], result[2]);
        assertTrue(result[1].contains("drops: none"), result[1]);
    }

    @Test
    void shouldRejectBadFlagsByName()
    {
        final String[] result = run("demo", "--size", "20");
        assertEquals("2", result[0]);
        assertEquals("vswitch demo: --size must be in 60..9000: 20", result[2].strip());
        final String[] unknown = run("demo", "--logic", "nope");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].strip().startsWith("vswitch demo: unknown logic 'nope'; known logics are bridge, "),
            unknown[2]);
    }
}
