package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.pipeline.GroupEntry;
import net.vswitch.logic.openflow.pipeline.Instructions;

/**
 * Decodes whole messages (framing is the connection's job). Versions are data: {@link #BODIES} maps each wire
 * version this switch speaks to its body decoders by message type, so OpenFlow 1.4 is a new entry; a message of
 * another version is refused with BAD_REQUEST/BAD_VERSION, an unknown type with BAD_REQUEST/BAD_TYPE. On any input
 * this throws {@link OfpException} and nothing else.
 */
public final class OfDecoder
{
    public static final int OF13 = 4;
    /** Bitmap of the wire versions spoken (bit N = version N). */
    public static final int SUPPORTED = 1 << OF13;

    @FunctionalInterface
    interface Body
    {
        OfMessage decode(int xid, WireReader body) throws OfpException;
    }

    private static final Map<Integer, Map<Integer, Body>> BODIES = Map.of(OF13, Map.ofEntries(
        Map.entry(Ofp.ERROR, (x, r) -> new OfMessage.Error(x, r.u16("error type"), r.u16("error code"))),
        Map.entry(Ofp.ECHO_REQUEST, (x, r) -> new OfMessage.Echo(x, true, r.bytes(r.remaining(), "echo"))),
        Map.entry(Ofp.ECHO_REPLY, (x, r) -> new OfMessage.Echo(x, false, r.bytes(r.remaining(), "echo"))),
        Map.entry(Ofp.FEATURES_REQUEST, (x, r) -> empty(x, Ofp.FEATURES_REQUEST, r)),
        Map.entry(Ofp.GET_CONFIG_REQUEST, (x, r) -> empty(x, Ofp.GET_CONFIG_REQUEST, r)),
        Map.entry(Ofp.BARRIER_REQUEST, (x, r) -> empty(x, Ofp.BARRIER_REQUEST, r)),
        Map.entry(Ofp.GET_ASYNC_REQUEST, (x, r) -> empty(x, Ofp.GET_ASYNC_REQUEST, r)),
        Map.entry(Ofp.SET_CONFIG, (x, r) -> exact(r, 4, "set_config", new OfMessage.SetConfig(x, r.u16("flags"),
            r.u16("miss_send_len")))),
        Map.entry(Ofp.FLOW_MOD, OfDecoder::flowMod),
        Map.entry(Ofp.GROUP_MOD, OfDecoder::groupMod),
        Map.entry(Ofp.PACKET_OUT, OfDecoder::packetOut),
        Map.entry(Ofp.MULTIPART_REQUEST, OfDecoder::multipart),
        Map.entry(Ofp.ROLE_REQUEST, (x, r) ->
        {
            final int role = r.u32("role");
            r.skip(4, "role pad");
            return exact(r, 0, "role_request", new OfMessage.RoleRequest(x, role, r.u64("generation_id")));
        }),
        Map.entry(Ofp.SET_ASYNC, (x, r) ->
        {
            final int[][] m = new int[3][2];
            for (int i = 0; i < 6; i++)
            {
                m[i / 2][i % 2] = r.u32("async mask");
            }
            return exact(r, 0, "set_async", new OfMessage.SetAsync(x, m[0], m[1], m[2]));
        })));

    private OfDecoder()
    {
    }

