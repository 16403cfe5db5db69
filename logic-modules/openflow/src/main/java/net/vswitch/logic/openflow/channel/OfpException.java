package net.vswitch.logic.openflow.channel;

/**
 * A message the switch refuses: carries the OpenFlow error type and code the spec names for it, and a sentence
 * for the log and the error's data. The decoder throws nothing else on bad input.
 */
public final class OfpException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int type;
    private final int code;
    private final boolean fatal;

    public OfpException(final int type, final int code, final String message)
    {
        this(type, code, message, false);
    }

    /** {@code fatal}: the framing is lost (the connection is closed after the error is sent). */
    public OfpException(final int type, final int code, final String message, final boolean fatal)
    {
        super(message, null, false, false);
        this.type = type;
        this.code = code;
        this.fatal = fatal;
    }

    public int type()
    {
        return type;
    }

    public int code()
    {
        return code;
    }

    public boolean fatal()
    {
        return fatal;
    }

    /** {@code OFPET_BAD_REQUEST/OFPBRC_BAD_LEN}-style text for counters and logs. */
    public String label()
    {
        return Ofp.errorName(type, code);
    }

    static OfpException badLen(final String message)
    {
        return new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_LEN, message);
    }
}
