package net.vswitch.ports.shm;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import net.vswitch.fabric.Ring;

/**
 * One thread per JVM that watches the to-switch rings of shared-memory ports whose RX workers went
 * into deep sleep, and wakes a worker when its client published frames. A client in another process
 * cannot unpark a Java thread, so without this every idle port would wake 1000 times a second;
 * with it, any number of idle ports cost one thread that ticks every {@link #TICK_NANOS} while at
 * least one port sleeps, and nothing when none does. Reading a ring that faults wakes its worker
 * (which quarantines its port) and never stops this thread. Registration and sleep transitions happen at
 * control-path rate (attach/detach, a port falling idle), never per packet.
 */
final class IdleWatcher
{
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final IdleWatcher INSTANCE = new IdleWatcher();

    /** A worker that may sleep: its ring and thread, and whether it sleeps now. */
    static final class Sleeper
    {
        final Ring ring;
        volatile Thread thread;
        volatile boolean asleep;

        Sleeper(final Ring ring)
        {
            this.ring = ring;
        }
    }

    private final CopyOnWriteArrayList<Sleeper> sleepers = new CopyOnWriteArrayList<>();
    private final AtomicInteger sleeping = new AtomicInteger();
    private Thread thread;

    private IdleWatcher()
    {
    }

    synchronized void register(final Sleeper sleeper)
    {
        sleepers.add(sleeper);
        if (thread == null)
        {
            thread = Thread.ofPlatform().name("shm-idle-watcher").daemon(true).start(this::run);
        }
    }

    void unregister(final Sleeper sleeper)
    {
        sleepers.remove(sleeper);
    }

    /** The worker is about to park until woken; it re-checks its ring after this. */
    void sleeping(final Sleeper sleeper)
    {
        sleeper.asleep = true;
        if (sleeping.getAndIncrement() == 0)
        {
            final Thread watcher = thread;
            if (watcher != null)
            {
                LockSupport.unpark(watcher);
            }
        }
    }

    void awake(final Sleeper sleeper)
    {
        sleeper.asleep = false;
        sleeping.decrementAndGet();
    }

    /**
     * Whether the sleeper's client published frames. If its ring cannot be read (the memory faulted)
     * the answer is yes: its own worker then touches the ring, finds the fault and quarantines its port,
     * while this thread, shared by every port, goes on.
     */
    private static boolean published(final Sleeper sleeper)
    {
        try
        {
            return sleeper.ring.tail() != sleeper.ring.head();
        }
        catch (final RuntimeException | InternalError ex)
        {
            return true;
        }
    }

    private void run()
    {
        while (true)
        {
            if (sleeping.get() == 0)
            {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
            for (final Sleeper sleeper : sleepers)
            {
                if (sleeper.asleep && published(sleeper))
                {
                    LockSupport.unpark(sleeper.thread);
                }
            }
        }
    }
}
