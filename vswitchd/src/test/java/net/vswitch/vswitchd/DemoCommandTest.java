package net.vswitch.vswitchd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SECOND = Pattern.compile("\\[ *([0-9]+)s\\] +([0-9]+\\.[0-9]+) Mpps +([0-9]+\\.[0-9]+)"
        + " Gbit/s  drops: (.+)");
    private static final Pattern SUMMARY = Pattern.compile("summary: ([0-9]+) packets in ([0-9]+\\.[0-9]+) s,"
        + " ([0-9]+\\.[0-9]+) Gbit/s, drops: (.+)");
    private static final Pattern DROPS = Pattern.compile("none|[a-z_]+=[0-9]+(, [a-z_]+=[0-9]+)*");

    /** What the user reads: the settings, one line per second, a summary whose figures agree, the rate. */
    @ParameterizedTest
    @ValueSource(strings = {"bridge", "static", "hash-ip"})
    void shouldForwardAndEndWithTheRate(final String logic)
    {
        final String[] result = run("demo", "--seconds", "2", "--ports", "6", "--senders", "2", "--logic", logic);
        assertEquals("0", result[0], result[2]);
        final List<String> lines = List.of(result[1].strip().split("\n"));
        assertEquals(5, lines.size(), result[1]);
        assertEquals("demo: 6 ports, 2 sender(s), 60 B frames, 1000 flows, batch 512, logic " + logic + ", 2 s",
            lines.get(0));
        for (int s = 1; s <= 2; s++)
        {
            final Matcher second = SECOND.matcher(lines.get(s));
            assertTrue(second.matches(), lines.get(s));
            assertEquals(s, Integer.parseInt(second.group(1)), lines.get(s));
            assertTrue(DROPS.matcher(second.group(4)).matches(), lines.get(s));
        }
        final Matcher summary = SUMMARY.matcher(lines.get(3));
        assertTrue(summary.matches(), lines.get(3));
        final long packets = Long.parseLong(summary.group(1));
        final double seconds = Double.parseDouble(summary.group(2));
        assertTrue(packets > 0, "packets forwarded: " + lines.get(3));
        assertTrue(seconds >= 2.0 && seconds < 60, "the run lasts --seconds (plus the senders' stop): " + lines.get(3));
        assertTrue(DROPS.matcher(summary.group(4)).matches(), lines.get(3));
        final Matcher rate = Pattern.compile("([0-9]+\\.[0-9]+) Mpps").matcher(lines.get(4));
        assertTrue(rate.matches(), lines.get(4));
        // the last line is the summary's packets over its time (both printed rounded to 2 decimals)
        final double mpps = packets / seconds / 1e6;
        assertEquals(mpps, Double.parseDouble(rate.group(1)), 0.01 + mpps * 0.005, result[1]);
        assertEquals(mpps * 60 * 8 / 1e3, Double.parseDouble(summary.group(3)), 0.01 + mpps * 0.005, result[1]);
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
