package net.vswitch.ports.shm;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
        /** Asks, without touching the ring, whether its memory is still there. */
        final BooleanSupplier intact;
        volatile Thread thread;
        volatile boolean asleep;
        volatile boolean broken;

        Sleeper(final Ring ring, final BooleanSupplier intact)
        {
            this.ring = ring;
            this.intact = intact;
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
     * Survives a fault in any port's ring: such a fault may surface late (an unsafe access in compiled
     * code raises its InternalError at the next safepoint, maybe after the try around the access), so
     * the whole watch loop runs inside this one. After a fault every sleeper whose memory is gone is
     * marked broken, skipped from then on, and woken: its own worker finds the fault and quarantines
     * its port.
     */
    private void run()
    {
        while (true)
        {
            try
            {
                watch();
            }
            catch (final RuntimeException | Error ex)
            {
                for (final Sleeper sleeper : sleepers)
                {
                    if (!sleeper.broken && (!sleeper.intact.getAsBoolean() || faults(sleeper)))
                    {
                        markBroken(sleeper);
                    }
                }
            }
        }
    }

    private void watch()
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
                if (sleeper.asleep && !sleeper.broken)
                {
                    final boolean pending;
                    try
                    {
                        pending = sleeper.ring.tail() != sleeper.ring.head();
                    }
                    catch (final RuntimeException ex)
                    {
                        // its memory is gone (a closed arena): that port alone; the sleepers after it still wake
                        markBroken(sleeper);
                        continue;
                    }
                    if (pending)
                    {
                        LockSupport.unpark(sleeper.thread);
                    }
                }
            }
        }
    }

    /** Marks a sleeper whose memory faulted: skipped from now on, and woken so its worker quarantines its port. */
    private static void markBroken(final Sleeper sleeper)
    {
        sleeper.broken = true;
        LockSupport.unpark(sleeper.thread);
    }

    /**
     * Whether reading the sleeper's ring throws now: its arena was closed. Asked only of sleepers whose file is
     * {@link Sleeper#intact intact}, so the read cannot fault (a truncated file fails that check first).
     */
    private static boolean faults(final Sleeper sleeper)
    {
        try
        {
            sleeper.ring.tail();
            return false;
        }
        catch (final RuntimeException ex)
        {
            return true;
        }
    }
}
