package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.Actions;
import net.vswitch.logic.openflow.action.DropCause;
import net.vswitch.logic.openflow.action.PortMap;
import net.vswitch.logic.openflow.action.Program;
import net.vswitch.logic.openflow.action.ProgramBuilder;
import net.vswitch.logic.openflow.action.Translation;
import net.vswitch.logic.openflow.ct.Recirculation;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.FlowKey;

/**
 * The slow path: runs a flow key through tables 0..254 of one {@link PipelineState}, as OpenFlow specifies
 * (apply-actions at once, the action set at the end, goto-table forward, resubmit nested), and records the
 * wildcard mask of every bit it consulted. It works on the key only, never on the packet, so the same call
 * builds a megaflow on a miss and re-checks one on revalidation. One instance per data-path thread.
 */
public final class Translator implements Translation
{
    /** Nested resubmits and groups beyond this drop the packet (a loop in the tables). */
    public static final int MAX_DEPTH = 64;

    /** Header fields a group bucket's changes are undone on (one per set of key bits). */
    private static final Field[] RESTORED = {
        Field.ETH_SRC, Field.ETH_DST, Field.IPV4_SRC, Field.IPV4_DST, Field.IPV6_SRC, Field.IPV6_DST, Field.IP_DSCP,
        Field.IP_ECN, Field.NW_TTL, Field.ARP_OP, Field.ARP_SHA, Field.ARP_THA, Field.ND_TARGET,
    };

    private final PortMap ports;
    private final long[] key = new long[FlowKey.WORDS];
    private final long[] wildcards = new long[FlowKey.WORDS];
    private final ProgramBuilder program = new ProgramBuilder();
    private final List<FlowEntry> contributors = new ArrayList<>();
    private final List<Action> actionSet = new ArrayList<>();
    private PipelineState state;
    private int table;
    private long cookie;
    private boolean tableMiss;
    private int depth;
    private DropCause halted;
    private boolean missed;

    public Translator(final PortMap ports)
    {
        this.ports = ports;
    }

    /** Translates {@code packetKey} (not modified) against {@code pipeline}. */
    public Translated translate(final PipelineState pipeline, final long[] packetKey)
    {
        state = pipeline;
        System.arraycopy(packetKey, 0, key, 0, FlowKey.WORDS);
        Arrays.fill(wildcards, 0);
        program.reset();
        contributors.clear();
        actionSet.clear();
        depth = 0;
        halted = null;
        missed = false;
        // every megaflow pins recirc_id, so first-pass and recirculated packets never share one (as in OVS)
        Field.RECIRC_ID.unwildcard(wildcards);
        final int recirc = (int)Field.RECIRC_ID.get(key);
        if (recirc == 0)
        {
            runTable(0, true);
        }
        else
        {
            // a recirculated packet's decisions depend on its ct_state: keep the bits in the megaflow key
            Field.CT_STATE.unwildcard(wildcards);
            final int resume = Recirculation.table(recirc);
            if (resume >= 0)
            {
                runTable(resume, true);
            }
            else
            {
                missed = true;
            }
        }
        if (halted == null && !actionSet.isEmpty())
        {
            runActionSet();
        }
        final DropCause cause = halted != null ? halted : missed ? DropCause.TABLE_MISS : DropCause.NO_OUTPUT;
        return new Translated(wildcards.clone(), program.build(cause), contributors.toArray(new FlowEntry[0]));
    }

    /** Translates a bare action list (packet-out) against {@code pipeline}'s groups and tables (resubmit). */
    public Translated translateActions(final PipelineState pipeline, final long[] packetKey, final List<Action> actions)
    {
        state = pipeline;
        System.arraycopy(packetKey, 0, key, 0, FlowKey.WORDS);
        Arrays.fill(wildcards, 0);
        program.reset();
        contributors.clear();
        actionSet.clear();
        depth = 0;
        halted = null;
        missed = false;
        table = 0;
        cookie = -1L;
        tableMiss = false;
        runActions(actions);
        return new Translated(wildcards.clone(), program.build(halted != null ? halted : DropCause.NO_OUTPUT),
            contributors.toArray(new FlowEntry[0]));
    }

