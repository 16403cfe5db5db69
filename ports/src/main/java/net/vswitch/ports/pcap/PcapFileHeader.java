package net.vswitch.ports.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static net.vswitch.ports.pcap.PcapFormat.*;

/**
 * A validated pcap global header.
 *
 * @param order    byte order of every field in the file
 * @param nanos    whether timestamps carry nanoseconds (else microseconds)
 * @param snaplen  the capture's snapshot length (0 = unknown)
 * @param linktype the data link type; only Ethernet is accepted
 */
public record PcapFileHeader(ByteOrder order, boolean nanos, int snaplen, int linktype)
{
    /**
     * Parses the first {@link PcapFormat#GLOBAL_HEADER_LENGTH} bytes of {@code file}.
     *
     * @param header the bytes read (position 0, limit = bytes available)
     * @throws PcapFormatException naming the file and what is wrong
     */
    public static PcapFileHeader parse(final Path file, final ByteBuffer header)
    {
        if (header.remaining() < GLOBAL_HEADER_LENGTH)
        {
            throw new PcapFormatException("pcap file " + file + " is truncated: " + header.remaining()
                + " bytes, a pcap file starts with a " + GLOBAL_HEADER_LENGTH + "-byte header");
        }
        final int raw = header.order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC_OFFSET);
        final ByteOrder order;
        final boolean nanos;
        if (raw == MAGIC_MICROS || raw == MAGIC_NANOS)
        {
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = raw == MAGIC_NANOS;
        }
        else if (Integer.reverseBytes(raw) == MAGIC_MICROS || Integer.reverseBytes(raw) == MAGIC_NANOS)
        {
            order = ByteOrder.BIG_ENDIAN;
            nanos = Integer.reverseBytes(raw) == MAGIC_NANOS;
        }
        else if (raw == PCAPNG_MAGIC)
        {
            throw new PcapFormatException("file " + file + " is pcapng, not classic pcap; convert it with "
                + "'editcap -F pcap " + file + " out.pcap'");
        }
        else
        {
            throw new PcapFormatException(String.format(
                "file %s is not a pcap file: magic 0x%08x (expected 0xa1b2c3d4 or 0xa1b23c4d in either byte order)",
                file, raw));
        }
        header.order(order);
        final int major = header.getShort(VERSION_MAJOR_OFFSET) & 0xFFFF;
        final int minor = header.getShort(VERSION_MINOR_OFFSET) & 0xFFFF;
        if (major != VERSION_MAJOR)
        {
            throw new PcapFormatException("pcap file " + file + " has version " + major + "." + minor
                + " (only " + VERSION_MAJOR + ".x is supported)");
        }
        final int snaplen = header.getInt(SNAPLEN_OFFSET);
        // the top bits of the link type field carry FCS flags in newer files; the type is the low 16 bits
        final int linktype = header.getInt(LINKTYPE_OFFSET) & 0xFFFF;
        if (linktype != LINKTYPE_ETHERNET)
        {
            throw new PcapFormatException("pcap file " + file + " has link type " + linktype
                + "; only Ethernet (1) frames can be replayed into the switch");
        }
        return new PcapFileHeader(order, nanos, snaplen, linktype);
    }
}
