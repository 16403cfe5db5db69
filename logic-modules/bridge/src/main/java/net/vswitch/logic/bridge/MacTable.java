package net.vswitch.logic.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * (VLAN, MAC) → port, open addressing with linear probing in one {@code long[]}: each entry is a
 * key and, next to it, {@code port << 32 | lastSeenMillis}, so a lookup touches one cache line.
 * Lookups and refreshes are lock-free; inserts, moves and removals take a lock (they are rare: a
 * MAC is learnt once). Readers may see a just-changed entry a packet late, the same benign race
 * every software bridge accepts. Times are milliseconds of the bridge's clock as wrapping ints
 * (compare by subtraction); expired entries read as absent and are swept when the table fills up
 * or on {@link #expire}.
 */
final class MacTable
{
    static final int UNCHANGED = 0;
    static final int CHANGED = 1;
    static final int REFUSED = -1;

    private static final long EMPTY = 0;
    private static final long TOMBSTONE = -1;
    private static final int REFRESH_MILLIS = 1000;

    private final int limit;
    private final int mask;
    private final long[] slots;
    private int size;
    private int used;

    MacTable(final int limit)
    {
        if (limit < 1 || limit > (1 << 24))
        {
            throw new IllegalArgumentException("MAC table limit must be in 1..16777216: " + limit);
        }
        this.limit = limit;
        final int capacity = Integer.highestOneBit(Math.max(4, limit) * 2 - 1) << 1;
        this.mask = capacity - 1;
        this.slots = new long[capacity * 2];
    }

    /** Key of a (VLAN, MAC) pair; never EMPTY or TOMBSTONE. VLAN -1 (untagged) maps to 0. */
    static long key(final int vlan, final long mac)
    {
        return ((long)(vlan + 1) << 48) | mac | (1L << 62);
    }

    private static int hash(final long key)
    {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return (int)h;
    }

    private static long value(final int port, final int seen)
    {
        return ((long)port << 32) | (seen & 0xFFFF_FFFFL);
    }

    private static int port(final long value)
    {
        return (int)(value >>> 32);
    }

    private static int seen(final long value)
    {
        return (int)value;
    }

    /** Index (of the key) of the entry, or -1. */
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

    /** Port for the key if present and seen at or after {@code freshSince} (ms), else -1. */
    int lookup(final long key, final int freshSince)
    {
        final int at = find(key);
        if (at < 0)
        {
            return -1;
        }
        final long value = slots[at + 1];
        return seen(value) - freshSince >= 0 ? port(value) : -1;
    }

    /**
     * Learns or refreshes {@code key} at {@code port}.
     *
     * @return {@link #UNCHANGED}, {@link #CHANGED} (new or moved) or {@link #REFUSED} (table full of
     *     live entries: the caller counts it)
     */
    int learn(final long key, final int port, final int now, final int freshSince)
    {
        final int at = find(key);
        if (at >= 0)
        {
            final long value = slots[at + 1];
            if (port(value) == port && seen(value) - freshSince >= 0)
            {
                if (now - seen(value) > REFRESH_MILLIS)
                {
                    slots[at + 1] = value(port, now);
                }
                return UNCHANGED;
            }
        }
        synchronized (this)
        {
            final int again = find(key);
            if (again >= 0)
            {
                slots[again + 1] = value(port, now);
                return CHANGED;
            }
            if (size >= limit)
            {
                expire(freshSince);
                if (size >= limit)
                {
                    return REFUSED;
                }
            }
            if (used >= (mask + 1) * 3 / 4)
            {
                rehashInPlace();
            }
            int slot = hash(key) & mask;
            while (slots[slot << 1] != EMPTY && slots[slot << 1] != TOMBSTONE)
            {
                slot = (slot + 1) & mask;
            }
            if (slots[slot << 1] == EMPTY)
            {
                used++;
            }
            slots[(slot << 1) + 1] = value(port, now);
            java.lang.invoke.VarHandle.releaseFence();
            slots[slot << 1] = key;
            size++;
            return CHANGED;
        }
    }

    private boolean live(final int at)
    {
        final long k = slots[at];
        return k != EMPTY && k != TOMBSTONE;
    }

    /** Removes entries not seen since {@code freshSince} (ms); returns how many. */
    synchronized int expire(final int freshSince)
    {
        int removed = 0;
        for (int at = 0; at < slots.length; at += 2)
        {
            if (live(at) && seen(slots[at + 1]) - freshSince < 0)
            {
                slots[at] = TOMBSTONE;
                size--;
                removed++;
            }
        }
        return removed;
    }

    /** Forgets every entry that points at {@code port}. */
    synchronized int removePort(final int port)
    {
        int removed = 0;
        for (int at = 0; at < slots.length; at += 2)
        {
            if (live(at) && port(slots[at + 1]) == port)
            {
                slots[at] = TOMBSTONE;
                size--;
                removed++;
            }
        }
        return removed;
    }

    synchronized void clear()
    {
        Arrays.fill(slots, EMPTY);
        size = 0;
        used = 0;
    }

    /** Tombstones accumulate; rebuild the probe chains when they crowd the table (rare, control rate). */
    private void rehashInPlace()
    {
        final long[] old = slots.clone();
        Arrays.fill(slots, EMPTY);
        used = 0;
        for (int at = 0; at < old.length; at += 2)
        {
            final long k = old[at];
            if (k != EMPTY && k != TOMBSTONE)
            {
                int slot = hash(k) & mask;
                while (slots[slot << 1] != EMPTY)
                {
                    slot = (slot + 1) & mask;
                }
                slots[(slot << 1) + 1] = old[at + 1];
                slots[slot << 1] = k;
                used++;
            }
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

    /** Live entries, for {@code fdb show}. */
    synchronized List<MacEntry> entries(final int now, final int freshSince)
    {
        final List<MacEntry> list = new ArrayList<>();
        for (int at = 0; at < slots.length; at += 2)
        {
            final long value = slots[at + 1];
            if (live(at) && seen(value) - freshSince >= 0)
            {
                final long k = slots[at];
                final int vlan = (int)((k >>> 48) & 0x3FFF) - 1;
                list.add(new MacEntry(vlan, k & 0xFFFF_FFFF_FFFFL, port(value), (now - seen(value)) / 1000));
            }
        }
        return list;
    }
}
