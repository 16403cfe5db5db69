package net.vswitch.vswitchd.state;

/** A change could not be made durable (disk full, read-only directory...); the change is refused. */
public final class StateWriteException extends Exception
{
    private static final long serialVersionUID = 1L;

    public StateWriteException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
