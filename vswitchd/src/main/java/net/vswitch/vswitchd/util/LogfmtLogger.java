package net.vswitch.vswitchd.util;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that prints one logfmt line per record: {@code ts=... level=info } then the
 * daemon's {@code event=... key=value} text as {@link Log} built it, or {@code logger=NAME msg="..."}
 * for anyone else's message. The daemon's own loggers ({@code net.vswitch...}) pass every level (the
 * {@link Log} threshold filters them); other code's pass {@code INFO} and above, so the JDK's debug
 * chatter stays out of the daemon's log.
 */
public final class LogfmtLogger implements System.Logger
{
    private final String name;
    private final PrintStream out;
    private final System.Logger.Level lowest;

    public LogfmtLogger(final String name, final PrintStream out)
    {
        this.name = name;
        this.out = out;
        this.lowest = name.startsWith("net.vswitch") ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
    }

    @Override
    public String getName()
    {
        return name;
    }

    @Override
    public boolean isLoggable(final System.Logger.Level level)
    {
        return level != System.Logger.Level.OFF && level.getSeverity() >= lowest.getSeverity();
    }

    @Override
    public void log(final System.Logger.Level level, final ResourceBundle bundle, final String message,
        final Throwable thrown)
    {
        if (!isLoggable(level))
        {
            return;
        }
        out.println(line(level, localized(bundle, message), thrown));
    }

    @Override
    public void log(final System.Logger.Level level, final ResourceBundle bundle, final String format,
        final Object... params)
    {
        if (!isLoggable(level))
        {
            return;
        }
        final String pattern = localized(bundle, format);
        out.println(line(level, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern,
            params), null));
    }

    private static String localized(final ResourceBundle bundle, final String message)
    {
        return bundle != null && message != null && bundle.containsKey(message) ? bundle.getString(message) : message;
    }

    String line(final System.Logger.Level level, final String message, final Throwable thrown)
    {
        final StringBuilder line = new StringBuilder(128);
        line.append("ts=").append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append(" level=")
            .append(label(level)).append(' ');
        final String text = String.valueOf(message);
        if (text.startsWith("event="))
        {
            line.append(text);
        }
        else
        {
            line.append("event=log logger=");
            Log.appendValue(line, name);
            line.append(" msg=");
            Log.appendValue(line, text);
        }
        if (thrown != null)
        {
            line.append(" error=");
            Log.appendValue(line, thrown.toString());
        }
        return line.toString();
    }

    private static String label(final System.Logger.Level level)
    {
        return switch (level)
        {
            case WARNING -> "warn";
            case ALL, TRACE -> "debug";
            default -> level.name().toLowerCase(Locale.ROOT);
        };
    }
}
