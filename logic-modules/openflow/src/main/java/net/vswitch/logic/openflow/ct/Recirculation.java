package net.vswitch.logic.openflow.ct;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.FlowKey;

/**
 * Recirculation ids, as Open vSwitch's ofproto-dpif-rid: {@code ct(table=T)} freezes what the pipeline knew
 * at that point (the table to resume in, metadata and registers) under a small id; the recirculated packet's
 * key carries the id in {@code recirc_id}, so its megaflows never mix with first-pass ones, and the slow path
 * restores the frozen state from it. The same state always gets the same id (revalidation re-derives it).
 * Ids are allocated on the slow path only and kept for the life of the JVM, at most {@link #CAPACITY}.
 */
public final class Recirculation
{
    /** Distinct frozen states at most; beyond, {@code ct(table=T)} drops (counted). */
    public static final int CAPACITY = 1 << 20;

    /** Metadata plus the eight 64-bit register words. */
    private static final int FROZEN_WORDS = 1 + 8;

    private static final ConcurrentHashMap<Frozen, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicReferenceArray<Frozen> STATES = new AtomicReferenceArray<>(CAPACITY);
    private static int next = 1;

    private Recirculation()
    {
    }

    /** The frozen state of one ct(table=T) point: resume table, metadata and registers. */
    private record Frozen(int table, long[] words)
    {
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Frozen f && f.table == table && Arrays.equals(f.words, words);
        }

        @Override
        public int hashCode()
        {
            return table * 31 + Arrays.hashCode(words);
        }
    }

    /**
     * The id for resuming in {@code table} with {@code key}'s metadata and registers.
     *
     * @return the id (1 and up), or 0 when {@link #CAPACITY} ids are taken
     */
    public static int id(final int table, final long[] key)
    {
        final long[] words = Arrays.copyOfRange(key, FlowKey.W_METADATA, FlowKey.W_METADATA + FROZEN_WORDS);
        final Frozen frozen = new Frozen(table, words);
        final Integer known = IDS.get(frozen);
        if (known != null)
        {
            return known;
        }
        synchronized (IDS)
        {
            final Integer again = IDS.get(frozen);
            if (again != null)
            {
                return again;
            }
            if (next >= CAPACITY)
            {
                return 0;
            }
            final int id = next++;
            STATES.set(id, frozen);
            IDS.put(frozen, id);
            return id;
        }
    }

    /** The table a recirculated packet with {@code id} resumes in, or -1 for an id never handed out. */
    public static int table(final int id)
    {
        final Frozen f = id > 0 && id < CAPACITY ? STATES.get(id) : null;
        return f == null ? -1 : f.table;
    }

    /**
     * Turns a freshly extracted key into the recirculated packet's key: sets {@code recirc_id} and restores the
     * frozen metadata and registers (the header and ct fields come from the packet itself).
     *
     * @return false for an id never handed out
     */
    public static boolean restore(final int id, final long[] key)
    {
        final Frozen f = id > 0 && id < CAPACITY ? STATES.get(id) : null;
        if (f == null)
        {
            return false;
        }
        System.arraycopy(f.words, 0, key, FlowKey.W_METADATA, FROZEN_WORDS);
        Field.RECIRC_ID.put(key, 0, id);
        return true;
    }
}
