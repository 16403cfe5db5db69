package net.vswitch.ports.virtual;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;

/**
 * An in-process port whose client is Java code in the same JVM (a VM, a container stack, a
 * generator, a test). Sending forwards the batch in the client's own thread, as mSwitch does for a
 * virtual port's TX sync; receiving reads the port's ring zero-copy.
 *
 * <p>Send side: write frames into the port's send buffers ({@link #txMemory()},
 * {@link #txBufferOffset(int)}), set their lengths with {@link #txLength(int, int)}, then
 * {@link #send(int)}; or hand over a batch of your own memory with {@link #send(PacketBatch)}.
 * One thread sends at a time (sends are serialized by a lock).
 *
 * <p>Receive side (one consumer thread): {@link #receive(PacketBatch)} points flyweights at
 * delivered frames, {@link #release()} gives their slots back; {@link #poll(FrameHandler, int)} does
 * both; the timed variants sleep until the switch delivers (no spinning when idle).
 */
public final class VirtualPort extends Port
{
    private final VirtualPortConfig config;
    private final Arena arena = Arena.ofShared();
    private final Ring rxRing;
    private final OutputRing output;
    private final MemorySegment txMemory;
    private final int[] txLengths;
    private final PacketBatch txBatch;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final long firstPosition;
    private volatile Thread waiter;
    private final RingReader reader;
    private boolean closed;

    public VirtualPort(final String name)
    {
        this(name, VirtualPortConfig.defaults());
    }

    public VirtualPort(final String name, final VirtualPortConfig config)
    {
        super(name);
        this.config = config;
        this.rxRing = Ring.allocate(arena, config.rxSlots(), config.bufferSize());
        this.output = config.sink() ? OutputRing.sink(rxRing, counters()) : new OutputRing(rxRing, counters());
        this.txMemory = arena.allocate((long)config.txSlots() * config.bufferSize(), 64);
        this.txLengths = new int[config.txSlots()];
        this.txBatch = new PacketBatch(config.txSlots());
        this.reader = new RingReader(rxRing);
        this.firstPosition = reader.position();
    }

    public VirtualPortConfig config()
    {
        return config;
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return "virtual:" + name();
    }

    // ------------------------------------------------------------------ send side

    public MemorySegment txMemory()
    {
        return txMemory;
    }

    public int txSlots()
    {
        return config.txSlots();
    }

    public int txBufferSize()
    {
        return config.bufferSize();
    }

    public long txBufferOffset(final int slot)
    {
        return (long)slot * config.bufferSize();
    }

    public void txLength(final int slot, final int length)
    {
        txLengths[slot] = length;
    }

    /**
     * Forwards send buffers {@code 0..count-1}.
     *
     * @return copies delivered to destinations (drops are counted on this port)
     */
    public int send(final int count)
    {
        if (count < 0 || count > config.txSlots())
        {
            throw new IllegalArgumentException("count must be in 0.." + config.txSlots() + ": " + count);
        }
        sendLock.lock();
        try
        {
            final Ingress ingress = attachedIngress();
            final PacketBatch batch = txBatch.clear();
            final int size = config.bufferSize();
            final int index = index();
            for (int i = 0; i < count; i++)
            {
                batch.add(txMemory, (long)i * size, txLengths[i], size, index);
            }
            return ingress.forward(batch);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /** Forwards a batch whose frames live in the caller's memory (no copy until the destination). */
    public int send(final PacketBatch batch)
    {
        sendLock.lock();
        try
        {
            return attachedIngress().forward(batch);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /** Copies one frame into a send buffer and forwards it. */
    public int send(final MemorySegment frame, final long offset, final int length)
    {
        sendLock.lock();
        try
        {
            final int copy = Math.min(length, config.bufferSize());
            MemorySegment.copy(frame, offset, txMemory, 0, Math.max(copy, 0));
            txLengths[0] = length;
            return send(1);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /** Copies one frame from a heap array and forwards it (convenience; allocation-free). */
    public int send(final byte[] frame)
    {
        sendLock.lock();
        try
        {
            final int copy = Math.min(frame.length, config.bufferSize());
            MemorySegment.copy(frame, 0, txMemory, ValueLayout.JAVA_BYTE, 0, copy);
            txLengths[0] = frame.length;
            return send(1);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    private Ingress attachedIngress()
    {
        final Ingress ingress = ingress();
        if (ingress == null)
        {
            throw new IllegalStateException("port " + name() + " is not attached to a switch");
        }
        return ingress;
    }

    // ------------------------------------------------------------------ receive side

    /** Frames delivered and not yet received. */
    public long available()
    {
        return reader.available();
    }

    /**
     * Points up to {@code batch.capacity()} flyweights at delivered frames (zero-copy). Their slots
     * stay owned by the client until {@link #release()}. Never blocks.
     */
    public int receive(final PacketBatch batch)
    {
        return reader.receive(batch);
    }

    /** Like {@link #receive(PacketBatch)} but sleeps up to {@code timeout} for the first frame. */
    public int receive(final PacketBatch batch, final long timeout, final TimeUnit unit)
    {
        awaitFrames(unit.toNanos(timeout));
        return receive(batch);
    }

    /** Gives every received slot back to the switch. */
    public void release()
    {
        reader.release();
    }

    /** Hands up to {@code max} frames to {@code handler} and releases them. Never blocks. */
    public int poll(final FrameHandler handler, final int max)
    {
        return reader.poll(handler, max);
    }

    /** Like {@link #poll(FrameHandler, int)} but sleeps up to {@code timeout} for the first frame. */
    public int poll(final FrameHandler handler, final int max, final long timeout, final TimeUnit unit)
    {
        awaitFrames(unit.toNanos(timeout));
        return poll(handler, max);
    }

    private void awaitFrames(final long timeoutNanos)
    {
        if (reader.available() != 0 || timeoutNanos <= 0)
        {
            return;
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        waiter = Thread.currentThread();
        try
        {
            while (reader.available() == 0)
            {
                rxRing.consumerWaiting(true);
                if (reader.available() != 0)
                {
                    break;
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted())
                {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        finally
        {
            rxRing.consumerWaiting(false);
            waiter = null;
        }
    }

    /** Frames a sink port consumed (sink mode only). */
    public long sunkPackets()
    {
        return config.sink() ? rxRing.head() - firstPosition : 0;
    }

    @Override
    protected void outputReady()
    {
        if (!config.sink() && rxRing.consumerWaiting())
        {
            final Thread thread = waiter;
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public synchronized void close()
    {
        requireDetached();
        if (!closed)
        {
            closed = true;
            arena.close();
        }
    }
}
