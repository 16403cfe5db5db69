package net.vswitch.natives;

/**
 * A native call failed. The message reads like C's {@code perror}: {@code "<call>: <strerror(errno)>"},
 * e.g. {@code "if_nametoindex: No such device"}; {@link #call()} and {@link #errno()} give the parts.
 */
public final class NativeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** @param description what {@code strerror(errno)} says */
    public NativeException(final String call, final int errno, final String description)
    {
        super(call + ": " + description);
        this.call = call;
        this.errno = errno;
    }

    /** The failed call as the C programmer writes it, possibly with its argument, e.g. {@code ioctl(TUNSETIFF)}. */
    public String call()
    {
        return call;
    }

    /** The {@code errno} value the call left behind (0 when the failure set none). */
    public int errno()
    {
        return errno;
    }
}
