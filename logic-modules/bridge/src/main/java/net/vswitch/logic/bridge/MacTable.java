package net.vswitch.logic.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * (VLAN, MAC) → port, open addressing with linear probing in primitive arrays. Lookups and
 * refreshes are lock-free; inserts, moves and removals take a lock (they are rare: a MAC is learnt
 * once). Readers may see a just-changed entry a packet late, the same benign race every software
 * bridge accepts. Expired entries read as absent and are swept when the table fills up or on
 * {@link #expire}.
 */
final class MacTable
{
    private static final long EMPTY = 0;
    private static final long TOMBSTONE = -1;

    private final int limit;
    private final int mask;
    private final long[] keys;
    private final int[] ports;
    private final long[] seen;
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
        this.keys = new long[capacity];
        this.ports = new int[capacity];
        this.seen = new long[capacity];
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

    private int find(final long key)
    {
        int i = hash(key) & mask;
        while (true)
        {
            final long k = keys[i];
            if (k == key)
            {
                return i;
            }
            if (k == EMPTY)
            {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Port for the key if present and seen at or after {@code freshSince}, else -1. */
    int lookup(final long key, final long freshSince)
    {
        final int i = find(key);
        if (i < 0)
        {
            return -1;
        }
        final int port = ports[i];
        return seen[i] - freshSince >= 0 ? port : -1;
    }

    /**
     * Learns or refreshes {@code key} at {@code port}.
     *
     * @return false when the table is full of live entries (the caller counts the refusal)
     */
    boolean learn(final long key, final int port, final long now, final long freshSince)
    {
        final int i = find(key);
        if (i >= 0 && ports[i] == port)
        {
            if (now - seen[i] > 1_000_000_000L)
            {
                seen[i] = now;
            }
            return true;
        }
        synchronized (this)
        {
            final int j = find(key);
            if (j >= 0)
            {
                ports[j] = port;
                seen[j] = now;
                return true;
            }
            if (size >= limit)
            {
                expire(freshSince);
                if (size >= limit)
                {
                    return false;
                }
            }
            if (used >= (mask + 1) * 3 / 4)
            {
                rehashInPlace();
            }
            int slot = hash(key) & mask;
            while (keys[slot] != EMPTY && keys[slot] != TOMBSTONE)
            {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == EMPTY)
            {
                used++;
            }
            ports[slot] = port;
            seen[slot] = now;
            java.lang.invoke.VarHandle.releaseFence();
            keys[slot] = key;
            size++;
            return true;
        }
    }

    /** Removes entries not seen since {@code freshSince}; returns how many. */
    synchronized int expire(final long freshSince)
    {
        int removed = 0;
        for (int i = 0; i <= mask; i++)
        {
            final long k = keys[i];
            if (k != EMPTY && k != TOMBSTONE && seen[i] - freshSince < 0)
            {
                keys[i] = TOMBSTONE;
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
        for (int i = 0; i <= mask; i++)
        {
            final long k = keys[i];
            if (k != EMPTY && k != TOMBSTONE && ports[i] == port)
            {
                keys[i] = TOMBSTONE;
                size--;
                removed++;
            }
        }
        return removed;
    }

    synchronized void clear()
    {
        Arrays.fill(keys, EMPTY);
        size = 0;
        used = 0;
    }

    /** Tombstones accumulate; rebuild the probe chains when they crowd the table (rare, control rate). */
    private void rehashInPlace()
    {
        final long[] oldKeys = keys.clone();
        final int[] oldPorts = ports.clone();
        final long[] oldSeen = seen.clone();
        Arrays.fill(keys, EMPTY);
        used = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            final long k = oldKeys[i];
            if (k != EMPTY && k != TOMBSTONE)
            {
                int slot = hash(k) & mask;
                while (keys[slot] != EMPTY)
                {
                    slot = (slot + 1) & mask;
                }
                ports[slot] = oldPorts[i];
                seen[slot] = oldSeen[i];
                keys[slot] = k;
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
    synchronized List<MacEntry> entries(final long now, final long freshSince)
    {
        final List<MacEntry> list = new ArrayList<>();
        for (int i = 0; i <= mask; i++)
        {
            final long k = keys[i];
            if (k != EMPTY && k != TOMBSTONE && seen[i] - freshSince >= 0)
            {
                final int vlan = (int)((k >>> 48) & 0x3FFF) - 1;
                list.add(new MacEntry(vlan, k & 0xFFFF_FFFF_FFFFL, ports[i], (now - seen[i]) / 1_000_000_000L));
            }
        }
        return list;
    }
}
