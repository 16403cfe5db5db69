package net.vswitch.ports.pcap;

/** A file that is not a pcap vswitch can replay, or a corrupt or truncated one; the message says which. */
public final class PcapFormatException extends IllegalArgumentException
{
    public PcapFormatException(final String message)
    {
        super(message);
    }
}
