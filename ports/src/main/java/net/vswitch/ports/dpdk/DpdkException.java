package net.vswitch.ports.dpdk;

/**
 * A DPDK call failed (EAL start, device probe, port setup). The message names the call, the device
 * and DPDK's own error text ({@code rte_strerror}); {@link #errno()} keeps the number.
 */
public final class DpdkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    public DpdkException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    public DpdkException(final String message)
    {
        this(message, 0);
    }

    /** The positive errno DPDK reported, or 0 when the failure was detected by vswitch. */
    public int errno()
    {
        return errno;
    }
}
