package net.vswitch.vswitchd.ctl;

/** A ctl command failed; the message is what the operator reads (the ctl exits non-zero). */
public final class CtlException extends Exception
{
    public CtlException(final String message)
    {
        super(message);
    }
}
