package net.vswitch.logic.conntrack;

import java.util.function.Consumer;

/**
 * One lock stripe of the table: a chained hash table of connections, its own timer wheel, a free list of
 * recycled connections and its counters. Every method runs with the stripe's monitor held
 * ({@code synchronized (stripe)}) by the caller; nothing here locks.
 *
 * <p>The wheel has one slot per tick. A connection sits in the slot of its expiry tick, or of the last tick
 * within the wheel's horizon when it expires later. A packet that extends a timeout only writes
 * {@link Connection#expiresAt}; the slot is corrected lazily when it comes due (the connection moves to
 * the slot of its new expiry). Only a timeout that gets shorter moves the connection at once.
 */
final class Stripe
{
    private final Connection[] buckets;
    private final int bucketMask;
    private final Connection[] wheel;
    private final int wheelMask;
    private final ConnectionLimits limits;
    private final ConnectionPool pool;
    /** Every tick before this one has been processed. */
    private long nextTick;
    private Connection free;
    private int freeCount;

    long tracked;
    long created;
    long expired;
    long removed;
    long related;
    final long[] invalid = new long[InvalidReason.values().length];

    /** Spare connections a stripe keeps for itself; more go to the shared pool. */
    static final int LOCAL_SPARES = 64;

    Stripe(final int bucketCount, final int wheelSlots, final ConnectionLimits limits, final ConnectionPool pool)
    {
        this.pool = pool;
        this.buckets = new Connection[bucketCount];
        this.bucketMask = bucketCount - 1;
        this.wheel = new Connection[wheelSlots];
        this.wheelMask = wheelSlots - 1;
        this.limits = limits;
    }

    /** The connection of {@code key} either way round (setting {@link FlowKey#reply}), or null. */
    Connection find(final FlowKey key, final long hash)
    {
        for (Connection c = buckets[(int)hash & bucketMask]; c != null; c = c.next)
        {
            if (c.hash == hash && key.matches(c))
            {
                return c;
            }
        }
        return null;
    }

    /** Adds a connection for {@code key} in its original direction (the caller took room in the limits). */
    Connection insert(final FlowKey key, final long hash)
    {
        Connection c = free;
        if (c != null)
        {
            free = c.next;
            freeCount--;
        }
        else
        {
            c = pool.poll();
            if (c == null)
            {
                c = new Connection();
            }
        }
        c.init(key, hash);
        final int bucket = (int)hash & bucketMask;
        c.next = buckets[bucket];
        buckets[bucket] = c;
        created++;
        return c;
    }

    /** Unlinks a connection from its bucket and the wheel, releases its room and recycles it. */
    void remove(final Connection c)
    {
        final int bucket = (int)c.hash & bucketMask;
        Connection previous = null;
        for (Connection at = buckets[bucket]; at != null; at = at.next)
        {
            if (at == c)
            {
                if (previous == null)
                {
                    buckets[bucket] = c.next;
                }
                else
                {
                    previous.next = c.next;
                }
                break;
            }
            previous = at;
        }
        unschedule(c);
        limits.release(c.zone);
        if (freeCount < LOCAL_SPARES || !pool.offer(c))
        {
            c.next = free;
            free = c;
            freeCount++;
        }
    }

    /** Sets a connection's expiry; moves it in the wheel only when it now expires before its slot. */
    void expireAt(final Connection c, final long expiresAt, final long expiryTick)
    {
        c.expiresAt = expiresAt;
        if (c.scheduledTick < 0 || expiryTick < c.scheduledTick)
        {
            schedule(c, expiryTick);
        }
    }

    private void schedule(final Connection c, final long expiryTick)
    {
        final long tick = Math.min(Math.max(expiryTick, nextTick), nextTick + wheelMask);
        if (tick == c.scheduledTick)
        {
            return;
        }
        unschedule(c);
        final int slot = (int)tick & wheelMask;
        final Connection head = wheel[slot];
        c.timerNext = head;
        c.timerPrev = null;
        if (head != null)
        {
            head.timerPrev = c;
        }
        wheel[slot] = c;
        c.scheduledTick = tick;
    }

    private void unschedule(final Connection c)
    {
        if (c.scheduledTick < 0)
        {
            return;
        }
        if (c.timerPrev != null)
        {
            c.timerPrev.timerNext = c.timerNext;
        }
        else
        {
            wheel[(int)c.scheduledTick & wheelMask] = c.timerNext;
        }
        if (c.timerNext != null)
        {
            c.timerNext.timerPrev = c.timerPrev;
        }
        c.timerPrev = null;
        c.timerNext = null;
        c.scheduledTick = -1;
    }

    /**
     * Processes the wheel slots of every tick before {@code currentTick} not processed yet (each slot at
     * most once per call): removes connections whose expiry is before {@code now}, moves the others
     * to the slot of their (extended) expiry.
     *
     * @param tickNanos the tick length, to turn an expiry time into a tick
     * @param epoch     the clock value of tick 0
     * @return how many expired
     */
    int expire(final long currentTick, final long now, final long tickNanos, final long epoch)
    {
        long tick = Math.max(nextTick, currentTick - wheel.length);
        int count = 0;
        for (; tick < currentTick; tick++)
        {
            nextTick = tick + 1;
            final int slot = (int)tick & wheelMask;
            Connection c = wheel[slot];
            wheel[slot] = null;
            while (c != null)
            {
                final Connection following = c.timerNext;
                c.timerPrev = null;
                c.timerNext = null;
                c.scheduledTick = -1;
                if (c.expiresAt - now < 0)
                {
                    remove(c);
                    count++;
                }
                else
                {
                    schedule(c, Math.floorDiv(c.expiresAt - epoch, tickNanos));
                }
                c = following;
            }
        }
        if (nextTick < currentTick)
        {
            nextTick = currentTick;
        }
        expired += count;
        return count;
    }

    /** Removes every connection the filter accepts; {@code now} is for the views' expiry. */
    int removeIf(final ConnectionFilter filter, final long now)
    {
        int count = 0;
        for (int bucket = 0; bucket < buckets.length; bucket++)
        {
            Connection c = buckets[bucket];
            while (c != null)
            {
                final Connection following = c.next;
                c.viewNow = now;
                if (filter.test(c))
                {
                    remove(c);
                    count++;
                }
                c = following;
            }
        }
        removed += count;
        return count;
    }

    /** Calls the consumer for every connection. */
    void forEach(final Consumer<ConnectionView> consumer, final long now)
    {
        for (int bucket = 0; bucket < buckets.length; bucket++)
        {
            for (Connection c = buckets[bucket]; c != null; c = c.next)
            {
                c.viewNow = now;
                consumer.accept(c);
            }
        }
    }
}
