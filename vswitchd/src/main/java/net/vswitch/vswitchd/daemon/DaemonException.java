package net.vswitch.vswitchd.daemon;

/** The daemon cannot start or cannot do what was asked; the message names the problem. */
public final class DaemonException extends Exception
{
    public DaemonException(final String message)
    {
        super(message);
    }

    public DaemonException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
