package net.vswitch.fabric.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A logic module's settings as the operator wrote them (config file {@code settings:} or
 * {@code set-logic NAME KEY=VALUE}): strings by key, read with typed accessors that name the key in
 * every error. {@link #checkAllUsed()} refuses keys the module never read.
 */
public final class LogicSettings
{
    /** A setting that is unknown or has a bad value; {@link #key()} lets the daemon point at its line. */
    public static final class InvalidSetting extends IllegalArgumentException
    {
        private final String key;

        public InvalidSetting(final String key, final String message)
        {
            super(message);
            this.key = key;
        }

        public String key()
        {
            return key;
        }
    }

    private final String logic;
    private final Map<String, String> values;
    private final Set<String> used = new LinkedHashSet<>();

    public LogicSettings(final String logic, final Map<String, String> values)
    {
        this.logic = logic;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static LogicSettings empty(final String logic)
    {
        return new LogicSettings(logic, Map.of());
    }

    public Map<String, String> values()
    {
        return values;
    }

    /** The raw value, or {@code fallback} when absent. */
    public String string(final String key, final String fallback)
    {
        used.add(key);
        final String value = values.get(key);
        return value != null ? value : fallback;
    }

    /** An integer in {@code min..max}, or {@code fallback} when absent. */
    public long number(final String key, final long fallback, final long min, final long max)
    {
        final String text = string(key, null);
        if (text == null)
        {
            return fallback;
        }
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidSetting(key, "setting '" + key + "' of logic " + logic + " must be an integer, got '"
                + text + "'");
        }
        if (value < min || value > max)
        {
            throw new InvalidSetting(key, "setting '" + key + "' of logic " + logic + " must be in " + min + ".."
                + max + ", got " + value);
        }
        return value;
    }

    /** {@code true}/{@code false}, or {@code fallback} when absent. */
    public boolean flag(final String key, final boolean fallback)
    {
        final String text = string(key, null);
        if (text == null)
        {
            return fallback;
        }
        return switch (text.trim())
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSetting(key, "setting '" + key + "' of logic " + logic
                + " must be true or false, got '" + text + "'");
        };
    }

    /** Refuses keys no accessor asked for (typos), naming the first and the keys that exist. */
    public void checkAllUsed()
    {
        for (final String key : values.keySet())
        {
            if (!used.contains(key))
            {
                throw new InvalidSetting(key, "unknown setting '" + key + "' for logic " + logic
                    + (used.isEmpty() ? " (it takes no settings)" : " (known: " + String.join(", ", used) + ")"));
            }
        }
    }
}
