package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.GroupEntry;

/** Encodes the messages a switch sends (OpenFlow 1.3 wire format). */
public final class OfEncoder
{
    /** Multipart replies are split below this size (a message length is 16 bits). */
    static final int MULTIPART_BUDGET = 60_000;
    static final int MP_REPLY_MORE = 1;

    private OfEncoder()
    {
    }

    static WireWriter header(final int type, final int xid)
    {
        return new WireWriter().u8(OfDecoder.OF13).u8(type).u16(0).u32(xid);
    }

    static byte[] finish(final WireWriter w)
    {
        w.patch16(2, w.size());
        return w.toArray();
    }

    public static byte[] hello(final int xid)
    {
        return finish(header(Ofp.HELLO, xid).u16(1).u16(8).u32(OfDecoder.SUPPORTED));
    }

    /** OFPT_ERROR with (up to 64 bytes of) the offending message as data. */
    public static byte[] error(final int xid, final int type, final int code, final byte[] offending)
    {
        final WireWriter w = header(Ofp.ERROR, xid).u16(type).u16(code);
        if (offending != null)
        {
            w.bytes(offending, 0, Math.min(offending.length, 64));
        }
        return finish(w);
    }

    public static byte[] simple(final int type, final int xid)
    {
        return finish(header(type, xid));
    }

    public static byte[] echo(final int type, final int xid, final byte[] data)
    {
        return finish(header(type, xid).bytes(data));
    }

    public static byte[] featuresReply(final int xid, final long datapathId)
    {
        // capabilities: flow, table, port and group stats
        return finish(header(Ofp.FEATURES_REPLY, xid).u64(datapathId).u32(0).u8(254).u8(0).zeros(2).u32(1 | 2 | 4 | 8)
            .u32(0));
    }

    public static byte[] configReply(final int xid, final int flags, final int missSendLen)
    {
        return finish(header(Ofp.GET_CONFIG_REPLY, xid).u16(flags).u16(missSendLen));
    }

    public static byte[] roleReply(final int xid, final int role, final long generationId)
    {
        return finish(header(Ofp.ROLE_REPLY, xid).u32(role).zeros(4).u64(generationId));
    }

    public static byte[] asyncReply(final int xid, final int[] packetIn, final int[] portStatus,
        final int[] flowRemoved)
    {
        return finish(header(Ofp.GET_ASYNC_REPLY, xid).u32(packetIn[0]).u32(packetIn[1]).u32(portStatus[0])
            .u32(portStatus[1]).u32(flowRemoved[0]).u32(flowRemoved[1]));
    }

    /** OFPT_PACKET_IN (no buffering: buffer_id NO_BUFFER, the data is the frame cut to max_len). */
    public static byte[] packetIn(final int xid, final byte[] data, final int totalLength, final int reason,
        final int table, final long cookie, final int inPort)
    {
        final WireWriter w = header(Ofp.PACKET_IN, xid).u32(Ofp.NO_BUFFER).u16(totalLength).u8(reason).u8(table)
            .u64(cookie);
        final Match.Builder m = new Match.Builder();
        m.exact(Field.IN_PORT, inPort & 0xFFFF_FFFFL);
        OxmCodec.encodeMatch(w, m.build());
        return finish(w.zeros(2).bytes(data));
    }

    /** OFPT_PORT_STATUS: reason 0 add, 1 delete, 2 modify. */
    public static byte[] portStatus(final int reason, final PortInfo port)
    {
        final WireWriter w = header(Ofp.PORT_STATUS, 0).u8(reason).zeros(7);
        port(w, port);
        return finish(w);
    }

    /** What the switch says of one port. */
    public record PortInfo(int number, String name, long rxPackets)
    {
        /** A stable locally administered MAC from the port's name (OpenFlow wants one; these ports have none). */
        long mac()
        {
            return 0x02_00_00_00_00_00L | (name.hashCode() & 0xFFFF_FFFFL) << 8 | number & 0xFF;
        }
    }

