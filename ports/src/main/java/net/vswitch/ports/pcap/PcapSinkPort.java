package net.vswitch.ports.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.RingDescriptor;

/**
 * A destination-only port that writes every frame the switch delivers to it into a pcap file
 * (Wireshark/tshark read it). The switch fills the port's ring; the thread that published frames
 * drains them into the file in {@link #outputReady()} (one drainer at a time, the others move on:
 * whoever holds the drain takes their frames too). Records carry the time they were drained.
 * {@link #flush()} makes everything delivered so far visible in the file; {@link #close()} flushes.
 *
 * <p>A write error (disk full) counts the frames it loses as {@link DropReason#TX_ERROR} and sets
 * {@link #failure()}; the port keeps draining its ring, so the switch is never held up.
 */
public final class PcapSinkPort extends Port
{
    public static final int SLOTS_DEFAULT = 1024;
    /** Jumbo frames (9000 B) fit. */
    public static final int BUFFER_SIZE_DEFAULT = 9216;

    private final Path file;
    private final Arena arena = Arena.ofShared();
    private final Ring ring;
    private final OutputRing output;
    private final PcapWriter writer;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final WallClock clock = new WallClock();
    private volatile String failure;
    private boolean closed;

    /** Creates (or truncates) {@code file}; fails with a message naming it when it cannot be written. */
    public PcapSinkPort(final String name, final Path file)
    {
        this(name, file, SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT);
    }

    public PcapSinkPort(final String name, final Path file, final int slots, final int bufferSize)
    {
        super(name);
        RingDescriptor.checkCapacity(slots);
        RingDescriptor.checkBufferSize(bufferSize);
        this.file = file;
        try
        {
            this.writer = new PcapWriter(file, arena);
        }
        catch (final IOException ex)
        {
            arena.close();
            throw new UncheckedIOException("cannot create pcap file " + file + ": " + ex, ex);
        }
        this.ring = Ring.allocate(arena, slots, bufferSize);
        this.output = new OutputRing(ring, counters());
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return "pcap-out:" + file;
    }

    public Path file()
    {
        return file;
    }

    /** Why writing failed, or {@code null}. */
    public String failure()
    {
        return failure;
    }

    @Override
    protected void outputReady()
    {
        while (draining.compareAndSet(false, true))
        {
            final long tail;
            try
            {
                tail = drain();
            }
            finally
            {
                draining.set(false);
            }
            if (ring.tail() == tail)
            {
                return;
            }
        }
    }

    /** Records frames {@code [head, tail)}; call with the drain held. Returns the tail it drained to. */
    private long drain()
    {
        final long tail = ring.tail();
        long position = ring.head();
        if (position == tail)
        {
            return tail;
        }
        final MemorySegment memory = ring.memory();
        final long now = clock.epochNanos();
        try
        {
            if (closed)
            {
                throw new IOException("pcap-out port " + name() + " is closed");
            }
            while (position != tail)
            {
                final int length = ring.slotLength(position);
                if (length > 0)
                {
                    writer.write(now, memory, ring.bufferOffset(position), length);
                }
                position++;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            counters().drop(DropReason.TX_ERROR, tail - position);
            if (failure == null)
            {
                failure = "writing " + file + " failed: " + ex.getMessage();
                System.err.println("vswitch: pcap-out port " + name() + ": " + failure);
            }
        }
        ring.head(tail);
        return tail;
    }

    private void lockDrain()
    {
        while (!draining.compareAndSet(false, true))
        {
            Thread.yield();
        }
    }

    /** Drains the ring and writes everything buffered to the file. */
    public void flush()
    {
        lockDrain();
        try
        {
            drain();
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("flushing pcap file " + file + " failed: " + ex.getMessage(), ex);
        }
        finally
        {
            draining.set(false);
        }
    }

    /** Records written to the file (or its buffer) so far. */
    public long records()
    {
        return writer.records();
    }

    /** Flushes and closes the file; detach the port first. */
    @Override
    public void close()
    {
        requireDetached();
        lockDrain();
        try
        {
            if (closed)
            {
                return;
            }
            drain();
            closed = true;
            writer.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing pcap file " + file + " failed: " + ex.getMessage(), ex);
        }
        finally
        {
            draining.set(false);
            if (closed)
            {
                arena.close();
            }
        }
    }
}
