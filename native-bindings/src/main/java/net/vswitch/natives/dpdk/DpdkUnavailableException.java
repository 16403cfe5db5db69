package net.vswitch.natives.dpdk;

/**
 * DPDK cannot be used in this process: the shim library was not built (no DPDK development files at
 * build time) or DPDK's shared libraries cannot be loaded. The message names what is missing and how
 * to get it.
 */
public final class DpdkUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public DpdkUnavailableException(final String message)
    {
        super(message);
    }
}
