package net.vswitch.ports.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.PacketMirror;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;

import static net.vswitch.ports.pcap.PcapFormat.*;

/**
 * Mirrors one port's traffic, both directions, into a pcap file while the switch runs
 * ({@code vswitch ctl capture PORT FILE}): frames the port sends into the switch and frames the
 * switch delivers to it, in the order the data path saw them.
 *
 * <p>The data path only copies frames into one of two preallocated buffers under a short lock; a
 * writer thread swaps the buffers and writes the full one to the file, so no data path thread ever
 * waits for the disk. When the writer falls behind and the buffer is full, frames are left out of
 * the capture and counted in {@link #missed()}; the switch's own traffic is never affected.
 *
 * <pre>{@code
 * try (PcapCapture capture = PcapCapture.start(port, Path.of("/tmp/vm1.pcap")))
 * {
 *     ...
 * }   // stops mirroring, writes what is left, closes the file
 * }</pre>
 */
public final class PcapCapture implements PacketMirror, AutoCloseable
{
    public static final int BUFFER_SIZE_DEFAULT = 4 << 20;
    private static final long WRITE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Port port;
    private final Path file;
    private final FileChannel channel;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] buffers = new MemorySegment[2];
    private final ByteBuffer[] views = new ByteBuffer[2];
    private final int[] fill = new int[2];
    private final int bufferSize;
    /** Held for a batch's copy only; a diagnostic path, so a plain lock rather than a hand-rolled spin lock. */
    private final ReentrantLock lock = new ReentrantLock();
    private final WallClock clock = new WallClock();
    private final Thread writer;
    private int active;
    private boolean closed;
    private long captured;
    private long missed;
    private volatile boolean stopping;
    private volatile String failure;

    private PcapCapture(final Port port, final Path file, final int bufferSize) throws IOException
    {
        this.port = port;
        this.file = file;
        this.bufferSize = bufferSize;
        try (Arena scratch = Arena.ofConfined())
        {
            new PcapWriter(file, scratch).close();
        }
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        for (int i = 0; i < 2; i++)
        {
            buffers[i] = arena.allocate(bufferSize, 64);
            views[i] = buffers[i].asByteBuffer();
        }
        this.writer = Thread.ofPlatform().name("capture-" + port.name()).daemon(true).unstarted(this::runWriter);
    }

    /**
     * Starts capturing {@code port}'s traffic into {@code file} (created or truncated).
     *
     * @throws IllegalStateException if the port is already mirrored
     * @throws UncheckedIOException if the file cannot be created
     */
    public static PcapCapture start(final Port port, final Path file)
    {
        return start(port, file, BUFFER_SIZE_DEFAULT);
    }

    public static PcapCapture start(final Port port, final Path file, final int bufferSize)
    {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(file, "file");
        if (bufferSize < 2 * (RECORD_HEADER_LENGTH + 65536))
        {
            throw new IllegalArgumentException("capture buffer must hold two 64 KiB frames: " + bufferSize);
        }
        synchronized (port)
        {
            if (port.mirror() != null)
            {
                throw new IllegalStateException("port " + port.name() + " is already being captured");
            }
            final PcapCapture capture;
            try
            {
                capture = new PcapCapture(port, file, bufferSize);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create capture file " + file + ": " + ex, ex);
            }
            capture.writer.start();
            port.mirror(capture);
            return capture;
        }
    }

    public Port port()
    {
        return port;
    }

    public Path file()
    {
        return file;
    }

    /** Frames copied into the capture so far. */
    public long captured()
    {
        lock();
        try
        {
            return captured;
        }
        finally
        {
            unlock();
        }
    }

    /** Frames left out because the writer fell behind (the switch forwarded them normally). */
    public long missed()
    {
        lock();
        try
        {
            return missed;
        }
        finally
        {
            unlock();
        }
    }

    /** Why writing the file failed, or {@code null}. */
    public String failure()
    {
        return failure;
    }

    @Override
    public void received(final Port port, final PacketBatch batch)
    {
        final int n = batch.size();
        boolean wake = false;
        lock();
        try
        {
            if (closed)
            {
                return;
            }
            final long now = clock.epochNanos();
            for (int i = 0; i < n; i++)
            {
                final Packet packet = batch.packet(i);
                append(now, packet.segment(), packet.offset(), packet.length());
            }
            wake = fill[active] > bufferSize / 2;
        }
        finally
        {
            unlock();
        }
        if (wake)
        {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void sent(final Port port, final Ring ring, final long from, final int count)
    {
        boolean wake = false;
        lock();
        try
        {
            if (closed)
            {
                return;
            }
            final long now = clock.epochNanos();
            final MemorySegment memory = ring.memory();
            for (long position = from, end = from + count; position != end; position++)
            {
                final int length = ring.slotLength(position);
                if (length > 0)
                {
                    append(now, memory, ring.bufferOffset(position), length);
                }
            }
            wake = fill[active] > bufferSize / 2;
        }
        finally
        {
            unlock();
        }
        if (wake)
        {
            LockSupport.unpark(writer);
        }
    }

    /** Copies one record into the active buffer; call with the lock held. */
    private void append(final long epochNanos, final MemorySegment frame, final long offset, final int length)
    {
        final int at = fill[active];
        if (at + recordLength(length) > bufferSize)
        {
            missed++;
            return;
        }
        fill[active] = at + putRecord(buffers[active], at, epochNanos, frame, offset, length);
        captured++;
    }

    private void runWriter()
    {
        while (!stopping)
        {
            LockSupport.parkNanos(this, WRITE_INTERVAL_NANOS);
            writeStandby(swap());
        }
    }

    /** Makes the other buffer active; returns the one to write. */
    private int swap()
    {
        lock();
        try
        {
            final int full = active;
            active = full ^ 1;
            return full;
        }
        finally
        {
            unlock();
        }
    }

    private void writeStandby(final int index)
    {
        final int length = fill[index];
        if (length == 0)
        {
            return;
        }
        if (failure == null)
        {
            try
            {
                final ByteBuffer view = views[index].clear().limit(length);
                while (view.hasRemaining())
                {
                    channel.write(view);
                }
            }
            catch (final IOException ex)
            {
                failure = "writing capture file " + file + " failed: " + ex.getMessage();
                System.err.println("vswitch: capture of port " + port.name() + ": " + failure);
            }
        }
        lock();
        try
        {
            fill[index] = 0;
        }
        finally
        {
            unlock();
        }
    }

    /** Stops mirroring, writes every captured frame and closes the file. Idempotent. */
    public void stop()
    {
        synchronized (port)
        {
            if (port.mirror() == this)
            {
                port.mirror(null);
            }
        }
        lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            unlock();
        }
        stopping = true;
        LockSupport.unpark(writer);
        boolean interrupted = false;
        while (writer.isAlive())
        {
            try
            {
                writer.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        writeStandby(swap());
        writeStandby(swap());
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            failure = "closing capture file " + file + " failed: " + ex.getMessage();
        }
        arena.close();
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    private void lock()
    {
        lock.lock();
    }

    private void unlock()
    {
        lock.unlock();
    }
}
