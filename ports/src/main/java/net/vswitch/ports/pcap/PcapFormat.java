package net.vswitch.ports.pcap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The classic libpcap file format (not pcapng), as libpcap tools, tshark and Wireshark read and write it.
 * A file is a 24-byte global header followed by records; every field is in the byte order the
 * magic number reveals (a reader sees {@code 0xa1b2c3d4} or its byte swap).
 *
 * <pre>
 * global header (24 bytes)
 *   0                   4                   8                  12                  16                  20
 *   +-------------------+---------+---------+-------------------+-------------------+-------------------+
 *   | magic             | major 2 | minor 4 | thiszone (0)      | sigfigs (0)       | snaplen           |
 *   +-------------------+---------+---------+-------------------+-------------------+-------------------+
 *  20 | linktype (1 = Ethernet) |
 *
 * record header (16 bytes), then incl_len bytes of frame
 *   0                   4                   8                  12
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | ts seconds        | ts micro/nanosec. | incl_len (stored) | orig_len (on wire)|
 *   +-------------------+-------------------+-------------------+-------------------+
 * </pre>
 * {@code 0xa1b2c3d4} marks microsecond timestamps, {@code 0xa1b23c4d} nanosecond ones.
 * {@code incl_len < orig_len} when the capture was truncated to {@code snaplen}.
 */
public final class PcapFormat
{
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** pcapng's section header block type: a different format, named in the error. */
    public static final int PCAPNG_MAGIC = 0x0a0d0d0a;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    public static final int LINKTYPE_ETHERNET = 1;
    /** libpcap's MAXIMUM_SNAPLEN: a record claiming more is corruption, not a big frame. */
    public static final int MAX_RECORD_LENGTH = 262_144;
    /** What the writers put in the header: nothing the switch carries is ever truncated. */
    public static final int WRITER_SNAPLEN = MAX_RECORD_LENGTH;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int THISZONE_OFFSET = 8;
    public static final int SIGFIGS_OFFSET = 12;
    public static final int SNAPLEN_OFFSET = 16;
    public static final int LINKTYPE_OFFSET = 20;

    public static final int TS_SECONDS_OFFSET = 0;
    public static final int TS_FRACTION_OFFSET = 4;
    public static final int INCL_LEN_OFFSET = 8;
    public static final int ORIG_LEN_OFFSET = 12;

    /** Byte order of the files the writers produce. */
    public static final ByteOrder WRITER_ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfInt WRITER_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(WRITER_ORDER);

    /** Bytes one record of a {@code length}-byte frame takes in a writer's file (header + stored bytes). */
    public static int recordLength(final int length)
    {
        return RECORD_HEADER_LENGTH + storedLength(length);
    }

    /**
     * Encodes one record (microsecond timestamp, {@link #WRITER_ORDER}) at {@code at} in {@code buffer}, which
     * must have {@link #recordLength(int)} bytes free there: the one record encoder of the file writer and the
     * live capture.
     *
     * @return the record's length
     */
    public static int putRecord(final MemorySegment buffer, final long at, final long epochNanos,
        final MemorySegment frame, final long offset, final int length)
    {
        final int stored = storedLength(length);
        buffer.set(WRITER_INT, at + TS_SECONDS_OFFSET, (int)(epochNanos / 1_000_000_000L));
        buffer.set(WRITER_INT, at + TS_FRACTION_OFFSET, (int)(epochNanos % 1_000_000_000L / 1_000L));
        buffer.set(WRITER_INT, at + INCL_LEN_OFFSET, stored);
        buffer.set(WRITER_INT, at + ORIG_LEN_OFFSET, length);
        MemorySegment.copy(frame, offset, buffer, at + RECORD_HEADER_LENGTH, stored);
        return RECORD_HEADER_LENGTH + stored;
    }

    private static int storedLength(final int length)
    {
        return Math.max(0, Math.min(length, WRITER_SNAPLEN));
    }

    private PcapFormat()
    {
    }
}
