package net.vswitch.ports.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;

import net.vswitch.fabric.Ring;
import net.vswitch.natives.Errno;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.Poll;
import net.vswitch.natives.libc.SysMemfd;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.SysUnixSocket;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.virtual.FrameHandler;
import net.vswitch.ports.virtual.RingReader;

/**
 * The client side of a shared-memory port, for another process (or a test) to talk to the switch
 * through the port a {@code shm:PATH} switch port serves: it connects to the Unix socket at PATH,
 * receives the port's sealed memfd ({@link ShmHandshake}) and maps it. One client per port; one
 * thread sends and one thread receives at a time (they may be different threads).
 *
 * <p>Sending, zero-copy: {@link #claim(int)} free slots, write each frame into {@link #txMemory()} at
 * {@link #txBufferOffset(int)}, set its length with {@link #txLength(int, int)}, then
 * {@link #commit(int)}. Or {@link #send(byte[], long, TimeUnit)} one frame. Receiving:
 * {@link #poll(FrameHandler, int)} hands frames to a handler straight from the shared buffers and
 * gives the slots back (the same call as {@link net.vswitch.ports.virtual.VirtualPort#poll}). The timed
 * variants wait with a spin, yield, then park (up to 1 ms) backoff.
 *
 * <pre>{@code
 * try (ShmClient client = ShmClient.attach(Path.of("/dev/shm/vm1")))
 * {
 *     client.send(frame, 1, TimeUnit.SECONDS);
 *     client.poll((memory, offset, length) -> ..., 64, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public final class ShmClient implements AutoCloseable
{
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int REPLY_TIMEOUT_MILLIS = 5000;

    private final Path path;
    private final int socket;
    private final ShmRegion region;
    private final Ring tx;
    private final Ring rx;
    private final RingReader reader;
    private final BackoffIdleStrategy sendIdle = idleStrategy();
    private final BackoffIdleStrategy receiveIdle = idleStrategy();
    private long txTail;
    private long txHeadCache;
    private int claimed;
    private boolean closed;
    private boolean switchGone;
    private long nextLivenessCheck;

    private ShmClient(final Path path, final int socket, final ShmRegion region)
    {
        this.path = path;
        this.socket = socket;
        this.region = region;
        this.tx = region.toSwitch();
        this.rx = region.fromSwitch();
        this.reader = new RingReader(rx);
        this.txTail = tx.tail();
        this.txHeadCache = tx.head();
    }

    private static BackoffIdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NANOS);
    }

    /**
     * Connects to the port's socket at {@code path}, receives and maps its region, and holds the client
     * role until {@link #close()}.
     *
     * @throws IllegalArgumentException when {@code path} is not a vswitch port of the layout this library
     *                                  speaks (a version 1 port file is named as such), or the region is bad
     * @throws IllegalStateException    when the switch refuses: another client holds the port, another
     *                                  layout version, the port is quarantined
     * @throws UncheckedIOException     when nothing is at {@code path} or nobody serves it
     */
    public static ShmClient attach(final Path path)
    {
        checkKind(path);
        final int socket = SysSocket.socket(SysUnixSocket.AF_UNIX, SysUnixSocket.SOCK_SEQPACKET
            | SysSocket.SOCK_CLOEXEC, 0);
        try
        {
            final int connected = SysUnixSocket.connectOrErrno(socket, path.toString());
            if (connected == -ErrnoH.ENOENT)
            {
                throw unreachable("shm port " + path + " does not exist (is a switch"
                    + " running with port shm:" + path + "?)");
            }
            if (connected < 0)
            {
                throw unreachable("shm port " + path + ": cannot connect: "
                    + Errno.strerror(-connected)
                    + (connected == -SysUnixSocket.ECONNREFUSED ? " (the switch that served it is gone)" : ""));
            }
            if (SysUnixSocket.sendOrErrno(socket, ShmHandshake.hello(ShmPortDescriptor.VERSION), -1) < 0)
            {
                throw unreachable("shm port " + path + ": the switch hung up");
            }
            final ShmRegion region = ShmRegion.open(path.toString(), receiveRegion(path, socket));
            if (region.state() != ShmPortDescriptor.STATE_READY)
            {
                region.close();
                throw new IllegalStateException("shm port " + path + ": the switch closed port " + region.portName());
            }
            return new ShmClient(path, socket, region);
        }
        catch (final RuntimeException ex)
        {
            Unistd.closeOrErrno(socket);
            throw ex;
        }
    }

    private static UncheckedIOException unreachable(final String message)
    {
        return new UncheckedIOException(message, new IOException(message));
    }

    /** A layout version 1 switch made a file at the path; name that instead of failing to connect. */
    private static void checkKind(final Path path)
    {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.read(header, 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("shm port " + path + " is a file that cannot be read: " + ex, ex);
        }
        if (header.position() == 8 && header.getInt(0) == ShmPortDescriptor.MAGIC)
        {
            throw new IllegalArgumentException("shm port " + path + " is a layout version " + header.getInt(4)
                + " port file; this client speaks layout version " + ShmPortDescriptor.VERSION
                + " (a Unix socket passing a sealed memfd): run a switch of the same version");
        }
        throw new IllegalArgumentException("shm port " + path + " is a plain file, not a vswitch shared-memory port"
            + " socket");
    }

    /** Waits (bounded) for the switch's reply; returns the mapped memfd or throws the reason it refused. */
    private static ShmMemory receiveRegion(final Path path, final int socket)
    {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined())
        {
            final MemorySegment fds = arena.allocate(Poll.POLLFD_SIZE, 8);
            Poll.pollfd(fds, 0, socket, Poll.POLLIN);
            if (Poll.pollOrErrno(fds, 1, REPLY_TIMEOUT_MILLIS) <= 0)
            {
                throw unreachable("shm port " + path + ": no answer from the switch"
                    + " within " + REPLY_TIMEOUT_MILLIS + " ms");
            }
        }
        final byte[] reply = new byte[ShmHandshake.REPLY_HEADER_LENGTH + ShmHandshake.REASON_MAX];
        final SysUnixSocket.Received got = SysUnixSocket.receive(socket, reply, 0);
        final ByteBuffer message = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
        try
        {
            if (got.length() < ShmHandshake.REPLY_HEADER_LENGTH || message.getInt(0) != ShmHandshake.REPLY_MAGIC)
            {
                throw new IllegalArgumentException("shm port " + path + ": not a vswitch switch reply ("
                    + Math.max(0, got.length()) + " bytes)");
            }
            if (message.getInt(8) != ShmHandshake.ACCEPTED)
            {
                throw new IllegalStateException(path + ": " + new String(reply, ShmHandshake.REPLY_HEADER_LENGTH,
                    got.length() - ShmHandshake.REPLY_HEADER_LENGTH, StandardCharsets.UTF_8));
            }
            if (got.fd() < 0)
            {
                throw new IllegalArgumentException("shm port " + path + ": the switch accepted but passed no memfd");
            }
            final long length = message.getLong(16);
            final long size = SysMemfd.size(got.fd());
            if (size != length || length < ShmPortDescriptor.HEADER_LENGTH)
            {
                throw new IllegalArgumentException("shm port " + path + ": the region is " + size
                    + " bytes but the switch said " + length);
            }
            if ((SysMemfd.seals(got.fd()) & ShmMemory.SEALS) != ShmMemory.SEALS)
            {
                throw new IllegalArgumentException("shm port " + path + ": the region is not sealed against resizing");
            }
            return ShmMemory.map(got.fd(), length);
        }
        catch (final RuntimeException ex)
        {
            if (got.fd() >= 0)
            {
                Unistd.closeOrErrno(got.fd());
            }
            throw ex;
        }
    }

    public Path path()
    {
        return path;
    }

    /** The switch's name for this port. */
    public String portName()
    {
        return region.portName();
    }

    /** The largest frame either direction carries. */
    public int bufferSize()
    {
        return tx.bufferSize();
    }

    public int txCapacity()
    {
        return tx.capacity();
    }

    public int rxCapacity()
    {
        return rx.capacity();
    }

    /** Whether the switch still serves the port (checks the connection). */
    public boolean portOpen()
    {
        return !switchGone() && region.state() == ShmPortDescriptor.STATE_READY;
    }

    /** Whether the switch closed its end of the connection (port closed, quarantined, or switch gone). */
    private boolean switchGone()
    {
        if (!switchGone)
        {
            final SysUnixSocket.Received got = SysUnixSocket.receive(socket, new byte[16], SysUnixSocket.MSG_DONTWAIT);
            if (got.fd() >= 0)
            {
                Unistd.closeOrErrno(got.fd());
            }
            switchGone = got.length() == 0 || got.length() < 0 && got.length() != -ErrnoH.EAGAIN;
        }
        return switchGone;
    }

    // ------------------------------------------------------------------ send side

    /**
     * Claims up to {@code wanted} free send slots without waiting; slot {@code i} of the claim is
     * written at {@link #txBufferOffset(int) txBufferOffset(i)}. A new claim replaces an uncommitted one.
     *
     * @return how many were claimed (0 when the switch has not drained the ring yet)
     */
    public int claim(final int wanted)
    {
        long free = txHeadCache + tx.capacity() - txTail;
        if (free < wanted)
        {
            txHeadCache = tx.head();
            free = txHeadCache + tx.capacity() - txTail;
        }
        claimed = (int)Math.max(0, Math.min(wanted, free));
        return claimed;
    }

    /** Like {@link #claim(int)} but waits up to {@code timeout} for at least one free slot. */
    public int claim(final int wanted, final long timeout, final TimeUnit unit)
    {
        int granted = claim(wanted);
        if (granted > 0 || timeout <= 0)
        {
            return granted;
        }
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        sendIdle.reset();
        while ((granted = claim(wanted)) == 0 && System.nanoTime() - deadline < 0)
        {
            checkOpen();
            sendIdle.idle();
        }
        return granted;
    }

    /** The shared memory that holds the send buffers. */
    public MemorySegment txMemory()
    {
        return tx.memory();
    }

    /** Offset in {@link #txMemory()} of the buffer for claimed slot {@code i}. */
    public long txBufferOffset(final int i)
    {
        return tx.bufferOffset(txTail + i);
    }

    /** Sets the length of claimed slot {@code i} (at most {@link #bufferSize()}). */
    public void txLength(final int i, final int length)
    {
        if (i < 0 || i >= claimed)
        {
            throw new IndexOutOfBoundsException("slot " + i + " is not claimed (claimed " + claimed + ")");
        }
        if (length < 0 || length > tx.bufferSize())
        {
            throw new IllegalArgumentException("frame length " + length + " outside 0.." + tx.bufferSize());
        }
        tx.slotLength(txTail + i, length);
        tx.slotFlags(txTail + i, 0);
    }

    /** Publishes the first {@code count} claimed slots to the switch. */
    public void commit(final int count)
    {
        if (count < 0 || count > claimed)
        {
            throw new IllegalArgumentException("commit " + count + " of " + claimed + " claimed slots");
        }
        txTail += count;
        claimed = 0;
        tx.tail(txTail);
    }

    /**
     * Copies one frame into a send slot and publishes it, waiting up to {@code timeout} for a slot.
     *
     * @return whether it was sent
     */
    public boolean send(final MemorySegment frame, final long offset, final int length, final long timeout,
        final TimeUnit unit)
    {
        if (claim(1, timeout, unit) == 0)
        {
            return false;
        }
        if (length < 0 || length > tx.bufferSize())
        {
            throw new IllegalArgumentException("frame length " + length + " outside 0.." + tx.bufferSize());
        }
        MemorySegment.copy(frame, offset, tx.memory(), txBufferOffset(0), length);
        txLength(0, length);
        commit(1);
        return true;
    }

    /** Copies one frame from a heap array and publishes it, like the {@link MemorySegment} variant. */
    public boolean send(final byte[] frame, final long timeout, final TimeUnit unit)
    {
        if (claim(1, timeout, unit) == 0)
        {
            return false;
        }
        if (frame.length > tx.bufferSize())
        {
            throw new IllegalArgumentException("frame length " + frame.length + " outside 0.." + tx.bufferSize());
        }
        MemorySegment.copy(frame, 0, tx.memory(), ValueLayout.JAVA_BYTE, txBufferOffset(0), frame.length);
        txLength(0, frame.length);
        commit(1);
        return true;
    }

    // ------------------------------------------------------------------ receive side

    /** Frames the switch delivered that this client has not received yet. */
    public long available()
    {
        return reader.available();
    }

    /**
     * Hands up to {@code max} delivered frames to {@code handler} (zero-copy: valid only during the
     * call) and gives their slots back to the switch. Never waits.
     */
    public int poll(final FrameHandler handler, final int max)
    {
        return reader.poll(handler, max);
    }

    /** Like {@link #poll(FrameHandler, int)} but waits up to {@code timeout} for the first frame. */
    public int poll(final FrameHandler handler, final int max, final long timeout, final TimeUnit unit)
    {
        if (reader.available() == 0 && timeout > 0)
        {
            final long deadline = System.nanoTime() + unit.toNanos(timeout);
            receiveIdle.reset();
            while (reader.available() == 0 && System.nanoTime() - deadline < 0)
            {
                checkOpen();
                receiveIdle.idle();
            }
        }
        return poll(handler, max);
    }

    /** While waiting (checked every 100 ms): the switch must still serve the port. */
    private void checkOpen()
    {
        final long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0)
        {
            nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
            if (!portOpen())
            {
                throw new IllegalStateException("the switch closed port " + region.portName() + " (" + path + ")");
            }
        }
    }

    /** The mapped region, for tests that play a client breaking the rules. */
    ShmRegion region()
    {
        return region;
    }

    /** Gives up the client role (closes the connection) and unmaps the region. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        Unistd.closeOrErrno(socket);
        region.close();
    }
}
