package net.vswitch.logic.secgroups;

/**
 * The small learning bridge for frames no member MAC claims: MAC → port with aging, open addressing in
 * one {@code long[]} (key, then {@code port << 32 | lastSeenSeconds}). Lookups and refreshes are lock-free
 * single-word reads and writes (a reader may see a move a packet late, as in any software bridge);
 * inserts and removals take the lock. A full table refuses new MACs (the caller floods and counts).
 */
final class MacLearning
{
    static final int LIMIT_DEFAULT = 1 << 16;
    static final int AGING_SECONDS_DEFAULT = 300;

    private static final long EMPTY = 0;
    private static final long TOMBSTONE = -1;

    private final int limit;
    private final int agingSeconds;
    private final int mask;
    private final long[] slots;
    private int size;
    private int used;

    MacLearning(final int limit, final int agingSeconds)
    {
        this.limit = limit;
        this.agingSeconds = agingSeconds;
        final int capacity = Integer.highestOneBit(Math.max(4, limit) * 2 - 1) << 1;
        this.mask = capacity - 1;
        this.slots = new long[capacity * 2];
    }

    private static long key(final long mac)
    {
        return mac | (1L << 62);
    }

    private static int hash(final long key)
    {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int)(h ^ (h >>> 32));
    }

    private int find(final long key)
    {
        int i = hash(key) & mask;
        while (true)
        {
            final long k = slots[i << 1];
            if (k == key)
            {
                return i << 1;
            }
            if (k == EMPTY)
            {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** The port the MAC was last seen on, or -1 (unknown or aged out). */
    int lookup(final long mac, final int nowSeconds)
    {
        final int at = find(key(mac));
        if (at < 0)
        {
            return -1;
        }
        final long value = slots[at + 1];
        return nowSeconds - (int)value <= agingSeconds ? (int)(value >>> 32) : -1;
    }

    /** Learns or refreshes the MAC at the port; returns false when the table is full of live entries. */
    boolean learn(final long mac, final int port, final int nowSeconds)
    {
        final long key = key(mac);
        final long value = ((long)port << 32) | (nowSeconds & 0xFFFF_FFFFL);
        final int at = find(key);
        if (at >= 0)
        {
            if (slots[at + 1] != value)
            {
                slots[at + 1] = value;
            }
            return true;
        }
        synchronized (this)
        {
            final int again = find(key);
            if (again >= 0)
            {
                slots[again + 1] = value;
                return true;
            }
            if (size >= limit)
            {
                sweep(nowSeconds, -1);
                if (size >= limit)
                {
                    return false;
                }
            }
            if (used >= (mask + 1) * 3 / 4)
            {
                sweep(nowSeconds, -1);
                rehash();
            }
            int i = hash(key) & mask;
            while (slots[i << 1] != EMPTY && slots[i << 1] != TOMBSTONE)
            {
                i = (i + 1) & mask;
            }
            if (slots[i << 1] == EMPTY)
            {
                used++;
            }
            slots[(i << 1) + 1] = value;
            slots[i << 1] = key;
            size++;
            return true;
        }
    }

    /** Forgets every MAC learnt on the port (it was detached or joined a group). */
    synchronized void forgetPort(final int port)
    {
        sweep(Integer.MIN_VALUE, port);
    }

    /** Removes aged entries, and every entry of {@code port} when it is >= 0. */
    private void sweep(final int nowSeconds, final int port)
    {
        for (int i = 0; i < slots.length; i += 2)
        {
            final long k = slots[i];
            if (k == EMPTY || k == TOMBSTONE)
            {
                continue;
            }
            final long value = slots[i + 1];
            final boolean aged = nowSeconds != Integer.MIN_VALUE && nowSeconds - (int)value > agingSeconds;
            if (aged || (int)(value >>> 32) == port)
            {
                slots[i] = TOMBSTONE;
                size--;
            }
        }
    }

    /** Rebuilds without tombstones (rare: only when they fill a quarter of the table). */
    private void rehash()
    {
        final long[] live = slots.clone();
        java.util.Arrays.fill(slots, EMPTY);
        used = 0;
        for (int j = 0; j < live.length; j += 2)
        {
            if (live[j] != EMPTY && live[j] != TOMBSTONE)
            {
                int i = hash(live[j]) & mask;
                while (slots[i << 1] != EMPTY)
                {
                    i = (i + 1) & mask;
                }
                slots[(i << 1) + 1] = live[j + 1];
                slots[i << 1] = live[j];
                used++;
            }
        }
    }

    synchronized int size()
    {
        return size;
    }
}
