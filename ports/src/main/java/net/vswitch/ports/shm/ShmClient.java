package net.vswitch.ports.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;

import net.vswitch.fabric.Ring;
import net.vswitch.ports.virtual.FrameHandler;

/**
 * The client side of a shared-memory port, for another process (or a test) to talk to the switch
 * through the file a {@code shm:PATH} port created. One client per port; one thread sends and one
 * thread receives at a time (they may be different threads).
 *
 * <p>Sending, zero-copy: {@link #claim(int)} free slots, write each frame into {@link #txMemory()} at
 * {@link #txBufferOffset(int)}, set its length with {@link #txLength(int, int)}, then
 * {@link #commit(int)}. Or {@link #send(byte[], long, TimeUnit)} one frame. Receiving:
 * {@link #receive(FrameHandler, int)} hands frames to a handler straight from the shared buffers and
 * gives the slots back. The timed variants wait with a spin, yield, then park (up to 1 ms) backoff.
 *
 * <pre>{@code
 * try (ShmClient client = ShmClient.attach(Path.of("/dev/shm/vm1")))
 * {
 *     client.send(frame, 1, TimeUnit.SECONDS);
 *     client.receive((memory, offset, length) -> ..., 64, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public final class ShmClient implements AutoCloseable
{
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ShmRegion region;
    private final Ring tx;
    private final Ring rx;
    private final long pid = ProcessHandle.current().pid();
    private final BackoffIdleStrategy sendIdle = idleStrategy();
    private final BackoffIdleStrategy receiveIdle = idleStrategy();
    private long txTail;
    private long txHeadCache;
    private int claimed;
    private long rxHead;
    private boolean closed;
    private long nextLivenessCheck;

    private ShmClient(final ShmRegion region)
    {
        this.region = region;
        this.tx = region.toSwitch();
        this.rx = region.fromSwitch();
        this.txTail = tx.tail();
        this.txHeadCache = tx.head();
        this.rxHead = rx.head();
    }

    private static BackoffIdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NANOS);
    }

    /**
     * Maps the port file at {@code path} and claims the client role.
     *
     * @throws IllegalArgumentException when the file is not a vswitch port of a layout this library
     *                                  reads (bad magic, version, shape), or the port is closed
     * @throws IllegalStateException    when another live process is attached
     * @throws java.io.UncheckedIOException when the file is missing or cannot be mapped
     */
    public static ShmClient attach(final Path path)
    {
        final ShmRegion region = ShmRegion.attach(path);
        try
        {
            if (region.state() == ShmPortDescriptor.STATE_CLOSED)
            {
                throw new IllegalArgumentException("shm file " + path + ": the switch closed port "
                    + region.portName());
            }
            final long pid = ProcessHandle.current().pid();
            if (!region.claimClient(pid))
            {
                throw new IllegalStateException("shm file " + path + ": port " + region.portName()
                    + " already has a client, pid " + region.clientPid());
            }
            return new ShmClient(region);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    public Path path()
    {
        return region.path();
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

    /** Whether the switch still serves the port. */
    public boolean portOpen()
    {
        return region.state() == ShmPortDescriptor.STATE_READY;
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

    /** Copies one frame from a heap array and publishes it; see {@link #send(MemorySegment, long, int, long, TimeUnit)}. */
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
        return rx.tail() - rxHead;
    }

    /**
     * Hands up to {@code max} delivered frames to {@code handler} (zero-copy: valid only during the
     * call) and gives their slots back to the switch. Never waits.
     */
    public int receive(final FrameHandler handler, final int max)
    {
        final long tail = rx.tail();
        final MemorySegment memory = rx.memory();
        int count = 0;
        while (rxHead != tail && count < max)
        {
            final int length = rx.slotLength(rxHead);
            if (length > 0)
            {
                handler.onFrame(memory, rx.bufferOffset(rxHead), length);
                count++;
            }
            rxHead++;
        }
        rx.head(rxHead);
        return count;
    }

    /** Like {@link #receive(FrameHandler, int)} but waits up to {@code timeout} for the first frame. */
    public int receive(final FrameHandler handler, final int max, final long timeout, final TimeUnit unit)
    {
        if (rx.tail() == rxHead && timeout > 0)
        {
            final long deadline = System.nanoTime() + unit.toNanos(timeout);
            receiveIdle.reset();
            while (rx.tail() == rxHead && System.nanoTime() - deadline < 0)
            {
                checkOpen();
                receiveIdle.idle();
            }
        }
        return receive(handler, max);
    }

    /** While waiting: the port must still be served, and (checked every 100 ms) its switch alive. */
    private void checkOpen()
    {
        if (region.state() != ShmPortDescriptor.STATE_READY)
        {
            throw new IllegalStateException("the switch closed port " + region.portName() + " (" + region.path() + ")");
        }
        final long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0)
        {
            nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
            final long switchPid = region.switchPid();
            if (!ProcessHandle.of(switchPid).map(ProcessHandle::isAlive).orElse(false))
            {
                throw new IllegalStateException("the switch process " + switchPid + " serving port "
                    + region.portName() + " (" + region.path() + ") is gone");
            }
        }
    }

    /** Gives up the client role and unmaps the file. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        region.releaseClient(pid);
        region.close();
    }
}
