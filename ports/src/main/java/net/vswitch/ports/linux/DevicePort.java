package net.vswitch.ports.linux;

import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import org.agrona.concurrent.Agent;

/**
 * What the ports on a Linux file descriptor (AF_PACKET, TAP) share: an RX worker thread that
 * sleeps in {@code poll(2)} on the descriptor ({@link PollIdleStrategy}), started on attach and
 * stopped on detach, and an {@link OutputDrain} that moves the output ring to the device from the
 * sender's thread, with the worker retrying when the device was full. A subclass supplies its
 * receiver ({@link #receiver}) and its sink, and frees its device in {@link #closeDevice()}.
 */
public abstract class DevicePort extends Port
{
    /** Spin after work before sleeping in poll (system property {@value #SPIN_PROP_NAME}, microseconds). */
    public static final String SPIN_PROP_NAME = "vswitch.port.spin.micros";
    public static final long SPIN_MICROS_DEFAULT = 0;
    private static final long SPIN_NANOS = Long.getLong(SPIN_PROP_NAME, SPIN_MICROS_DEFAULT) * 1000;

    private final PollIdleStrategy idle;
    private OutputDrain drain;
    private volatile PortWorker worker;
    private boolean closed;

    protected DevicePort(final String name, final int fd, final int pollTimeoutMillis)
    {
        super(name);
        this.idle = new PollIdleStrategy(fd, pollTimeoutMillis, SPIN_NANOS);
    }

    /** The subclass's constructor, once its output ring exists: where the fabric's frames go. */
    protected final OutputDrain drainTo(final Ring ring, final OutputDrain.Sink sink)
    {
        drain = new OutputDrain(ring, sink, idle);
        return drain;
    }

    /** The RX agent for a new attachment to {@code owner} (runs on its own thread). */
    protected abstract Agent receiver(Switch owner);

    /** Frees the device and its memory (the worker has stopped; called once). */
    protected abstract void closeDevice();

    @Override
    protected final void attached(final Switch owner)
    {
        worker = PortWorker.start(receiver(owner), idle);
    }

    @Override
    protected final void detached()
    {
        final PortWorker current = worker;
        if (current != null)
        {
            current.stop();
        }
        worker = null;
    }

    /** For the RX worker: where received frames enter the switch ({@code null} when detached). */
    public final Ingress workerIngress()
    {
        return ingress();
    }

    /** For the RX worker, every cycle: retries a transmit that found the device full; returns frames moved. */
    public final int retryBlockedOutput()
    {
        return drain.retryBlocked();
    }

    @Override
    protected final void outputReady()
    {
        drain.drain();
    }

    /** The RX worker's exceptions so far (0 when healthy). */
    public final long workerErrors()
    {
        final PortWorker current = worker;
        return current == null ? 0 : current.errors();
    }

    /** Whether {@link #close()} ran. */
    protected final synchronized boolean isClosed()
    {
        return closed;
    }

    @Override
    public final synchronized void close()
    {
        requireDetached();
        if (!closed)
        {
            closed = true;
            idle.close();
            closeDevice();
        }
    }
}