    /**
     * Decodes one message whose header says it is {@code message.length} bytes long.
     *
     * @param version the negotiated version, or -1 before hello (then only hello is accepted)
     */
    public static OfMessage decode(final byte[] message, final int version) throws OfpException
    {
        if (message.length < Ofp.HEADER_LENGTH)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_LEN, "message of " + message.length
                + " bytes is shorter than the OpenFlow header", true);
        }
        final WireReader r = new WireReader(message, 0, message.length, Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_LEN);
        final int wireVersion = r.u8("version");
        final int type = r.u8("type");
        final int length = r.u16("length");
        final int xid = r.u32("xid");
        if (length != message.length)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_LEN, "header length " + length + " but "
                + message.length + " bytes", true);
        }
        if (type == Ofp.HELLO)
        {
            return hello(xid, wireVersion, r);
        }
        final Map<Integer, Body> bodies = BODIES.get(wireVersion);
        if (bodies == null || version >= 0 && wireVersion != version)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_VERSION, "message version " + wireVersion
                + (version >= 0 ? " on a connection negotiated at version " + version : " is not spoken here")
                + " (OpenFlow 1.3 = 4)");
        }
        if (type == Ofp.EXPERIMENTER)
        {
            final int experimenter = r.u32("experimenter");
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_EXPERIMENTER, String.format(
                "experimenter message 0x%08x is not supported", experimenter));
        }
        final Body body = bodies.get(type);
        if (body == null)
        {
            throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_TYPE, "message type " + type
                + " is not accepted from a controller");
        }
        return body.decode(xid, r);
    }

    private static OfMessage hello(final int xid, final int version, final WireReader r) throws OfpException
    {
        // without a bitmap the peer speaks up to its header's version: the smaller of the two wins
        int versions = version >= 31 ? -1 : (1 << (version + 1)) - 1;
        boolean bitmap = false;
        while (r.remaining() >= 4)
        {
            final int type = r.u16("hello element type");
            final int len = r.u16("hello element length");
            if (len < 4)
            {
                throw new OfpException(Ofp.ET_HELLO_FAILED, Ofp.HFC_INCOMPATIBLE, "hello element of length " + len,
                    true);
            }
            final WireReader e = r.slice(Math.min(len - 4, r.remaining()), Ofp.ET_HELLO_FAILED, Ofp.HFC_INCOMPATIBLE,
                "hello element");
            r.skip(Math.min((8 - len % 8) % 8, r.remaining()), "hello element padding");
            if (type == 1 && e.remaining() >= 4 && !bitmap)
            {
                bitmap = true;
                versions = e.u32("version bitmap");
            }
        }
        return new OfMessage.Hello(xid, version, versions);
    }

    private static OfMessage empty(final int xid, final int type, final WireReader r) throws OfpException
    {
        return exact(r, 0, "message type " + type, new OfMessage.Simple(xid, type));
    }

    private static OfMessage exact(final WireReader r, final int left, final String what, final OfMessage m)
        throws OfpException
    {
        if (r.remaining() != left)
        {
            throw OfpException.badLen(what + " has " + r.remaining() + " bytes more than it should");
        }
        return m;
    }

    private static OfMessage flowMod(final int xid, final WireReader r) throws OfpException
    {
        final long cookie = r.u64("cookie");
        final long cookieMask = r.u64("cookie_mask");
        final int table = r.u8("table_id");
        final int command = r.u8("command");
        final int idle = r.u16("idle_timeout");
        final int hard = r.u16("hard_timeout");
        final int priority = r.u16("priority");
        final int bufferId = r.u32("buffer_id");
        final int outPort = r.u32("out_port");
        final int outGroup = r.u32("out_group");
        final int flags = r.u16("flags");
        r.skip(2, "flow_mod pad");
        if (command > OfMessage.FlowMod.DELETE_STRICT)
        {
            throw new OfpException(Ofp.ET_FLOW_MOD_FAILED, Ofp.FMFC_BAD_COMMAND, "flow_mod command " + command);
        }
        final Match match = OxmCodec.decodeMatch(r);
        final Instructions instructions = ActionCodec.decodeInstructions(r, table == 0xFF ? 0 : table);
        return new OfMessage.FlowMod(xid, cookie, cookieMask, table, command, idle, hard, priority, bufferId, outPort,
            outGroup, flags, match, instructions);
    }

    private static OfMessage groupMod(final int xid, final WireReader r) throws OfpException
    {
        final int command = r.u16("command");
        final int type = r.u8("group type");
        r.skip(1, "group_mod pad");
        final int groupId = r.u32("group_id");
        final List<GroupEntry.Bucket> buckets = new ArrayList<>();
        while (r.remaining() > 0)
        {
            final int len = r.u16("bucket length");
            if (len < 16 || len % 8 != 0)
            {
                throw new OfpException(Ofp.ET_GROUP_MOD_FAILED, 12, "bucket length " + len
                    + " (at least 16 and a multiple of 8)");
            }
            final WireReader b = r.slice(len - 2, Ofp.ET_GROUP_MOD_FAILED, 12, "bucket");
            final int weight = b.u16("weight");
            final int watchPort = b.u32("watch_port");
            b.skip(8, "watch_group and pad");
            final List<Action> actions = ActionCodec.decodeActions(b, b.remaining(), ActionCodec.Context.FLOW);
            buckets.add(new GroupEntry.Bucket(weight, watchPort == Ofp.PORT_ANY ? 0 : watchPort, List.copyOf(actions)));
        }
        return new OfMessage.GroupMod(xid, command, type, groupId, List.copyOf(buckets));
    }

    private static OfMessage packetOut(final int xid, final WireReader r) throws OfpException
    {
        final int bufferId = r.u32("buffer_id");
        final int inPort = r.u32("in_port");
        final int actionsLen = r.u16("actions_len");
        r.skip(6, "packet_out pad");
        if (actionsLen % 8 != 0 || actionsLen > r.remaining())
        {
            throw OfpException.badLen("packet_out actions_len " + actionsLen + " with " + r.remaining()
                + " bytes left (a multiple of 8 within the message)");
        }
        final int start = r.position();
        final List<Action> actions = ActionCodec.decodeActions(r, actionsLen, new ActionCodec.Context(true));
        final boolean toTable = actionsLen == 16 && (r.array()[start + 4] & 0xFF) == 0xFF
            && (r.array()[start + 7] & 0xFF) == 0xF9 && r.array()[start + 1] == 0;
        return new OfMessage.PacketOut(xid, bufferId, inPort, List.copyOf(actions), toTable,
            r.bytes(r.remaining(), "packet data"));
    }

    private static OfMessage multipart(final int xid, final WireReader r) throws OfpException
    {
        final int type = r.u16("multipart type");
        final int flags = r.u16("multipart flags");
        r.skip(4, "multipart pad");
        return switch (type)
        {
            case Ofp.MP_FLOW, Ofp.MP_AGGREGATE ->
            {
                final int table = r.u8("table_id");
                r.skip(3, "pad");
                final int outPort = r.u32("out_port");
                final int outGroup = r.u32("out_group");
                r.skip(4, "pad");
                final long cookie = r.u64("cookie");
                final long cookieMask = r.u64("cookie_mask");
                final Match match = OxmCodec.decodeMatch(r);
                yield exact(r, 0, "flow stats request", new OfMessage.Multipart(xid, type, flags,
                    new OfMessage.FlowQuery(table, outPort, outGroup, cookie, cookieMask, match), 0, 0, 0));
            }
            case Ofp.MP_PORT_STATS ->
            {
                final int port = r.u32("port_no");
                r.skip(4, "pad");
                yield exact(r, 0, "port stats request", new OfMessage.Multipart(xid, type, flags, null, port, 0, 0));
            }
            case Ofp.MP_GROUP ->
            {
                final int group = r.u32("group_id");
                r.skip(4, "pad");
                yield exact(r, 0, "group stats request", new OfMessage.Multipart(xid, type, flags, null, 0, group, 0));
            }
            case Ofp.MP_TABLE_FEATURES ->
                new OfMessage.Multipart(xid, type, flags, null, 0, 0, r.bytes(r.remaining(), "table features").length);
            case Ofp.MP_DESC, Ofp.MP_TABLE, Ofp.MP_PORT_DESC, Ofp.MP_GROUP_DESC, Ofp.MP_METER_FEATURES ->
                exact(r, 0, "multipart request type " + type, new OfMessage.Multipart(xid, type, flags, null, 0, 0, 0));
            default -> throw new OfpException(Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_MULTIPART, "multipart type " + type
                + " is not supported");
        };
    }
}
