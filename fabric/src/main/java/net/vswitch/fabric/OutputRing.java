package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The destination side of a port: many senders fill it at once (mSwitch §3.4). A sender
 * {@link #reserve reserves} a contiguous range of slots under a short lock, copies into them with
 * the lock released, then {@link #commit commits}. Commits that finish out of order are parked as
 * leases and published in order once every earlier range is done. A full ring grants fewer slots
 * (possibly none): the caller drops and counts the rest; nobody ever waits for the consumer.
 * A {@link #sink sink} ring is consumed as it is published (a null device).
 */
public final class OutputRing
{
    private static final long NO_LEASE = -1;

    private final Ring ring;
    private final int mask;
    private final PortCounters counters;
    private final boolean consumeOnPublish;
    private static final VarHandle LOCK;

    static
    {
        try
        {
            LOCK = MethodHandles.lookup().findVarHandle(OutputRing.class, "lock", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** 0 free, 1 held; a field rather than an object so the lock shares the ring state's cache line. */
    @SuppressWarnings("unused")
    private volatile int lock;
    private final long[] leaseEnd;
    private long reserved;
    private long published;

    public OutputRing(final Ring ring, final PortCounters counters)
    {
        this(ring, counters, false);
    }

    /** A ring whose frames are consumed the moment they are published: nothing reads them (a null sink). */
    public static OutputRing sink(final Ring ring, final PortCounters counters)
    {
        return new OutputRing(ring, counters, true);
    }

    private OutputRing(final Ring ring, final PortCounters counters, final boolean consumeOnPublish)
    {
        this.ring = ring;
        this.consumeOnPublish = consumeOnPublish;
        this.mask = ring.mask();
        this.counters = counters;
        this.leaseEnd = new long[ring.capacity()];
        Arrays.fill(leaseEnd, NO_LEASE);
        this.reserved = ring.tail();
        this.published = reserved;
    }

    public Ring ring()
    {
        return ring;
    }

    public MemorySegment memory()
    {
        return ring.memory();
    }

    public int bufferSize()
    {
        return ring.bufferSize();
    }

    /** A reservation: {@code count} slots from {@code start}. Preallocated by each sender, reused. */
    public static final class Lease
    {
        long start;
        int count;
        long bytes;
        /** Slots published empty because their copy failed: not counted as tx. */
        int empty;

        public long start()
        {
            return start;
        }

        public int count()
        {
            return count;
        }

        /** The sender adds the bytes it copied; they are counted as tx at commit. */
        public void addBytes(final long bytes)
        {
            this.bytes += bytes;
        }
    }

    /**
     * Reserves up to {@code wanted} slots.
     *
     * @return how many were granted (0 when the ring is full)
     */
    public int reserve(final int wanted, final Lease lease)
    {
        lock();
        try
        {
            return grant(wanted, lease);
        }
        finally
        {
            unlock();
        }
    }

    /** Publishes a filled reservation (in order with every other lease). */
    public void commit(final Lease lease)
    {
        if (lease.count == 0)
        {
            return;
        }
        lock();
        try
        {
            publish(lease);
        }
        finally
        {
            unlock();
        }
    }

    private int grant(final int wanted, final Lease lease)
    {
        // clamped: on a shared-memory ring the consumer's head is untrusted input
        final long free = Math.max(0, Math.min(ring.capacity(), ring.head() + ring.capacity() - reserved));
        final int granted = (int)Math.min(wanted, free);
        lease.start = reserved;
        lease.count = granted;
        lease.bytes = 0;
        lease.empty = 0;
        reserved += granted;
        return granted;
    }

    private void publish(final Lease lease)
    {
        final long start = lease.start;
        final int count = lease.count;
        if (start != published)
        {
            leaseEnd[(int)(start & mask)] = start + count;
        }
        else
        {
            long position = start + count;
            while (position != reserved)
            {
                final int index = (int)(position & mask);
                final long end = leaseEnd[index];
                if (end == NO_LEASE)
                {
                    break;
                }
                leaseEnd[index] = NO_LEASE;
                position = end;
            }
            published = position;
            ring.tail(position);
            if (consumeOnPublish)
            {
                ring.head(position);
            }
        }
        counters.tx(count - lease.empty, lease.bytes);
        lease.count = 0;
    }

    /** Slots granted but not yet published (for tests and {@code show}). */
    public long inFlight()
    {
        lock();
        try
        {
            return reserved - published;
        }
        finally
        {
            unlock();
        }
    }

    private void lock()
    {
        int spins = 0;
        while (!LOCK.compareAndSet(this, 0, 1))
        {
            if (++spins < 64)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void unlock()
    {
        LOCK.setRelease(this, 0);
    }
}
