package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.match.Match;

/**
 * All entries of one table that share a mask: one hash lookup answers "which of them match", whatever their
 * number (tuple-space search, Srinivasan et al.). Immutable; a change builds a new subtable.
 */
final class Subtable
{
    private static final Comparator<FlowEntry> BY_PRIORITY = Comparator.comparingInt(FlowEntry::priority).reversed();

    private final long[] mask;
    private final int[] words;
    private final int maxPriority;
    private final List<FlowEntry> entries;
    /** Open addressing: slot -> entries with one masked value, highest priority first. */
    private final FlowEntry[][] slots;
    private final int[] hashes;

    Subtable(final long[] mask, final List<FlowEntry> entries)
    {
        this.mask = mask;
        this.words = FlowKey.words(mask);
        this.entries = List.copyOf(entries);
        final Map<Match, List<FlowEntry>> byValue = new LinkedHashMap<>();
        int max = Integer.MIN_VALUE;
        for (final FlowEntry e : entries)
        {
            byValue.computeIfAbsent(e.match(), m -> new ArrayList<>()).add(e);
            max = Math.max(max, e.priority());
        }
        this.maxPriority = max;
        final int capacity = Integer.highestOneBit(Math.max(4, byValue.size() * 2 - 1)) << 1;
        this.slots = new FlowEntry[capacity][];
        this.hashes = new int[capacity];
        for (final List<FlowEntry> same : byValue.values())
        {
            same.sort(BY_PRIORITY);
            final FlowEntry[] chain = same.toArray(new FlowEntry[0]);
            final int hash = FlowKey.hash(chain[0].match().valueWords(), mask, words);
            int i = hash & (capacity - 1);
            while (slots[i] != null)
            {
                i = (i + 1) & (capacity - 1);
            }
            slots[i] = chain;
            hashes[i] = hash;
        }
    }

    long[] mask()
    {
        return mask;
    }

    int maxPriority()
    {
        return maxPriority;
    }

    List<FlowEntry> entries()
    {
        return entries;
    }

    /** The highest-priority entry whose masked value equals {@code key}'s, or {@code null}. */
    FlowEntry find(final long[] key)
    {
        final int hash = FlowKey.hash(key, mask, words);
        final int m = slots.length - 1;
        int i = hash & m;
        FlowEntry[] chain;
        while ((chain = slots[i]) != null)
        {
            if (hashes[i] == hash && sameMasked(key, chain[0].match().valueWords()))
            {
                return chain[0];
            }
            i = (i + 1) & m;
        }
        return null;
    }

    private boolean sameMasked(final long[] key, final long[] value)
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

    Subtable with(final FlowEntry entry)
    {
        final List<FlowEntry> list = new ArrayList<>(entries);
        list.add(entry);
        return new Subtable(mask, list);
    }

    /** Without the entries {@code remove} lists; {@code null} when none is left. */
    Subtable without(final java.util.Set<FlowEntry> remove)
    {
        final List<FlowEntry> list = new ArrayList<>(entries.size());
        for (final FlowEntry e : entries)
        {
            if (!remove.contains(e))
            {
                list.add(e);
            }
        }
        return list.isEmpty() ? null : list.size() == entries.size() ? this : new Subtable(mask, list);
    }

    boolean sameMask(final long[] other)
    {
        return Arrays.equals(mask, other);
    }
}
