package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.Actions;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.FlowFilter;
import net.vswitch.logic.openflow.pipeline.FlowStats;
import net.vswitch.logic.openflow.pipeline.GroupEntry;

/**
 * What the switch does with each controller message: flow and group changes against the {@link OpenFlowLogic}'s
 * pipeline, packet-out, configuration, roles, barriers; statistics through {@link StatsReplies}. Runs on the
 * connections' reader threads, never on the data path.
 */
final class SwitchAgent
{
    /** Adds applied as one pipeline change at most: bounds the latency of a storm's first flows. */
    static final int BATCH = 10_000;

    private final OpenFlowChannel channel;
    private final OpenFlowLogic logic;
    private final StatsReplies stats;
    private long generationId;
    private boolean generationSet;

    SwitchAgent(final OpenFlowChannel channel, final OpenFlowLogic logic)
    {
        this.channel = channel;
        this.logic = logic;
        this.stats = new StatsReplies(channel, logic);
    }

    void handle(final OfConnection c, final OfMessage msg, final byte[] raw) throws OfpException
    {
        if (msg instanceof OfMessage.FlowMod fm && fm.command() == OfMessage.FlowMod.ADD)
        {
            checkWritable(c);
            c.pendingAdds.add(fm);
            c.pendingRaw.add(raw);
            if (c.pendingAdds.size() >= BATCH)
            {
                flush(c);
            }
            return;
        }
        flush(c);
        switch (msg)
        {
            case OfMessage.Hello h -> channel.log(c.peer() + ": hello again (ignored)");
            case OfMessage.Echo e ->
            {
                if (e.request())
                {
                    c.reply(OfEncoder.echo(Ofp.ECHO_REPLY, e.xid(), e.data()));
                }
            }
            case OfMessage.Error e ->
            {
                channel.count("channel_errors_received");
                channel.log(c.peer() + ": peer sent error " + Ofp.errorName(e.type(), e.code()));
            }
            case OfMessage.Simple s -> simple(c, s);
            case OfMessage.SetConfig s -> c.missSendLen = s.missSendLen();
            case OfMessage.FlowMod fm ->
            {
                checkWritable(c);
                flowMod(fm);
            }
            case OfMessage.GroupMod gm ->
            {
                checkWritable(c);
                groupMod(gm);
            }
            case OfMessage.PacketOut po ->
            {
                checkWritable(c);
                packetOut(po);
            }
            case OfMessage.Multipart mp -> stats.reply(c, mp);
            case OfMessage.RoleRequest rr -> role(c, rr);
            case OfMessage.SetAsync sa ->
            {
                c.packetInMask = sa.packetIn();
                c.portStatusMask = sa.portStatus();
                c.flowRemovedMask = sa.flowRemoved();
            }
        }
    }

    private void simple(final OfConnection c, final OfMessage.Simple s)
    {
        switch (s.type())
        {
            case Ofp.FEATURES_REQUEST -> c.reply(OfEncoder.featuresReply(s.xid(), channel.datapathId()));
            case Ofp.GET_CONFIG_REQUEST -> c.reply(OfEncoder.configReply(s.xid(), 0, c.missSendLen));
            case Ofp.GET_ASYNC_REQUEST -> c.reply(OfEncoder.asyncReply(s.xid(), c.packetInMask, c.portStatusMask,
                c.flowRemovedMask));
            case Ofp.BARRIER_REQUEST ->
            {
                // every change before this is published; wait until no batch still classifies with older tables
                logic.quiesce();
                c.reply(OfEncoder.simple(Ofp.BARRIER_REPLY, s.xid()));
            }
            default -> throw new IllegalStateException("no handler for message type " + s.type());
        }
    }

