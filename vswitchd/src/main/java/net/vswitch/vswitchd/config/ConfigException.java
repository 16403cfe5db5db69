package net.vswitch.vswitchd.config;

/** A configuration problem; the message reads {@code FILE:LINE: reason} (or {@code --flag: reason}). */
public final class ConfigException extends Exception
{
    public ConfigException(final String where, final String reason)
    {
        super(where + ": " + reason);
    }
}
