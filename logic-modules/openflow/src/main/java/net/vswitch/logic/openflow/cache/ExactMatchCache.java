package net.vswitch.logic.openflow.cache;

import java.util.Arrays;

import net.vswitch.logic.openflow.match.FlowKey;

/**
 * The exact-match tier in front of the megaflows: the whole key -> its megaflow, direct-mapped, 8 K entries.
 * One hash and one compare for the heavy hitters; entries are inserted with probability 1/{@code insertInverse}
 * (OVS's emc-insert-inv-prob) so a flood of new flows does not thrash it. An entry whose megaflow died is a
 * miss. Single-threaded: its {@link PortDatapath}'s lock.
 */
final class ExactMatchCache
{
    static final int ENTRIES = 8192;

    /** 1.4 MiB together: allocated on the first insert, so an ingress port that never inserts pays nothing. */
    private long[] keys;
    private Megaflow[] flows;
    private int[] hashes;
    private final int insertInverse;
    private int random = 0x2F6B_1A3D;

    /** @param insertInverse 1 inserts always, N inserts one in N, 0 disables the cache */
    ExactMatchCache(final int insertInverse)
    {
        this.insertInverse = insertInverse;
    }

    boolean enabled()
    {
        return insertInverse > 0;
    }

    Megaflow lookup(final long[] key, final int hash)
    {
        if (flows == null)
        {
            return null;
        }
        final int i = hash & (ENTRIES - 1);
        final Megaflow f = flows[i];
        if (f == null || hashes[i] != hash || !f.alive)
        {
            return null;
        }
        final int base = i * FlowKey.WORDS;
        for (int w = 0; w < FlowKey.WORDS; w++)
        {
            if (keys[base + w] != key[w])
            {
                return null;
            }
        }
        return f;
    }

    void maybeInsert(final long[] key, final int hash, final Megaflow flow)
    {
        if (insertInverse > 1)
        {
            random ^= random << 13;
            random ^= random >>> 17;
            random ^= random << 5;
            if (Integer.remainderUnsigned(random, insertInverse) != 0)
            {
                return;
            }
        }
        if (flows == null)
        {
            keys = new long[ENTRIES * FlowKey.WORDS];
            flows = new Megaflow[ENTRIES];
            hashes = new int[ENTRIES];
        }
        final int i = hash & (ENTRIES - 1);
        System.arraycopy(key, 0, keys, i * FlowKey.WORDS, FlowKey.WORDS);
        flows[i] = flow;
        hashes[i] = hash;
    }

    void clear()
    {
        if (flows != null)
        {
            Arrays.fill(flows, null);
        }
    }
}
