package net.vswitch.logic.filter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Exact-match table {@code <ip version, protocol, address, port>} → holder (a switch port index),
 * open addressing with linear probing in one {@code long[]}, four words per slot:
 *
 * <pre>
 *  word 0: key meta (high 32 bits) | holder (low 32 bits); 0 = empty slot
 *  word 1: address high 64 bits (0 for IPv4)
 *  word 2: address low 64 bits (the IPv4 address for IPv4)
 *  word 3: unused (keeps a slot at 32 bytes, two per cache line)
 * </pre>
 *
 * <p>Lookups are lock-free and allocation-free: a sequence lock (even = stable, odd = a writer is
 * inside) lets a reader detect that a slot it read was being changed and read again, so it never
 * matches half of one key and half of another. Updates are rare (control rate), take the monitor,
 * and delete by backward shift (no tombstones). Growing builds a new array and publishes it inside
 * the same write section.
 */
final class TupleTable
{
    /** Returned by lookups when the key is absent. */
    static final int NONE = -1;

    private static final VarHandle VERSION;

    static
    {
        try
        {
            VERSION = MethodHandles.lookup().findVarHandle(TupleTable.class, "version", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final int STRIDE_SHIFT = 2;
    private static final int MIN_CAPACITY = 64;
    private static final int MARK = 1 << 30;
    private static final int V6 = 1 << 24;
    private static final int OPTIMISTIC_TRIES = 16;

    private final int limit;
    private volatile long[] slots;
    private int size;
    @SuppressWarnings("unused")
    private volatile long version;

    TupleTable(final int limit)
    {
        if (limit < 1 || limit > (1 << 24))
        {
            throw new IllegalArgumentException("tuple table limit must be in 1..16777216: " + limit);
        }
        this.limit = limit;
        this.slots = new long[MIN_CAPACITY << STRIDE_SHIFT];
    }

    /** Key meta word: never 0, so a used slot's word 0 is never 0. */
    static int meta(final boolean ipv6, final int protocol, final int port)
    {
        return MARK | (ipv6 ? V6 : 0) | ((protocol & 0xFF) << 16) | (port & 0xFFFF);
    }

    static boolean metaIpv6(final int meta)
    {
        return (meta & V6) != 0;
    }

    static int metaProtocol(final int meta)
    {
        return (meta >>> 16) & 0xFF;
    }

    static int metaPort(final int meta)
    {
        return meta & 0xFFFF;
    }

    private static int hash(final int meta, final long high, final long low)
    {
        long h = (low ^ Long.rotateLeft(high, 29) ^ ((long)meta << 17)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int)(h ^ (h >>> 32));
    }

    /** The holder of the key, or {@link #NONE}. Lock-free; never allocates. */
    int holder(final int meta, final long high, final long low)
    {
        for (int attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++)
        {
            final long before = readBegin();
            final int result = find(readSlots(), meta, high, low);
            if (readValidate(before))
            {
                return result;
            }
        }
        synchronized (this)
        {
            return find(slots, meta, high, low);
        }
    }

    /**
     * Starts an optimistic read of many keys (a batch): returns the version to hand to
     * {@link #readValidate}, waiting while a writer is inside. Use with {@link #readSlots} and
     * {@link #find}; if validation fails, read again, or under the table's monitor.
     */
    long readBegin()
    {
        long version = (long)VERSION.getAcquire(this);
        while ((version & 1) != 0)
        {
            Thread.onSpinWait();
            version = (long)VERSION.getAcquire(this);
        }
        return version;
    }

    /** The slot array to pass to {@link #find} between {@link #readBegin} and {@link #readValidate}. */
    long[] readSlots()
    {
        return slots;
    }

    /** Whether no writer changed the table since {@link #readBegin} returned {@code version}. */
    boolean readValidate(final long version)
    {
        VarHandle.acquireFence();
        return (long)VERSION.getVolatile(this) == version;
    }

    /** Tries before a reader gives up on optimism and takes the monitor. */
    static int optimisticTries()
    {
        return OPTIMISTIC_TRIES;
    }

    /** The holder of the key in {@code slots}, or {@link #NONE}; see {@link #readBegin}. */
    static int find(final long[] slots, final int meta, final long high, final long low)
    {
        final int mask = (slots.length >>> STRIDE_SHIFT) - 1;
        int i = hash(meta, high, low) & mask;
        // bounded: a reader racing a writer may see a full-looking chain; the version check retries it
        for (int probes = 0; probes <= mask; probes++)
        {
            final int at = i << STRIDE_SHIFT;
            final long word = slots[at];
            if (word == 0)
            {
                return NONE;
            }
            if ((int)(word >>> 32) == meta && slots[at + 1] == high && slots[at + 2] == low)
            {
                return (int)word;
            }
            i = (i + 1) & mask;
        }
        return NONE;
    }

    private void beginWrite()
    {
        VERSION.setOpaque(this, (long)VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    private void endWrite()
    {
        VERSION.setRelease(this, (long)VERSION.getOpaque(this) + 1);
    }

    /**
     * Inserts the key for {@code holder} unless it is present.
     *
     * @return {@link #NONE} when inserted, else the current holder (nothing changed)
     * @throws IllegalStateException when the table holds {@link #limit()} keys already
     */
    synchronized int insert(final int meta, final long high, final long low, final int holder)
    {
        final int existing = find(slots, meta, high, low);
        if (existing != NONE)
        {
            return existing;
        }
        if (size >= limit)
        {
            throw new IllegalStateException("tuple table is full (" + limit + " reservations)");
        }
        beginWrite();
        try
        {
            if ((size + 1) * 2 > (slots.length >>> STRIDE_SHIFT))
            {
                slots = rebuild(slots, (slots.length >>> STRIDE_SHIFT) * 2, NONE);
            }
            place(slots, meta, high, low, holder);
            size++;
        }
        finally
        {
            endWrite();
        }
        return NONE;
    }

    private static void place(final long[] slots, final int meta, final long high, final long low, final int holder)
    {
        final int mask = (slots.length >>> STRIDE_SHIFT) - 1;
        int i = hash(meta, high, low) & mask;
        while (slots[i << STRIDE_SHIFT] != 0)
        {
            i = (i + 1) & mask;
        }
        final int at = i << STRIDE_SHIFT;
        slots[at + 1] = high;
        slots[at + 2] = low;
        slots[at] = ((long)meta << 32) | (holder & 0xFFFF_FFFFL);
    }

    /** New array of {@code capacity} slots with every entry not held by {@code dropHolder}. */
    private static long[] rebuild(final long[] old, final int capacity, final int dropHolder)
    {
        final long[] fresh = new long[capacity << STRIDE_SHIFT];
        for (int at = 0; at < old.length; at += 1 << STRIDE_SHIFT)
        {
            final long word = old[at];
            if (word != 0 && (dropHolder == NONE || (int)word != dropHolder))
            {
                place(fresh, (int)(word >>> 32), old[at + 1], old[at + 2], (int)word);
            }
        }
        return fresh;
    }

    /**
     * Removes the key.
     *
     * @return the holder it had, or {@link #NONE} when absent
     */
    synchronized int remove(final int meta, final long high, final long low)
    {
        final long[] slots = this.slots;
        final int mask = (slots.length >>> STRIDE_SHIFT) - 1;
        int i = hash(meta, high, low) & mask;
        while (true)
        {
            final int at = i << STRIDE_SHIFT;
            final long word = slots[at];
            if (word == 0)
            {
                return NONE;
            }
            if ((int)(word >>> 32) == meta && slots[at + 1] == high && slots[at + 2] == low)
            {
                break;
            }
            i = (i + 1) & mask;
        }
        final int removed = (int)slots[i << STRIDE_SHIFT];
        beginWrite();
        try
        {
            shiftBack(slots, i, mask);
            size--;
        }
        finally
        {
            endWrite();
        }
        return removed;
    }

    /** Backward-shift deletion: pull later members of the probe chain into the hole so no tombstone is needed. */
    private static void shiftBack(final long[] slots, final int slot, final int mask)
    {
        int hole = slot;
        int j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            final int at = j << STRIDE_SHIFT;
            final long word = slots[at];
            if (word == 0)
            {
                break;
            }
            final int home = hash((int)(word >>> 32), slots[at + 1], slots[at + 2]) & mask;
            final boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays)
            {
                final int to = hole << STRIDE_SHIFT;
                slots[to] = word;
                slots[to + 1] = slots[at + 1];
                slots[to + 2] = slots[at + 2];
                hole = j;
            }
        }
        final int to = hole << STRIDE_SHIFT;
        slots[to] = 0;
        slots[to + 1] = 0;
        slots[to + 2] = 0;
    }

    /** Removes every key held by {@code holder}; returns how many. */
    synchronized int removeHolder(final int holder)
    {
        final int count = count(holder);
        if (count > 0)
        {
            beginWrite();
            try
            {
                slots = rebuild(slots, slots.length >>> STRIDE_SHIFT, holder);
                size -= count;
            }
            finally
            {
                endWrite();
            }
        }
        return count;
    }

    /** Keys held by {@code holder}. */
    synchronized int count(final int holder)
    {
        int count = 0;
        final long[] slots = this.slots;
        for (int at = 0; at < slots.length; at += 1 << STRIDE_SHIFT)
        {
            if (slots[at] != 0 && (int)slots[at] == holder)
            {
                count++;
            }
        }
        return count;
    }

    synchronized void clear()
    {
        beginWrite();
        try
        {
            slots = new long[MIN_CAPACITY << STRIDE_SHIFT];
            size = 0;
        }
        finally
        {
            endWrite();
        }
    }

    synchronized int size()
    {
        return size;
    }

    int limit()
    {
        return limit;
    }

    /** Visits every entry (under the lock; control side only). */
    synchronized void forEach(final EntryVisitor visitor)
    {
        final long[] slots = this.slots;
        for (int at = 0; at < slots.length; at += 1 << STRIDE_SHIFT)
        {
            final long word = slots[at];
            if (word != 0)
            {
                visitor.visit((int)(word >>> 32), slots[at + 1], slots[at + 2], (int)word);
            }
        }
    }

    /** Receives one entry of {@link #forEach}. */
    @FunctionalInterface
    interface EntryVisitor
    {
        void visit(int meta, long high, long low, int holder);
    }
}
