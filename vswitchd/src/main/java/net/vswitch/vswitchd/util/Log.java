package net.vswitch.vswitchd.util;

import java.util.Locale;

/**
 * Structured events, one per line: {@code event=port_added switch=br0 port=vm1}, handed to a
 * {@link System.Logger}, so an application that embeds the daemon routes them into its own logging
 * (its {@link System.LoggerFinder}, e.g. an SLF4J bridge). The {@code vswitch} command installs
 * {@link LogfmtLoggerFinder}, which prints {@code ts=... level=info event=...} lines on stderr
 * (journald picks them up under systemd). Control path only: the data path never logs per packet.
 */
public final class Log
{
    /** The logger name the daemon logs under. */
    public static final String NAME = "net.vswitch.vswitchd";

    /** Severity, lowest first. */
    public enum Level
    {
        DEBUG(System.Logger.Level.DEBUG), INFO(System.Logger.Level.INFO), WARN(System.Logger.Level.WARNING),
        ERROR(System.Logger.Level.ERROR);

        private final System.Logger.Level system;

        Level(final System.Logger.Level system)
        {
            this.system = system;
        }

        /** The {@link System.Logger} level events of this severity are logged at. */
        public System.Logger.Level system()
        {
            return system;
        }

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

    private final System.Logger logger;
    private volatile Level threshold;

    /** Events at {@code threshold} and above go to {@code logger} (which may filter further). */
    public Log(final System.Logger logger, final Level threshold)
    {
        this.logger = logger;
        this.threshold = threshold;
    }

    /** The daemon's log: {@link System#getLogger} under {@link #NAME}. */
    public static Log system(final Level threshold)
    {
        return new Log(System.getLogger(NAME), threshold);
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
        return level.compareTo(threshold) >= 0 && logger.isLoggable(level.system());
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
        logger.log(level.system(), format(event, keyValues));
    }

    /** {@code event=NAME key=value ...}, values quoted when they hold spaces, quotes, {@code =} or controls. */
    static String format(final String event, final Object... keyValues)
    {
        final StringBuilder line = new StringBuilder(96);
        line.append("event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2)
        {
            line.append(' ').append(keyValues[i]).append('=');
            appendValue(line, String.valueOf(keyValues[i + 1]));
        }
        return line.toString();
    }

    /** Appends {@code value} as one logfmt value. */
    static void appendValue(final StringBuilder line, final String value)
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
            else if (c < ' ')
            {
                line.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                line.append(c);
            }
        }
        line.append('"');
    }
}