    private void runTable(final int id, final boolean pipeline)
    {
        final FlowEntry entry = state.table(id).lookup(key, wildcards);
        if (entry == null)
        {
            missed |= pipeline;
            return;
        }
        contributors.add(entry);
        final int savedTable = table;
        final long savedCookie = cookie;
        final boolean savedMiss = tableMiss;
        table = id;
        cookie = entry.cookie();
        tableMiss = entry.priority() == 0 && entry.match().words().length == 0;
        final Instructions in = entry.instructions();
        runActions(in.apply());
        if (halted == null && pipeline)
        {
            if (in.clearActions())
            {
                actionSet.clear();
            }
            for (final Action a : in.write())
            {
                writeAction(a);
            }
            if (in.writeMetadata())
            {
                final long md = Field.METADATA.get(key);
                Field.METADATA.put(key, 0, (md & ~in.metadataMask()) | in.metadata());
            }
            if (in.gotoTable() >= 0)
            {
                runTable(in.gotoTable(), true);
            }
        }
        table = savedTable;
        cookie = savedCookie;
        tableMiss = savedMiss;
    }

    private void runActions(final List<Action> actions)
    {
        for (int i = 0, n = actions.size(); i < n && halted == null; i++)
        {
            actions.get(i).translate(this);
        }
    }

    /** write_actions: one action per kind (set_field per field); a later write replaces an earlier one. */
    private void writeAction(final Action action)
    {
        for (int i = 0; i < actionSet.size(); i++)
        {
            if (sameSlot(actionSet.get(i), action))
            {
                actionSet.set(i, action);
                return;
            }
        }
        actionSet.add(action);
    }

    private static boolean sameSlot(final Action a, final Action b)
    {
        if (a instanceof Actions.SetField x && b instanceof Actions.SetField y)
        {
            return x.field() == y.field();
        }
        return rank(a) == rank(b) && rank(a) != 4;
    }

    /** OpenFlow 1.3 §5.10's order for the action set. */
    private static int rank(final Action a)
    {
        if (a instanceof Actions.PopVlan)
        {
            return 1;
        }
        if (a instanceof Actions.PushVlan)
        {
            return 2;
        }
        if (a instanceof Actions.DecTtl)
        {
            return 3;
        }
        if (a instanceof Actions.Group)
        {
            return 5;
        }
        if (a instanceof Actions.Output || a instanceof Actions.InPort || a instanceof Actions.Flood
            || a instanceof Actions.Controller)
        {
            return 6;
        }
        return 4;
    }

    private void runActionSet()
    {
        final List<Action> ordered = new ArrayList<>(actionSet);
        ordered.sort(java.util.Comparator.comparingInt(Translator::rank));
        final boolean hasGroup = ordered.stream().anyMatch(a -> rank(a) == 5);
        for (final Action a : ordered)
        {
            if (halted != null)
            {
                return;
            }
            if (!(hasGroup && rank(a) == 6))
            {
                a.translate(this);
            }
        }
    }

    // ---------------------------------------------------------------- Translation

    @Override
    public long[] key()
    {
        return key;
    }

    @Override
    public long[] wildcards()
    {
        return wildcards;
    }

    @Override
    public ProgramBuilder program()
    {
        return program;
    }

    @Override
    public int portIndex(final int ofport)
    {
        return ports.index(ofport);
    }

    @Override
    public void resubmit(final int tableId)
    {
        if (++depth > MAX_DEPTH)
        {
            halt(DropCause.RECURSION);
            return;
        }
        runTable(tableId, false);
        depth--;
    }

