package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One flow table's classifier: tuple-space search over {@link Subtable}s ordered by their highest priority.
 *
 * <p>Why the wildcards matter: a megaflow is only correct if it holds every bit the lookup depended on. A
 * lookup therefore ors into {@code wildcards} the mask of every subtable it probes, whether or not that
 * subtable matched (a non-match is a fact about exactly those bits). Once an entry of priority P is found, a
 * subtable whose highest priority is at most P cannot beat it and is skipped, so its bits stay wildcarded
 * (OVS's classifier.h, "Un-wildcarding"). Never a scan over entries: the cost is one hash probe per
 * subtable visited.
 *
 * <p>Immutable; {@link #with} and {@link #without} copy only the subtable that changes.
 */
public final class Classifier
{
    public static final Classifier EMPTY = new Classifier(new Subtable[0]);

    private static final Comparator<Subtable> BY_MAX_PRIORITY =
        Comparator.comparingInt(Subtable::maxPriority).reversed();

    private final Subtable[] subtables;
    private final int size;

    private Classifier(final Subtable[] subtables)
    {
        this.subtables = subtables;
        int n = 0;
        for (final Subtable s : subtables)
        {
            n += s.entries().size();
        }
        this.size = n;
    }

    /**
     * The highest-priority entry matching {@code key}, or {@code null}; ors the bits consulted into
     * {@code wildcards} (may be {@code null} when the caller does not build a megaflow).
     */
    public FlowEntry lookup(final long[] key, final long[] wildcards)
    {
        FlowEntry best = null;
        for (final Subtable s : subtables)
        {
            if (best != null && best.priority() >= s.maxPriority())
            {
                break;
            }
            if (wildcards != null)
            {
                final long[] m = s.mask();
                for (int w = 0; w < m.length; w++)
                {
                    wildcards[w] |= m[w];
                }
            }
            final FlowEntry found = s.find(key);
            if (found != null && (best == null || found.priority() > best.priority()))
            {
                best = found;
            }
        }
        return best;
    }

    public int size()
    {
        return size;
    }

    /** Number of distinct masks (subtables). */
    public int masks()
    {
        return subtables.length;
    }

    /** Every entry, highest priority first. */
    public List<FlowEntry> entries()
    {
        final List<FlowEntry> all = new ArrayList<>(size);
        for (final Subtable s : subtables)
        {
            all.addAll(s.entries());
        }
        all.sort(Comparator.comparingInt(FlowEntry::priority).reversed());
        return all;
    }

    public Classifier with(final FlowEntry entry)
    {
        final long[] mask = entry.match().maskWords();
        final Subtable[] copy = subtables.clone();
        for (int i = 0; i < copy.length; i++)
        {
            if (copy[i].sameMask(mask))
            {
                copy[i] = copy[i].with(entry);
                Arrays.sort(copy, BY_MAX_PRIORITY);
                return new Classifier(copy);
            }
        }
        final Subtable[] grown = Arrays.copyOf(copy, copy.length + 1);
        grown[copy.length] = new Subtable(mask.clone(), List.of(entry));
        Arrays.sort(grown, BY_MAX_PRIORITY);
        return new Classifier(grown);
    }

    public Classifier without(final Set<FlowEntry> remove)
    {
        if (remove.isEmpty())
        {
            return this;
        }
        final List<Subtable> kept = new ArrayList<>(subtables.length);
        for (final Subtable s : subtables)
        {
            final Subtable t = s.without(remove);
            if (t != null)
            {
                kept.add(t);
            }
        }
        final Subtable[] array = kept.toArray(new Subtable[0]);
        Arrays.sort(array, BY_MAX_PRIORITY);
        return new Classifier(array);
    }

    /** Builds a classifier from many entries at once (add-flows FILE). */
    public static Classifier of(final List<FlowEntry> entries)
    {
        final java.util.Map<java.util.List<Long>, List<FlowEntry>> byMask = new java.util.LinkedHashMap<>();
        for (final FlowEntry e : entries)
        {
            final List<Long> key = Arrays.stream(e.match().maskWords()).boxed().toList();
            byMask.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        final List<Subtable> list = new ArrayList<>();
        for (final List<FlowEntry> same : byMask.values())
        {
            list.add(new Subtable(same.get(0).match().maskWords().clone(), same));
        }
        final Subtable[] array = list.toArray(new Subtable[0]);
        Arrays.sort(array, BY_MAX_PRIORITY);
        return new Classifier(array);
    }
}
