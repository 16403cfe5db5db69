package net.vswitch.ports.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.vswitch.fabric.PacketBatch;

import static net.vswitch.ports.pcap.PcapFormat.*;

/**
 * Reads pcap records into one preallocated off-heap buffer and points {@link PacketBatch} flyweights
 * at the frames in place: no per-packet allocation. Frames stay valid until the next call to
 * {@link #next}, which may compact the buffer. Single-threaded.
 *
 * <p>A record longer than the file's snaplen is skipped and counted ({@link #malformed()}); a record
 * that claims more than {@link PcapFormat#MAX_RECORD_LENGTH} bytes, or that the file cut short, ends
 * the pass with {@link State#FAILED} and a message naming the record and its offset.
 */
public final class PcapReader implements AutoCloseable
{
    /** Large enough for two records of the largest legal size, so a whole record always fits. */
    public static final int BUFFER_SIZE = 1 << 20;

    /** Where a pass stands. */
    public enum State
    {
        READING, END, FAILED
    }

    private final Path file;
    private final FileChannel channel;
    private final PcapFileHeader header;
    private final ValueLayout.OfInt intLayout;
    private final int recordLimit;
    private final MemorySegment buffer;
    private final ByteBuffer bufferView;
    private int position;
    private int limit;
    private long bufferFileOffset;
    private boolean eof;
    private State state = State.READING;
    private String failure;
    private long records;
    private long malformed;
    private long malformedBytes;

    /**
     * Opens and validates {@code file}.
     *
     * @throws PcapFormatException when it is not a pcap file this reader can replay
     * @throws UncheckedIOException when it cannot be read
     */
    public PcapReader(final Path file, final Arena arena)
    {
        this.file = file;
        try
        {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException("pcap file " + file + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open pcap file " + file + ": " + ex.getMessage(), ex);
        }
        try
        {
            final ByteBuffer raw = ByteBuffer.allocate(GLOBAL_HEADER_LENGTH);
            while (raw.hasRemaining() && channel.read(raw) >= 0)
            {
                // keep reading: a short read is not the end of the file
            }
            this.header = PcapFileHeader.parse(file, raw.flip());
        }
        catch (final IOException ex)
        {
            closeQuietly();
            throw new UncheckedIOException("cannot read pcap file " + file + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly();
            throw ex;
        }
        this.intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(header.order());
        final int snaplen = header.snaplen();
        this.recordLimit = snaplen > 0 && snaplen < MAX_RECORD_LENGTH ? snaplen : MAX_RECORD_LENGTH;
        this.buffer = arena.allocate(BUFFER_SIZE, 64);
        this.bufferView = buffer.asByteBuffer();
        rewind();
    }

    public Path file()
    {
        return file;
    }

    public PcapFileHeader header()
    {
        return header;
    }

    public State state()
    {
        return state;
    }

    /** Why the pass failed, or {@code null}. */
    public String failure()
    {
        return failure;
    }

    /** Records handed out in this pass. */
    public long records()
    {
        return records;
    }

    /** Records skipped as malformed (longer than the snaplen), since the reader was opened. */
    public long malformed()
    {
        return malformed;
    }

    public long malformedBytes()
    {
        return malformedBytes;
    }

    /** Starts a new pass at the first record. */
    public void rewind()
    {
        position = 0;
        limit = 0;
        bufferFileOffset = GLOBAL_HEADER_LENGTH;
        eof = false;
        state = State.READING;
        failure = null;
        records = 0;
    }

    /**
     * Appends up to {@code max} frames to {@code batch} (which the caller cleared); frames from an
     * earlier call are invalid afterwards. Returns the number added; when it is 0 check
     * {@link #state()}: {@code END} or {@code FAILED} end the pass.
     */
    public int next(final PacketBatch batch, final int max, final int ingressPort)
    {
        int added = 0;
        final int want = Math.min(max, batch.capacity() - batch.size());
        while (added < want && state == State.READING)
        {
            final int available = limit - position;
            if (available < RECORD_HEADER_LENGTH)
            {
                if (added > 0 || !refill())
                {
                    if (added == 0)
                    {
                        endOfFile(available, RECORD_HEADER_LENGTH);
                    }
                    break;
                }
                continue;
            }
            final long length = Integer.toUnsignedLong(buffer.get(intLayout, position + INCL_LEN_OFFSET));
            if (length > MAX_RECORD_LENGTH)
            {
                fail("record " + (records + malformed + 1) + " at offset " + (bufferFileOffset + position)
                    + " claims " + length + " bytes, more than the " + MAX_RECORD_LENGTH + " a pcap record may hold");
                break;
            }
            final int total = RECORD_HEADER_LENGTH + (int)length;
            if (available < total)
            {
                if (added > 0 || !refill())
                {
                    if (added == 0)
                    {
                        endOfFile(limit - position, total);
                    }
                    break;
                }
                continue;
            }
            if (length > recordLimit)
            {
                malformed++;
                malformedBytes += length;
            }
            else
            {
                batch.add(buffer, position + RECORD_HEADER_LENGTH, (int)length, (int)length, ingressPort);
                records++;
                added++;
            }
            position += total;
        }
        return added;
    }

    private void endOfFile(final int available, final int needed)
    {
        if (available == 0)
        {
            state = State.END;
        }
        else
        {
            fail("record " + (records + malformed + 1) + " at offset " + (bufferFileOffset + position) + " needs "
                + needed + " bytes but the file ends after " + available);
        }
    }

    private void fail(final String why)
    {
        state = State.FAILED;
        failure = "pcap file " + file + " is truncated or corrupt: " + why;
    }

    /** Moves the unread bytes to the start of the buffer and reads more; false at end of file. */
    private boolean refill()
    {
        if (eof)
        {
            return false;
        }
        final int remaining = limit - position;
        if (position > 0)
        {
            MemorySegment.copy(buffer, position, buffer, 0, remaining);
            bufferFileOffset += position;
            position = 0;
            limit = remaining;
        }
        try
        {
            channel.position(bufferFileOffset + limit);
            final ByteBuffer view = bufferView.clear().position(limit);
            int read = 0;
            while (view.hasRemaining())
            {
                final int n = channel.read(view);
                if (n < 0)
                {
                    eof = true;
                    break;
                }
                read += n;
            }
            limit += read;
            return read > 0;
        }
        catch (final IOException ex)
        {
            state = State.FAILED;
            failure = "cannot read pcap file " + file + ": " + ex.getMessage();
            return false;
        }
    }

    private void closeQuietly()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // closing after a failed open: the first error is what the caller needs
        }
    }

    /** Closes the file; the buffer belongs to the caller's arena. */
    @Override
    public void close()
    {
        closeQuietly();
    }

    /** The byte order of the file being read. */
    public ByteOrder order()
    {
        return header.order();
    }
}
