package net.vswitch.ports.linux;

import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.Ring;

/**
 * Moves what the fabric published in a port's output ring to its device, from whichever thread
 * calls {@link #drain()} (any sender, after a commit). One drainer at a time through a try-lock;
 * a caller that loses the race leaves the work to the winner, who re-checks the ring's tail after
 * unlocking, so nothing is left stranded. When the device cannot take more (full TX ring, EAGAIN)
 * the sink says {@link #blocked()}: the rest stays in the output ring and the port's worker retries
 * ({@link #retryBlocked()}) as soon as poll reports the device writable.
 */
public final class OutputDrain
{
    /** Copies ring slots {@code [ring.head(), tail)} to the device and advances the ring's head. */
    @FunctionalInterface
    public interface Sink
    {
        /** @return frames handed to the device */
        int copyOut(Ring ring, long tail);
    }

    private final Ring ring;
    private final Sink sink;
    private final PollIdleStrategy idle;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean retry;
    private boolean blocked;
    private boolean waitingForOutput;

    /** @param idle the worker's idle strategy, woken when a blocked drain needs a retry */
    public OutputDrain(final Ring ring, final Sink sink, final PollIdleStrategy idle)
    {
        this.ring = ring;
        this.sink = sink;
        this.idle = idle;
    }

    /** Called by the sink, under the drain lock, when the device refused to take more for now. */
    public void blocked()
    {
        blocked = true;
    }

    /** Any thread: drains the output ring; returns frames moved (0 if another thread is draining). */
    public int drain()
    {
        int moved = 0;
        while (draining.compareAndSet(false, true))
        {
            final long tail;
            final boolean wasBlocked;
            try
            {
                blocked = false;
                tail = ring.tail();
                moved += sink.copyOut(ring, tail);
                wasBlocked = blocked;
            }
            finally
            {
                draining.setRelease(false);
            }
            if (wasBlocked)
            {
                retry = true;
                idle.wake();
                return moved;
            }
            if (ring.tail() == tail)
            {
                return moved;
            }
        }
        return moved;
    }

    /** Worker thread, every cycle: retries a blocked drain and waits for POLLOUT while still blocked. */
    public int retryBlocked()
    {
        int moved = 0;
        if (retry)
        {
            retry = false;
            moved = drain();
        }
        final boolean stillBlocked = retry;
        if (stillBlocked != waitingForOutput)
        {
            waitingForOutput = stillBlocked;
            idle.wantOutput(stillBlocked);
        }
        return moved;
    }
}
