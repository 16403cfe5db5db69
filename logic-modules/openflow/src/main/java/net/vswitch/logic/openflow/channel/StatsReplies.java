package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.pipeline.Classifier;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.FlowFilter;
import net.vswitch.logic.openflow.pipeline.GroupEntry;

/** Multipart replies: desc, flow, aggregate, table, table features (read-only), ports, groups, meter features. */
final class StatsReplies
{
    static final int TABLES = 254;

    private final OpenFlowChannel channel;
    private final OpenFlowLogic logic;

    StatsReplies(final OpenFlowChannel channel, final OpenFlowLogic logic)
    {
        this.channel = channel;
        this.logic = logic;
    }

    void reply(final OfConnection c, final OfMessage.Multipart mp) throws OfpException
    {
        final List<byte[]> entries = new ArrayList<>();
        switch (mp.mpType())
        {
            case Ofp.MP_DESC -> entries.add(new WireWriter().string("vswitch", 256).string("userspace software switch",
                256).string("vswitch openflow channel (OpenFlow 1.3)", 256).string("none", 32)
                .string(channel.switchName(), 256).toArray());
            case Ofp.MP_FLOW ->
            {
                logic.credit();
                final long now = logic.clock().nanoTime();
                for (final FlowEntry e : select(mp.flows()))
                {
                    entries.add(OfEncoder.flowStats(e, now));
                }
            }
            case Ofp.MP_AGGREGATE ->
            {
                logic.credit();
                long packets = 0;
                long bytes = 0;
                int count = 0;
                for (final FlowEntry e : select(mp.flows()))
                {
                    packets += e.stats().packets();
                    bytes += e.stats().bytes();
                    count++;
                }
                entries.add(new WireWriter().u64(packets).u64(bytes).u32(count).zeros(4).toArray());
            }
            case Ofp.MP_TABLE ->
            {
                logic.credit();
                final Classifier[] tables = logic.pipeline().state().tables();
                for (int t = 0; t < TABLES && t < tables.length; t++)
                {
                    long matched = 0;
                    for (final FlowEntry e : tables[t].entries())
                    {
                        matched += e.stats().packets();
                    }
                    entries.add(new WireWriter().u8(t).zeros(3).u32(tables[t].size()).u64(matched).u64(matched)
                        .toArray());
                }
            }
            case Ofp.MP_TABLE_FEATURES ->
            {
                if (mp.bodyLength() > 0)
                {
                    throw new OfpException(13, 5, "table features are read-only here");
                }
                for (int t = 0; t < TABLES; t++)
                {
                    entries.add(TableFeatures.encode(t, TABLES));
                }
            }
            case Ofp.MP_PORT_DESC ->
            {
                for (final OfEncoder.PortInfo p : channel.ports())
                {
                    final WireWriter w = new WireWriter();
                    OfEncoder.port(w, p);
                    entries.add(w.toArray());
                }
            }
            case Ofp.MP_PORT_STATS ->
            {
                final long age = logic.clock().nanoTime() - channel.startedNanos();
                for (final OfEncoder.PortInfo p : channel.ports())
                {
                    if (mp.port() == Ofp.PORT_ANY || mp.port() == p.number())
                    {
                        entries.add(new WireWriter().u32(p.number()).zeros(4).u64(p.rxPackets()).zeros(8 * 11)
                            .u32((int)(age / 1_000_000_000L)).u32((int)(age % 1_000_000_000L)).toArray());
                    }
                }
            }
            case Ofp.MP_GROUP_DESC ->
            {
                for (final GroupEntry g : logic.pipeline().state().groups().values())
                {
                    entries.add(OfEncoder.groupDesc(g));
                }
            }
            case Ofp.MP_GROUP ->
            {
                for (final GroupEntry g : logic.pipeline().state().groups().values())
                {
                    if (mp.group() == Ofp.GROUP_ALL || mp.group() == g.groupId())
                    {
                        entries.add(OfEncoder.groupStats(g));
                    }
                }
            }
            case Ofp.MP_METER_FEATURES -> entries.add(new byte[16]);
            default -> throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_MULTIPART, "multipart type "
                + mp.mpType());
        }
        for (final byte[] m : OfEncoder.multipart(mp.xid(), mp.mpType(), entries))
        {
            c.reply(m);
        }
    }

    private List<FlowEntry> select(final OfMessage.FlowQuery q) throws OfpException
    {
        if (q.table() != 0xFF && q.table() >= TABLES)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_TABLE_ID, "table " + q.table());
        }
        final FlowFilter filter = new FlowFilter(q.table() == 0xFF ? FlowFilter.ALL_TABLES : q.table(), q.match(),
            false,
            0, q.cookie(), q.cookieMask());
        final List<FlowEntry> out = new ArrayList<>();
        for (final Classifier table : logic.pipeline().state().tables())
        {
            for (final FlowEntry e : table.entries())
            {
                if (filter.accepts(e) && SwitchAgent.outputsTo(e, q.outPort(), q.outGroup()))
                {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
