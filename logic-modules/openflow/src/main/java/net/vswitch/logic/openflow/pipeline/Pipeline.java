package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import net.vswitch.logic.openflow.match.Match;

/**
 * The control side of the tables: every change builds a new {@link PipelineState} (copy-on-write, sharing
 * what did not change) and publishes it with one volatile write, so a packet sees the whole update or none
 * of it. Changes are serialised here; readers never lock.
 */
public final class Pipeline
{
    private volatile PipelineState state = PipelineState.empty();
    private LongConsumer listener = version -> { };

    /** The current version (data path: one volatile read per batch). */
    public PipelineState state()
    {
        return state;
    }

    /** Called with the new version after each published change (the caches revalidate). */
    public synchronized void listener(final LongConsumer onChange)
    {
        listener = onChange;
    }

    /**
     * Adds entries as one atomic change: an entry with the same table, priority and match as an existing one
     * replaces it (fresh counters); with check_overlap an entry that overlaps one of equal priority is refused.
     */
    public synchronized void add(final List<FlowEntry> entries)
    {
        final PipelineState s = state;
        final Classifier[] tables = s.tables().clone();
        final Map<Integer, List<FlowEntry>> byTable = new HashMap<>();
        for (final FlowEntry e : entries)
        {
            checkGroups(e, s.groups());
            byTable.computeIfAbsent(e.table(), t -> new ArrayList<>()).add(e);
        }
        for (final Map.Entry<Integer, List<FlowEntry>> t : byTable.entrySet())
        {
            Classifier c = tables[t.getKey()];
            for (final FlowEntry e : t.getValue())
            {
                final Set<FlowEntry> replaced = new HashSet<>();
                for (final FlowEntry old : c.entries())
                {
                    if (old.sameRule(e))
                    {
                        replaced.add(old);
                    }
                    else if ((e.flags() & FlowEntry.FLAG_CHECK_OVERLAP) != 0 && old.priority() == e.priority()
                        && overlaps(old, e))
                    {
                        throw new IllegalArgumentException("flow overlaps an existing flow of priority " + e.priority()
                            + " in table " + e.table() + " (check_overlap): " + old.match());
                    }
                }
                c = c.without(replaced).with(e);
            }
            tables[t.getKey()] = c;
        }
        publish(new PipelineState(s.version() + 1, tables, s.groups()));
    }

    /** OpenFlow's identity of an entry within a table: priority and match. */
    private record Rule(int priority, Match match)
    {
        static Rule of(final FlowEntry e)
        {
            return new Rule(e.priority(), e.match());
        }
    }

    /**
     * {@link #add} for large batches (an OpenFlow channel's flow_mod storm): the same outcome, but each touched table
     * is rebuilt once ({@link Classifier#of}) with a hash lookup per entry instead of a scan, so 100 k entries take
     * linear time. A later entry with the same rule as an earlier one in the batch replaces it.
     */
    public synchronized void addAll(final List<FlowEntry> entries)
    {
        final PipelineState s = state;
        final Classifier[] tables = s.tables().clone();
        final Map<Integer, Map<Rule, FlowEntry>> byTable = new HashMap<>();
        for (final FlowEntry e : entries)
        {
            checkGroups(e, s.groups());
            byTable.computeIfAbsent(e.table(), t -> new java.util.LinkedHashMap<>()).put(Rule.of(e), e);
        }
        for (final Map.Entry<Integer, Map<Rule, FlowEntry>> t : byTable.entrySet())
        {
            final Map<Rule, FlowEntry> added = t.getValue();
            final List<FlowEntry> all = new ArrayList<>();
            for (final FlowEntry old : tables[t.getKey()].entries())
            {
                if (!added.containsKey(Rule.of(old)))
                {
                    all.add(old);
                }
            }
            all.addAll(added.values());
            for (final FlowEntry e : added.values())
            {
                if ((e.flags() & FlowEntry.FLAG_CHECK_OVERLAP) == 0)
                {
                    continue;
                }
                for (final FlowEntry other : all)
                {
                    if (other != e && other.priority() == e.priority() && overlaps(other, e))
                    {
                        throw new IllegalArgumentException("flow overlaps an existing flow of priority " + e.priority()
                            + " in table " + e.table() + " (check_overlap): " + other.match());
                    }
                }
            }
            tables[t.getKey()] = Classifier.of(all);
        }
        publish(new PipelineState(s.version() + 1, tables, s.groups()));
    }

    private static boolean overlaps(final FlowEntry a, final FlowEntry b)
    {
        final long[] av = a.match().valueWords();
        final long[] am = a.match().maskWords();
        final long[] bv = b.match().valueWords();
        final long[] bm = b.match().maskWords();
        for (int w = 0; w < av.length; w++)
        {
            final long both = am[w] & bm[w];
            if ((av[w] & both) != (bv[w] & both))
            {
                return false;
            }
        }
        return true;
    }