    static void port(final WireWriter w, final PortInfo p)
    {
        // state LIVE (4); current 10 Gb/s full duplex copper, speeds in kb/s
        w.u32(p.number()).zeros(4).number(p.mac() & 0xFFFF_FFFF_FFFFL, 6).zeros(2).string(p.name(), 16).u32(0).u32(4)
            .u32(0x40 | 0x800).u32(0).u32(0).u32(0).u32(10_000_000).u32(10_000_000);
    }

    /** OFPT_FLOW_REMOVED; reason 0 idle, 1 hard, 2 delete, 3 group delete. */
    public static byte[] flowRemoved(final FlowEntry e, final int reason, final long nowNanos)
    {
        final long age = Math.max(0, nowNanos - e.stats().createdNanos());
        final WireWriter w = header(Ofp.FLOW_REMOVED, 0).u64(e.cookie()).u16(e.priority()).u8(reason).u8(e.table())
            .u32((int)(age / 1_000_000_000L)).u32((int)(age % 1_000_000_000L)).u16(e.idleTimeout())
            .u16(e.hardTimeout()).u64(e.stats().packets()).u64(e.stats().bytes());
        OxmCodec.encodeMatch(w, e.match());
        return finish(w);
    }

    /** One flow stats entry ({@code ofp_flow_stats}). */
    static byte[] flowStats(final FlowEntry e, final long nowNanos)
    {
        final long age = Math.max(0, nowNanos - e.stats().createdNanos());
        final WireWriter w = new WireWriter().u16(0).u8(e.table()).zeros(1).u32((int)(age / 1_000_000_000L))
            .u32((int)(age % 1_000_000_000L)).u16(e.priority()).u16(e.idleTimeout()).u16(e.hardTimeout())
            .u16(e.flags() & FlowEntry.FLAG_SEND_FLOW_REM).zeros(4).u64(e.cookie()).u64(e.stats().packets())
            .u64(e.stats().bytes());
        OxmCodec.encodeMatch(w, e.match());
        ActionCodec.encodeInstructions(w, e.instructions());
        w.patch16(0, w.size());
        return w.toArray();
    }

    /** {@code ofp_group_desc} for one group. */
    static byte[] groupDesc(final GroupEntry g)
    {
        final WireWriter w = new WireWriter().u16(0).u8(g.type().ordinal()).zeros(1).u32(g.groupId());
        for (final GroupEntry.Bucket b : g.buckets())
        {
            final int start = w.size();
            w.u16(0).u16(b.weight()).u32(b.watchPort() > 0 ? b.watchPort() : Ofp.PORT_ANY).u32(Ofp.GROUP_ANY).zeros(4);
            ActionCodec.encodeActions(w, b.actions());
            w.patch16(start, w.size() - start);
        }
        w.patch16(0, w.size());
        return w.toArray();
    }

    /** Group stats (this pipeline keeps no per-group counters: zeros, as the spec allows for unknown counters). */
    static byte[] groupStats(final GroupEntry g)
    {
        final int n = g.buckets().size();
        final WireWriter w = new WireWriter().u16(40 + 16 * n).zeros(2).u32(g.groupId()).u32(0).zeros(4).u64(0).u64(0)
            .u32(0).u32(0);
        for (int i = 0; i < n; i++)
        {
            w.u64(0).u64(0);
        }
        return w.toArray();
    }

    /** Splits entries into multipart replies of at most {@link #MULTIPART_BUDGET} bytes, REPLY_MORE on all but last. */
    static List<byte[]> multipart(final int xid, final int mpType, final List<byte[]> entries)
    {
        final List<byte[]> out = new ArrayList<>();
        WireWriter w = null;
        for (final byte[] e : entries)
        {
            if (w != null && w.size() + e.length > MULTIPART_BUDGET)
            {
                w.patch16(10, MP_REPLY_MORE);
                out.add(finish(w));
                w = null;
            }
            if (w == null)
            {
                w = header(Ofp.MULTIPART_REPLY, xid).u16(mpType).u16(0).zeros(4);
            }
            w.bytes(e);
        }
        if (w == null)
        {
            w = header(Ofp.MULTIPART_REPLY, xid).u16(mpType).u16(0).zeros(4);
        }
        out.add(finish(w));
        return out;
    }
}
