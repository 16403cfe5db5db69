package net.vswitch.vswitchd.util;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Structured log lines, one per event: {@code ts=... level=info event=port_added switch=br0 port=vm1}.
 * Values with spaces, quotes or {@code =} are quoted. Written to stderr (journald picks it up under
 * systemd). Control path only: the data path never logs per packet.
 */
public final class Log
{
    /** Severity, lowest first. */
    public enum Level
    {
        DEBUG, INFO, WARN, ERROR;

        /** Parses {@code debug|info|warn|error}, naming the choices on error. */
        public static Level parse(final String text)
        {
            for (final Level level : values())
            {
                if (level.name().equalsIgnoreCase(text))
                {
                    return level;
                }
            }
            throw new IllegalArgumentException("log level must be debug, info, warn or error, got '" + text + "'");
        }
    }

    private final PrintStream out;
    private volatile Level threshold;

    public Log(final PrintStream out, final Level threshold)
    {
        this.out = out;
        this.threshold = threshold;
    }

    public Level threshold()
    {
        return threshold;
    }

    public void threshold(final Level level)
    {
        this.threshold = level;
    }

    public boolean enabled(final Level level)
    {
        return level.compareTo(threshold) >= 0;
    }

    public void debug(final String event, final Object... keyValues)
    {
        log(Level.DEBUG, event, keyValues);
    }

    public void info(final String event, final Object... keyValues)
    {
        log(Level.INFO, event, keyValues);
    }

    public void warn(final String event, final Object... keyValues)
    {
        log(Level.WARN, event, keyValues);
    }

    public void error(final String event, final Object... keyValues)
    {
        log(Level.ERROR, event, keyValues);
    }

    /** @param keyValues alternating keys and values */
    public void log(final Level level, final String event, final Object... keyValues)
    {
        if (!enabled(level))
        {
            return;
        }
        out.println(format(level, event, keyValues));
    }

    static String format(final Level level, final String event, final Object... keyValues)
    {
        final StringBuilder line = new StringBuilder(96);
        line.append("ts=").append(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .append(" level=").append(level.name().toLowerCase(Locale.ROOT))
            .append(" event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2)
        {
            line.append(' ').append(keyValues[i]).append('=');
            appendValue(line, String.valueOf(keyValues[i + 1]));
        }
        return line.toString();
    }

    private static void appendValue(final StringBuilder line, final String value)
    {
        boolean quote = value.isEmpty();
        for (int i = 0; i < value.length() && !quote; i++)
        {
            final char c = value.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=';
        }
        if (!quote)
        {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                line.append('\\').append(c);
            }
            else if (c == '\n')
            {
                line.append("\\n");
            }
            else
            {
                line.append(c);
            }
        }
        line.append('"');
    }
}