    private static void checkGroups(final FlowEntry e, final Map<Integer, GroupEntry> groups)
    {
        final List<net.vswitch.logic.openflow.action.Action> all = new ArrayList<>(e.instructions().apply());
        all.addAll(e.instructions().write());
        for (final net.vswitch.logic.openflow.action.Action a : all)
        {
            if (a instanceof net.vswitch.logic.openflow.action.Actions.Group g && !groups.containsKey(g.groupId()))
            {
                throw new IllegalArgumentException("group " + Integer.toUnsignedString(g.groupId())
                    + " does not exist (add-group first)");
            }
        }
    }

    /**
     * Replaces the instructions (and, when given, the cookie) of the entries {@code filter} accepts, keeping
     * their counters. Returns how many changed.
     */
    public synchronized int modify(final FlowFilter filter, final Instructions instructions, final Long newCookie)
    {
        final PipelineState s = state;
        final Classifier[] tables = s.tables().clone();
        int changed = 0;
        for (int t = 0; t < tables.length; t++)
        {
            final Set<FlowEntry> old = new HashSet<>();
            final List<FlowEntry> updated = new ArrayList<>();
            for (final FlowEntry e : tables[t].entries())
            {
                if (filter.accepts(e))
                {
                    instructions.check(e.match());
                    if (instructions.gotoTable() >= 0 && instructions.gotoTable() <= t)
                    {
                        throw new IllegalArgumentException("goto_table:" + instructions.gotoTable()
                            + " must name a later table than " + t);
                    }
                    old.add(e);
                    updated.add(e.withInstructions(instructions, newCookie != null ? newCookie : e.cookie()));
                }
            }
            if (!old.isEmpty())
            {
                Classifier c = tables[t].without(old);
                for (final FlowEntry e : updated)
                {
                    checkGroups(e, s.groups());
                    c = c.with(e);
                }
                tables[t] = c;
                changed += old.size();
            }
        }
        if (changed > 0)
        {
            publish(new PipelineState(s.version() + 1, tables, s.groups()));
        }
        return changed;
    }

    /** Removes the entries {@code filter} accepts and returns them. */
    public synchronized List<FlowEntry> delete(final FlowFilter filter)
    {
        return delete(filter, null);
    }

    /** Removes exactly these entries (timeouts), if still present. */
    public synchronized List<FlowEntry> delete(final Set<FlowEntry> entries)
    {
        return delete(null, entries);
    }

    private List<FlowEntry> delete(final FlowFilter filter, final Set<FlowEntry> exact)
    {
        final PipelineState s = state;
        final Classifier[] tables = s.tables().clone();
        final List<FlowEntry> removed = new ArrayList<>();
        for (int t = 0; t < tables.length; t++)
        {
            final Set<FlowEntry> gone = new HashSet<>();
            for (final FlowEntry e : tables[t].entries())
            {
                if (filter != null ? filter.accepts(e) : exact.contains(e))
                {
                    gone.add(e);
                }
            }
            if (!gone.isEmpty())
            {
                tables[t] = tables[t].without(gone);
                removed.addAll(gone);
            }
        }
        if (!removed.isEmpty())
        {
            publish(new PipelineState(s.version() + 1, tables, s.groups()));
        }
        return removed;
    }

    /** Adds a group; an existing id is refused, as OpenFlow's OFPGC_ADD does. */
    public synchronized void addGroup(final GroupEntry group, final boolean replace)
    {
        final PipelineState s = state;
        if (!replace && s.groups().containsKey(group.groupId()))
        {
            throw new IllegalArgumentException("group " + Integer.toUnsignedString(group.groupId())
                + " already exists");
        }
        final Map<Integer, GroupEntry> groups = new HashMap<>(s.groups());
        groups.put(group.groupId(), group);
        publish(new PipelineState(s.version() + 1, s.tables(), Map.copyOf(groups)));
    }

    /** Removes all groups, or one. Flows that output to a removed group then output nothing there. */
    public synchronized int deleteGroups(final Integer groupId)
    {
        final PipelineState s = state;
        final Map<Integer, GroupEntry> groups = new HashMap<>(s.groups());
        final int before = groups.size();
        if (groupId == null)
        {
            groups.clear();
        }
        else
        {
            groups.remove(groupId);
        }
        if (groups.size() != before)
        {
            publish(new PipelineState(s.version() + 1, s.tables(), Map.copyOf(groups)));
        }
        return before - groups.size();
    }

    /**
     * Replaces all tables and groups with those of {@code content} (a scratch pipeline's state, built with the
     * same checks as single changes) in one published version: a restored state appears whole.
     */
    public synchronized void replace(final PipelineState content)
    {
        publish(new PipelineState(state.version() + 1, content.tables().clone(), Map.copyOf(content.groups())));
    }

    /** Publishes a new version with the same content: something translation reads besides the tables changed. */
    public synchronized void touch()
    {
        final PipelineState s = state;
        publish(new PipelineState(s.version() + 1, s.tables(), s.groups()));
    }

    private void publish(final PipelineState next)
    {
        state = next;
        listener.accept(next.version());
    }
}
