package net.vswitch.ports.pcap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static net.vswitch.ports.pcap.PcapFormat.*;

/**
 * Appends records to a classic pcap file (little-endian, microsecond timestamps, Ethernet) through
 * one preallocated off-heap buffer; a write reaches the file when the buffer fills, on
 * {@link #flush()} and on {@link #close()}. Not thread-safe: callers serialize.
 */
public final class PcapWriter implements AutoCloseable
{
    public static final int BUFFER_SIZE = 1 << 20;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(WRITER_ORDER);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(WRITER_ORDER);

    private final Path file;
    private final FileChannel channel;
    private final MemorySegment buffer;
    private final ByteBuffer bufferView;
    private int position;
    private long records;

    /** Creates (or truncates) {@code file} and writes the global header; the buffer lives in {@code arena}. */
    public PcapWriter(final Path file, final Arena arena) throws IOException
    {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        this.buffer = arena.allocate(BUFFER_SIZE, 64);
        this.bufferView = buffer.asByteBuffer();
        buffer.set(INT, MAGIC_OFFSET, MAGIC_MICROS);
        buffer.set(SHORT, VERSION_MAJOR_OFFSET, (short)VERSION_MAJOR);
        buffer.set(SHORT, VERSION_MINOR_OFFSET, (short)VERSION_MINOR);
        buffer.set(INT, THISZONE_OFFSET, 0);
        buffer.set(INT, SIGFIGS_OFFSET, 0);
        buffer.set(INT, SNAPLEN_OFFSET, WRITER_SNAPLEN);
        buffer.set(INT, LINKTYPE_OFFSET, LINKTYPE_ETHERNET);
        position = GLOBAL_HEADER_LENGTH;
        flush();
    }

    public Path file()
    {
        return file;
    }

    /** Records written (or buffered) so far. */
    public long records()
    {
        return records;
    }

    /**
     * Appends one record.
     *
     * @param epochNanos capture time, nanoseconds since the Unix epoch
     */
    public void write(final long epochNanos, final MemorySegment frame, final long offset, final int length)
        throws IOException
    {
        if (position + recordLength(length) > BUFFER_SIZE)
        {
            flush();
        }
        position += putRecord(buffer, position, epochNanos, frame, offset, length);
        records++;
    }

    /** Writes what is buffered to the file. */
    public void flush() throws IOException
    {
        final ByteBuffer view = bufferView.clear().limit(position);
        while (view.hasRemaining())
        {
            channel.write(view);
        }
        position = 0;
    }

    /** Flushes and closes the file. */
    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            channel.close();
        }
    }
}