    private static void checkWritable(final OfConnection c) throws OfpException
    {
        if (c.role == OfMessage.RoleRequest.SLAVE)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_IS_SLAVE,
                "a slave controller may not change the switch");
        }
    }

    /** Applies the batched adds as one change; if that fails, one by one so each bad flow gets its own error. */
    void flush(final OfConnection c)
    {
        if (c.pendingAdds.isEmpty())
        {
            return;
        }
        final List<OfMessage.FlowMod> adds = new ArrayList<>(c.pendingAdds);
        final List<byte[]> raws = new ArrayList<>(c.pendingRaw);
        c.pendingAdds.clear();
        c.pendingRaw.clear();
        final long now = logic.clock().nanoTime();
        final List<FlowEntry> entries = new ArrayList<>(adds.size());
        try
        {
            for (final OfMessage.FlowMod fm : adds)
            {
                entries.add(entry(fm, now));
            }
            logic.pipeline().addAll(entries);
            channel.count("channel_flows_added", adds.size());
            channel.count("channel_flow_batches");
            return;
        }
        catch (final OfpException | IllegalArgumentException ex)
        {
            // fall through to one by one
        }
        for (int i = 0; i < adds.size(); i++)
        {
            try
            {
                logic.pipeline().add(List.of(entry(adds.get(i), now)));
                channel.count("channel_flows_added");
            }
            catch (final OfpException ex)
            {
                channel.refused(ex);
                c.reply(OfEncoder.error(adds.get(i).xid(), ex.type(), ex.code(), raws.get(i)));
            }
            catch (final IllegalArgumentException ex)
            {
                final OfpException e = addError(ex);
                channel.refused(e);
                c.reply(OfEncoder.error(adds.get(i).xid(), e.type(), e.code(), raws.get(i)));
            }
        }
    }

    private static OfpException addError(final IllegalArgumentException ex)
    {
        final String m = String.valueOf(ex.getMessage());
        if (m.contains("overlaps"))
        {
            return new OfpException(Ofp.ET_FLOW_MOD_FAILED, Ofp.FMFC_OVERLAP, m);
        }
        if (m.contains("group"))
        {
            return new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_OUT_GROUP, m);
        }
        return new OfpException(Ofp.ET_FLOW_MOD_FAILED, Ofp.FMFC_UNKNOWN, m);
    }

    private static FlowEntry entry(final OfMessage.FlowMod fm, final long now) throws OfpException
    {
        if (fm.table() > 254)
        {
            throw new OfpException(Ofp.ET_FLOW_MOD_FAILED, Ofp.FMFC_BAD_TABLE_ID, "flow_mod add to table "
                + fm.table() + " (0..254)");
        }
        if (fm.bufferId() != Ofp.NO_BUFFER)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BUFFER_UNKNOWN, "buffer " + fm.bufferId()
                + ": this switch buffers no packets");
        }
        try
        {
            fm.instructions().check(fm.match());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_MATCH_INCONSISTENT, ex.getMessage());
        }
        int flags = 0;
        flags |= (fm.flags() & OfMessage.FlowMod.FLAG_SEND_FLOW_REM) != 0 ? FlowEntry.FLAG_SEND_FLOW_REM : 0;
        flags |= (fm.flags() & OfMessage.FlowMod.FLAG_CHECK_OVERLAP) != 0 ? FlowEntry.FLAG_CHECK_OVERLAP : 0;
        return new FlowEntry(fm.table(), fm.priority(), fm.match(), fm.instructions(), fm.cookie(), fm.idleTimeout(),
            fm.hardTimeout(), flags, new FlowStats(now));
    }

    private void flowMod(final OfMessage.FlowMod fm) throws OfpException
    {
        final boolean strict = fm.command() == OfMessage.FlowMod.MODIFY_STRICT
            || fm.command() == OfMessage.FlowMod.DELETE_STRICT;
        final FlowFilter filter = new FlowFilter(fm.table() == 0xFF ? FlowFilter.ALL_TABLES : fm.table(), fm.match(),
            strict, fm.priority(), fm.cookie(), fm.cookieMask());
        if (fm.command() == OfMessage.FlowMod.MODIFY || fm.command() == OfMessage.FlowMod.MODIFY_STRICT)
        {
            try
            {
                logic.pipeline().modify(filter, fm.instructions(), null);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_MATCH_INCONSISTENT, ex.getMessage());
            }
            channel.count("channel_flows_modified");
            return;
        }
        final Set<FlowEntry> gone = new HashSet<>();
        for (final Classifier table : logic.pipeline().state().tables())
        {
            for (final FlowEntry e : table.entries())
            {
                if (filter.accepts(e) && outputsTo(e, fm.outPort(), fm.outGroup()))
                {
                    gone.add(e);
                }
            }
        }
        if (!gone.isEmpty())
        {
            final List<FlowEntry> removed = logic.pipeline().delete(gone);
            channel.count("channel_flows_deleted", removed.size());
            channel.flowsRemoved(removed, 2);
        }
    }

    /** OpenFlow's out_port / out_group filter of a delete (ANY: no filter). */
    static boolean outputsTo(final FlowEntry e, final int outPort, final int outGroup)
    {
        if (outPort == Ofp.PORT_ANY && outGroup == Ofp.GROUP_ANY)
        {
            return true;
        }
        final List<Action> all = new ArrayList<>(e.instructions().apply());
        all.addAll(e.instructions().write());
        boolean port = outPort == Ofp.PORT_ANY;
        boolean group = outGroup == Ofp.GROUP_ANY;
        for (final Action a : all)
        {
            port |= a instanceof Actions.Output o && o.port() == outPort
                || a instanceof Actions.Controller && outPort == Ofp.PORT_CONTROLLER;
            group |= a instanceof Actions.Group g && g.groupId() == outGroup;
        }
        return port && group;
    }

    private void groupMod(final OfMessage.GroupMod gm) throws OfpException
    {
        if (gm.command() == OfMessage.GroupMod.DELETE)
        {
            logic.pipeline().deleteGroups(gm.groupId() == Ofp.GROUP_ALL ? null : gm.groupId());
            return;
        }
        if (gm.command() != OfMessage.GroupMod.ADD && gm.command() != OfMessage.GroupMod.MODIFY)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_BAD_COMMAND, "group_mod command " + gm.command());
        }
        if (gm.groupType() >= GroupEntry.Type.values().length)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_BAD_TYPE, "group type " + gm.groupType());
        }
        if (Integer.compareUnsigned(gm.groupId(), 0xFFFFFF00) > 0)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_INVALID_GROUP, "group id "
                + Integer.toUnsignedString(gm.groupId()) + " is reserved");
        }
        final GroupEntry.Type type = GroupEntry.Type.values()[gm.groupType()];
        if (type == GroupEntry.Type.INDIRECT && gm.buckets().size() != 1)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_INVALID_GROUP, "indirect group needs exactly one "
                + "bucket, has " + gm.buckets().size());
        }
        final boolean exists = logic.pipeline().state().groups().containsKey(gm.groupId());
        if (gm.command() == OfMessage.GroupMod.ADD && exists)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_GROUP_EXISTS, "group "
                + Integer.toUnsignedString(gm.groupId()) + " already exists");
        }
        if (gm.command() == OfMessage.GroupMod.MODIFY && !exists)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_UNKNOWN_GROUP, "group "
                + Integer.toUnsignedString(gm.groupId()) + " does not exist");
        }
        try
        {
            logic.pipeline().addGroup(new GroupEntry(gm.groupId(), type, gm.buckets()), true);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, Ofp.GMFC_INVALID_GROUP, ex.getMessage());
        }
    }

    private void packetOut(final OfMessage.PacketOut po) throws OfpException
    {
        if (po.bufferId() != Ofp.NO_BUFFER)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BUFFER_UNKNOWN, "buffer " + po.bufferId()
                + ": this switch buffers no packets");
        }
        final int inPort = po.inPort() == Ofp.PORT_CONTROLLER || po.inPort() == Ofp.PORT_ANY ? 0 : po.inPort();
        final List<String> text = new ArrayList<>();
        po.actions().forEach(a -> text.add(a.toString()));
        try
        {
            final String actions = po.toTable() ? "table" : String.join(",", text);
            if (channel.injector() != null)
            {
                logic.packetOut(po.data(), inPort, actions, channel.injector());
            }
            else
            {
                logic.packetOut(po.data(), inPort, actions);
            }
            channel.count("channel_packet_outs");
        }
        catch (final IllegalArgumentException ex)
        {
            final String m = String.valueOf(ex.getMessage());
            throw new OfpException(Ofp.ET_BAD_REQUEST, m.contains("in_port") ? Ofp.BRC_BAD_PORT : Ofp.BRC_BAD_PACKET,
                m);
        }
        catch (final UnsupportedOperationException | IllegalStateException ex)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_EPERM, String.valueOf(ex.getMessage()));
        }
    }

    private synchronized void role(final OfConnection c, final OfMessage.RoleRequest rr) throws OfpException
    {
        final int r = rr.role();
        if (r > OfMessage.RoleRequest.SLAVE)
        {
            throw new OfpException(Ofp.ET_ROLE_REQUEST_FAILED, Ofp.RRFC_BAD_ROLE, "role " + r);
        }
        if (r == OfMessage.RoleRequest.MASTER || r == OfMessage.RoleRequest.SLAVE)
        {
            if (generationSet && rr.generationId() - generationId < 0)
            {
                throw new OfpException(Ofp.ET_ROLE_REQUEST_FAILED, Ofp.RRFC_STALE, "generation id "
                    + Long.toUnsignedString(rr.generationId()) + " is older than "
                    + Long.toUnsignedString(generationId));
            }
            generationId = rr.generationId();
            generationSet = true;
        }
        if (r == OfMessage.RoleRequest.MASTER)
        {
            channel.demoteMastersExcept(c);
        }
        if (r != OfMessage.RoleRequest.NOCHANGE)
        {
            c.role = r;
        }
        c.reply(OfEncoder.roleReply(rr.xid(), c.role, generationId));
    }
}
