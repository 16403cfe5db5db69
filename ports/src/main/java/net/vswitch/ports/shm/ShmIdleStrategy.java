package net.vswitch.ports.shm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

import net.vswitch.fabric.Ring;

/**
 * How a shared-memory port's RX worker waits for its client: spin, yield, then park doubling from
 * 1 µs to 1 ms (Agrona's backoff); after {@link #DEEP_AFTER_NANOS} without work it sleeps until the
 * {@link IdleWatcher} sees the client publish, so a port idle for long costs nothing of its own.
 * Waking from deep sleep takes about one watcher tick (≤ ~1 ms), the same as the last backoff step.
 */
final class ShmIdleStrategy implements IdleStrategy
{
    static final long DEEP_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int SPINS = 100;
    private static final int YIELDS = 10;
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A safety net only: the watcher wakes a sleeper long before this. */
    private static final long DEEP_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final IdleWatcher.Sleeper sleeper;
    private volatile boolean stopping;
    private int spins;
    private int yields;
    private long parkNanos = MIN_PARK_NANOS;
    private long idleSince;

    ShmIdleStrategy(final Ring ring, final BooleanSupplier intact)
    {
        this.sleeper = new IdleWatcher.Sleeper(ring, intact);
    }

    /** Call on the worker thread before its loop; registers with the watcher. */
    void start()
    {
        sleeper.thread = Thread.currentThread();
        IdleWatcher.INSTANCE.register(sleeper);
    }

    /** Wakes the worker and keeps it out of deep sleep, so its runner can stop it promptly. */
    void stop()
    {
        stopping = true;
        final Thread thread = sleeper.thread;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    /** Call on the worker thread when its loop ends. */
    void close()
    {
        IdleWatcher.INSTANCE.unregister(sleeper);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
            return;
        }
        try
        {
            idle();
        }
        catch (final InternalError ex)
        {
            // a fault of an earlier unsafe access surfacing late: the next poll checks the memory, while an
            // Error escaping here would end the worker thread
        }
    }

    @Override
    public void idle()
    {
        if (spins < SPINS)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < YIELDS)
        {
            yields++;
            Thread.yield();
        }
        else if (parkNanos < MAX_PARK_NANOS)
        {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
            idleSince = System.nanoTime();
        }
        else if (stopping || System.nanoTime() - idleSince < DEEP_AFTER_NANOS)
        {
            LockSupport.parkNanos(MAX_PARK_NANOS);
        }
        else
        {
            deepSleep();
        }
    }

    private void deepSleep()
    {
        final IdleWatcher watcher = IdleWatcher.INSTANCE;
        watcher.sleeping(sleeper);
        try
        {
            if (!stopping && !sleeper.broken && ringEmpty())
            {
                LockSupport.parkNanos(this, DEEP_PARK_NANOS);
            }
        }
        finally
        {
            watcher.awake(sleeper);
        }
    }

    /** Whether the ring is still empty; a ring that faults is not (the worker's next poll finds the fault). */
    private boolean ringEmpty()
    {
        try
        {
            return sleeper.ring.tail() == sleeper.ring.head();
        }
        catch (final RuntimeException | InternalError ex)
        {
            return false;
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkNanos = MIN_PARK_NANOS;
    }

    @Override
    public String alias()
    {
        return "shm-backoff";
    }
}
