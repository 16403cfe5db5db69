package net.vswitch.logic.openflow.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.vswitch.logic.openflow.match.FlowKey;

/**
 * The megaflow tier: tuple-space search over the masks of the installed megaflows, one open-addressing hash
 * table per mask, probed busiest first ({@link #rank} reorders by hits, as OVS's dpcls does). Bounded: when
 * full, installing evicts a megaflow (counted by the caller). Single-threaded: its {@link PortDatapath}'s lock.
 */
final class MegaflowCache
{
    private MaskTable[] tables = new MaskTable[0];
    private final int limit;
    private int size;
    private long seed = 0x1234_5678_9ABC_DEF1L;

    MegaflowCache(final int limit)
    {
        this.limit = limit;
    }

    /** The megaflow matching {@code key}, or {@code null}. */
    Megaflow lookup(final long[] key)
    {
        for (final MaskTable t : tables)
        {
            final Megaflow m = t.find(key);
            if (m != null)
            {
                t.hits++;
                return m;
            }
        }
        return null;
    }

    int size()
    {
        return size;
    }

    int masks()
    {
        return tables.length;
    }

    boolean full()
    {
        return size >= limit;
    }

    void install(final Megaflow megaflow)
    {
        for (final MaskTable t : tables)
        {
            if (Arrays.equals(t.mask, megaflow.mask))
            {
                t.put(megaflow);
                size++;
                return;
            }
        }
        final MaskTable t = new MaskTable(megaflow.mask);
        t.put(megaflow);
        tables = Arrays.copyOf(tables, tables.length + 1);
        tables[tables.length - 1] = t;
        size++;
    }

    void remove(final Megaflow megaflow)
    {
        for (int i = 0; i < tables.length; i++)
        {
            final MaskTable t = tables[i];
            if (t.mask == megaflow.mask || Arrays.equals(t.mask, megaflow.mask))
            {
                if (t.remove(megaflow))
                {
                    size--;
                    megaflow.alive = false;
                    if (t.size == 0)
                    {
                        final MaskTable[] copy = new MaskTable[tables.length - 1];
                        System.arraycopy(tables, 0, copy, 0, i);
                        System.arraycopy(tables, i + 1, copy, i, tables.length - i - 1);
                        tables = copy;
                    }
                }
                return;
            }
        }
    }

    /** A victim to make room: a pseudo-random megaflow (O(1) expected, no LRU list to maintain per hit). */
    Megaflow victim()
    {
        if (size == 0)
        {
            return null;
        }
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        final MaskTable t = tables[(int)Long.remainderUnsigned(seed, tables.length)];
        return t.any((int)(seed >>> 33));
    }

    /** Every megaflow (control side: dumps, sweeps, revalidation). */
    List<Megaflow> all()
    {
        final List<Megaflow> list = new ArrayList<>(size);
        for (final MaskTable t : tables)
        {
            for (final Megaflow m : t.slots)
            {
                if (m != null)
                {
                    list.add(m);
                }
            }
        }
        return list;
    }

    /** Visits every megaflow in place (no copy: a sweep over a million megaflows allocates nothing). */
    void forEach(final java.util.function.Consumer<Megaflow> visitor)
    {
        for (final MaskTable t : tables)
        {
            for (final Megaflow m : t.slots)
            {
                if (m != null)
                {
                    visitor.accept(m);
                }
            }
        }
    }

    /** Busiest masks first; hits decay so the order follows the current traffic. */
    void rank()
    {
        final MaskTable[] copy = tables.clone();
        Arrays.sort(copy, (a, b) -> Long.compare(b.hits, a.hits));
        for (final MaskTable t : copy)
        {
            t.hits >>>= 1;
        }
        tables = copy;
    }

    void clear()
    {
        for (final Megaflow m : all())
        {
            m.alive = false;
        }
        tables = new MaskTable[0];
        size = 0;
    }

    /** One mask's megaflows: linear probing, backward-shift deletion (no tombstones). */
    private static final class MaskTable
    {
        final long[] mask;
        final int[] words;
        Megaflow[] slots = new Megaflow[8];
        int[] hashes = new int[8];
        int size;
        long hits;

        MaskTable(final long[] mask)
        {
            this.mask = mask;
            this.words = FlowKey.words(mask);
        }

        Megaflow find(final long[] key)
        {
            final int hash = FlowKey.hash(key, mask, words);
            final int m = slots.length - 1;
            int i = hash & m;
            Megaflow f;
            while ((f = slots[i]) != null)
            {
                if (hashes[i] == hash && same(key, f.value))
                {
                    return f;
                }
                i = (i + 1) & m;
            }
            return null;
        }

        private boolean same(final long[] key, final long[] value)
        {
            for (final int w : words)
            {
                if ((key[w] & mask[w]) != value[w])
                {
                    return false;
                }
            }
            return true;
        }

        void put(final Megaflow f)
        {
            if ((size + 1) * 2 > slots.length)
            {
                grow();
            }
            insert(f, FlowKey.hash(f.value, mask, words));
            size++;
        }

        private void insert(final Megaflow f, final int hash)
        {
            final int m = slots.length - 1;
            int i = hash & m;
            while (slots[i] != null)
            {
                i = (i + 1) & m;
            }
            slots[i] = f;
            hashes[i] = hash;
        }

        private void grow()
        {
            final Megaflow[] old = slots;
            final int[] oldHashes = hashes;
            slots = new Megaflow[old.length * 2];
            hashes = new int[old.length * 2];
            for (int i = 0; i < old.length; i++)
            {
                if (old[i] != null)
                {
                    insert(old[i], oldHashes[i]);
                }
            }
        }

        boolean remove(final Megaflow f)
        {
            final int m = slots.length - 1;
            int i = FlowKey.hash(f.value, mask, words) & m;
            while (slots[i] != null && slots[i] != f)
            {
                i = (i + 1) & m;
            }
            if (slots[i] == null)
            {
                return false;
            }
            slots[i] = null;
            size--;
            int j = i;
            while (true)
            {
                j = (j + 1) & m;
                if (slots[j] == null)
                {
                    return true;
                }
                final int home = hashes[j] & m;
                final boolean between = i <= j ? i < home && home <= j : i < home || home <= j;
                if (!between)
                {
                    slots[i] = slots[j];
                    hashes[i] = hashes[j];
                    slots[j] = null;
                    i = j;
                }
            }
        }

        Megaflow any(final int start)
        {
            final int m = slots.length - 1;
            for (int k = 0; k <= m; k++)
            {
                final Megaflow f = slots[(start + k) & m];
                if (f != null)
                {
                    return f;
                }
            }
            return null;
        }
    }
}
