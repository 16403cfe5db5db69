package net.vswitch.vswitchd.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

class LogTest
{
    /** What an embedding application's logging would receive. */
    private static final class Recording implements System.Logger
    {
        final List<String> records = new ArrayList<>();

        @Override
        public String getName()
        {
            return "app";
        }

        @Override
        public boolean isLoggable(final Level level)
        {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable thrown)
        {
            records.add(level + " " + msg);
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params)
        {
            records.add(level + " " + format);
        }
    }

    @Test
    void shouldHandEventsToTheSystemLoggerAnApplicationProvides()
    {
        final Recording app = new Recording();
        final Log log = new Log(app, Log.Level.INFO);
        log.info("port_added", "switch", "br0", "port", "vm 1");
        log.warn("odd", "value", "a=b\u0001");
        log.debug("hidden");
        log.threshold(Log.Level.ERROR);
        log.warn("also_hidden");
        assertEquals(List.of("INFO event=port_added switch=br0 port=\"vm 1\"",
            "WARNING event=odd value=\"a=b\\u0001\""), app.records);
    }

    @Test
    void shouldPrintLogfmtLinesInTheDaemon()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final Log log = new Log(new LogfmtLogger(Log.NAME, out), Log.Level.DEBUG);
        log.debug("ready", "n", 1);
        log.error("failed", "error", "no \"such\" file");
        new LogfmtLogger("sun.net.httpserver", out).log(System.Logger.Level.DEBUG, "chatter");
        new LogfmtLogger("sun.net.httpserver", out).log(System.Logger.Level.WARNING, "bind failed", new Exception("x"));
        final String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("ts=\\S+Z level=debug event=ready n=1"), lines[0]);
        assertTrue(lines[1].matches("ts=\\S+Z level=error event=failed error=\"no \\\\\"such\\\\\" file\""), lines[1]);
        assertTrue(lines[2].matches("ts=\\S+Z level=warn event=log logger=sun.net.httpserver msg=\"bind failed\""
            + " error=java.lang.Exception: x|ts=\\S+Z level=warn event=log logger=sun.net.httpserver"
            + " msg=\"bind failed\" error=\"java.lang.Exception: x\""), lines[2]);
    }

    @Test
    void shouldBeTheLoggerFinderOfTheDaemonProcess()
    {
        assertInstanceOf(LogfmtLogger.class, System.getLogger(Log.NAME));
    }
}