    @Override
    public void group(final int groupId)
    {
        final GroupEntry group = state.groups().get(groupId);
        if (group == null)
        {
            return;
        }
        if (++depth > MAX_DEPTH)
        {
            halt(DropCause.RECURSION);
            return;
        }
        switch (group.type())
        {
            case ALL ->
            {
                for (final GroupEntry.Bucket b : group.buckets())
                {
                    bucket(b);
                }
            }
            case INDIRECT -> bucket(group.buckets().get(0));
            case SELECT -> select(group);
            case FAST_FAILOVER ->
            {
                for (final GroupEntry.Bucket b : group.buckets())
                {
                    if (b.watchPort() <= 0 || ports.index(b.watchPort()) >= 0)
                    {
                        bucket(b);
                        break;
                    }
                }
            }
            default -> throw new IllegalStateException(group.type().toString());
        }
        depth--;
    }

    /** A select group keeps a connection on one bucket: the choice hashes the 5-tuple, which the megaflow pins. */
    private void select(final GroupEntry group)
    {
        final Field[] tuple = {Field.ETH_TYPE, Field.IP_PROTO, Field.IPV4_SRC, Field.IPV4_DST, Field.IPV6_SRC,
            Field.IPV6_DST, Field.TP_SRC, Field.TP_DST};
        long h = 0x2545_F491_4F6C_DD1DL;
        for (final Field f : tuple)
        {
            f.unwildcard(wildcards);
            h = (h ^ f.get(key) ^ (f.getHigh(key) * 31)) * 0x9E37_79B9_7F4A_7C15L;
            h ^= h >>> 29;
        }
        long total = 0;
        for (final GroupEntry.Bucket b : group.buckets())
        {
            total += Math.max(0, b.weight());
        }
        if (total == 0)
        {
            return;
        }
        long pick = Long.remainderUnsigned(h, total);
        for (final GroupEntry.Bucket b : group.buckets())
        {
            pick -= Math.max(0, b.weight());
            if (pick < 0)
            {
                bucket(b);
                return;
            }
        }
    }

    /** Runs a bucket on a copy of the key; the packet's header changes are undone for what follows. */
    private void bucket(final GroupEntry.Bucket bucket)
    {
        final long[] saved = key.clone();
        runActions(bucket.actions());
        restore(saved);
        System.arraycopy(saved, 0, key, 0, FlowKey.WORDS);
    }

    private void restore(final long[] saved)
    {
        final long savedTci = Field.VLAN_TCI.get(saved);
        final long tci = Field.VLAN_TCI.get(key);
        if (savedTci != tci)
        {
            Field.VLAN_TCI.unwildcard(wildcards);
            final boolean had = (savedTci & FlowKey.VLAN_CFI) != 0;
            final boolean has = (tci & FlowKey.VLAN_CFI) != 0;
            if (had && !has)
            {
                program.pushVlan(Packet.ETHERTYPE_VLAN);
            }
            if (!had && has)
            {
                program.popVlan();
            }
            else
            {
                program.setField(Field.VLAN_TCI, 0, savedTci, 0, 0xFFFF);
            }
        }
        for (final Field f : RESTORED)
        {
            restore(f, saved);
        }
        final long proto = Field.IP_PROTO.get(saved);
        final boolean icmp = proto == Packet.IPPROTO_ICMP || proto == Packet.IPPROTO_ICMPV6;
        restore(icmp ? Field.ICMP_TYPE : Field.TP_SRC, saved);
        restore(icmp ? Field.ICMP_CODE : Field.TP_DST, saved);
    }

    private void restore(final Field f, final long[] saved)
    {
        if (f.get(saved) != f.get(key) || f.getHigh(saved) != f.getHigh(key))
        {
            // the op writes the original value back: the megaflow must pin that value
            f.unwildcard(wildcards);
            program.setField(f, f.getHigh(saved), f.get(saved), f.wide() ? -1L : 0, -1L);
        }
    }

    @Override
    public int tableId()
    {
        return table;
    }

    @Override
    public long cookie()
    {
        return cookie;
    }

    @Override
    public int packetInReason()
    {
        return tableMiss ? Program.REASON_NO_MATCH : Program.REASON_ACTION;
    }

    @Override
    public void halt(final DropCause reason)
    {
        if (halted == null)
        {
            halted = reason;
        }
    }
}
