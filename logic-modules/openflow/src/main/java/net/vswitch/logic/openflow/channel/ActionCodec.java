package net.vswitch.logic.openflow.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.Actions;
import net.vswitch.logic.openflow.action.SubField;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.pipeline.Instructions;

/**
 * OpenFlow 1.3 actions and instructions to and from the pipeline's {@link Action}s. Table-driven: standard
 * actions by type and Nicira actions by subtype are looked up in {@link #register decoder tables}, encoders by
 * action class, so a later action (OpenFlow 1.4/1.5 types, {@code ct()}) is a registration, not an edit here.
 */
public final class ActionCodec
{
    /** Reads one action's body (after type and length; for Nicira actions after the subtype). */
    @FunctionalInterface
    public interface Decoder
    {
        Action decode(WireReader body, Context context) throws OfpException;
    }

    /** Writes one action, header included. */
    @FunctionalInterface
    public interface Encoder
    {
        void encode(WireWriter w, Action action);
    }

    /** Where the actions appear: packet-out alone may output to TABLE. */
    public record Context(boolean packetOut)
    {
        static final Context FLOW = new Context(false);
    }

    static final int OFPAT_OUTPUT = 0;
    static final int OFPAT_PUSH_VLAN = 17;
    static final int OFPAT_POP_VLAN = 18;
    static final int OFPAT_GROUP = 22;
    static final int OFPAT_DEC_NW_TTL = 24;
    static final int OFPAT_SET_FIELD = 25;
    static final int OFPAT_EXPERIMENTER = 0xFFFF;
    static final int NXAST_RESUBMIT = 1;
    static final int NXAST_REG_MOVE = 6;
    static final int NXAST_REG_LOAD = 7;
    static final int NXAST_RESUBMIT_TABLE = 14;
    static final int NXAST_DEC_TTL = 18;
    static final int NXAST_CONTROLLER = 20;
    static final int NXAST_REG_LOAD2 = 33;
    static final int OFPP_IN_PORT_16 = 0xFFF8;

    private static final Map<Integer, Decoder> STANDARD = new ConcurrentHashMap<>();
    private static final Map<Integer, Decoder> NICIRA = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Encoder> ENCODERS = new ConcurrentHashMap<>();
    /** Headers preferred in load/move: the NXM names ovs-ofctl itself emits there. */
    private static final Map<Field, OxmField> NXM = new HashMap<>();

    static
    {
        for (final OxmField f : OxmCodec.FIELDS)
        {
            if (f.oxmClass() != OxmField.CLASS_BASIC)
            {
                NXM.putIfAbsent(f.field(), f);
            }
        }
        STANDARD.put(OFPAT_OUTPUT, ActionCodec::output);
        STANDARD.put(OFPAT_PUSH_VLAN, (r, c) ->
        {
            final int tpid = r.u16("push_vlan ethertype");
            if (tpid != Packet.ETHERTYPE_VLAN && tpid != 0x88A8)
            {
                throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, String.format(
                    "push_vlan ethertype 0x%04x is not 0x8100 or 0x88a8", tpid));
            }
            return new Actions.PushVlan(tpid);
        });
        STANDARD.put(OFPAT_POP_VLAN, (r, c) -> new Actions.PopVlan("pop_vlan"));
        STANDARD.put(OFPAT_GROUP, (r, c) -> new Actions.Group(r.u32("group id")));
        STANDARD.put(OFPAT_DEC_NW_TTL, (r, c) -> new Actions.DecTtl());
        STANDARD.put(OFPAT_SET_FIELD, (r, c) -> setField(OxmCodec.readTlv(r, Ofp.ET_BAD_ACTION), false));
        NICIRA.put(NXAST_RESUBMIT, (r, c) -> new Actions.Resubmit(port16(r.u16("resubmit in_port")), -1));
        NICIRA.put(NXAST_RESUBMIT_TABLE, (r, c) ->
        {
            final int port = port16(r.u16("resubmit in_port"));
            final int table = r.u8("resubmit table");
            return new Actions.Resubmit(port, table == 255 ? -1 : table);
        });
        NICIRA.put(NXAST_REG_LOAD, ActionCodec::regLoad);
        NICIRA.put(NXAST_REG_LOAD2, (r, c) -> setField(OxmCodec.readTlv(r, Ofp.ET_BAD_ACTION), true));
        NICIRA.put(NXAST_REG_MOVE, ActionCodec::regMove);
        NICIRA.put(NXAST_DEC_TTL, (r, c) -> new Actions.DecTtl());
        NICIRA.put(NXAST_CONTROLLER, (r, c) -> new Actions.Controller(r.u16("controller max_len")));

        ENCODERS.put(Actions.Output.class, (w, a) -> output(w, ((Actions.Output)a).port(), 0));
        ENCODERS.put(Actions.InPort.class, (w, a) -> output(w, Ofp.PORT_IN_PORT, 0));
        ENCODERS.put(Actions.Flood.class, (w, a) -> output(w, ((Actions.Flood)a).all() ? Ofp.PORT_ALL : Ofp.PORT_FLOOD,
            0));
        ENCODERS.put(Actions.Controller.class, (w, a) -> output(w, Ofp.PORT_CONTROLLER,
            ((Actions.Controller)a).maxLen()));
        ENCODERS.put(Actions.PushVlan.class, (w, a) -> w.u16(OFPAT_PUSH_VLAN).u16(8).u16(((Actions.PushVlan)a).tpid())
            .zeros(2));
        ENCODERS.put(Actions.PopVlan.class, (w, a) -> w.u16(OFPAT_POP_VLAN).u16(8).zeros(4));
        ENCODERS.put(Actions.Group.class, (w, a) -> w.u16(OFPAT_GROUP).u16(8).u32(((Actions.Group)a).groupId()));
        ENCODERS.put(Actions.DecTtl.class, (w, a) -> w.u16(OFPAT_DEC_NW_TTL).u16(8).zeros(4));
        ENCODERS.put(Actions.Resubmit.class, (w, a) ->
        {
            final Actions.Resubmit r = (Actions.Resubmit)a;
            nicira(w, 16, NXAST_RESUBMIT_TABLE).u16(r.inPort() < 0 ? OFPP_IN_PORT_16 : r.inPort())
                .u8(r.table() < 0 ? 255 : r.table()).zeros(3);
        });
        ENCODERS.put(Actions.SetField.class, (w, a) -> encodeSetField(w, (Actions.SetField)a));
        ENCODERS.put(Actions.Move.class, (w, a) ->
        {
            final Actions.Move m = (Actions.Move)a;
            nicira(w, 24, NXAST_REG_MOVE).u16(m.src().bits()).u16(m.src().start()).u16(m.dst().start())
                .u32(nxm(m.src().field()).header()).u32(nxm(m.dst().field()).header());
        });
    }

    private ActionCodec()
    {
    }

    /** Registers a decoder for a standard action type (e.g. a 1.5 action). */
    public static void registerStandard(final int type, final Decoder decoder)
    {
        STANDARD.put(type, decoder);
    }

    /** Registers a decoder for a Nicira (vendor 0x2320) action subtype. */
    public static void registerNicira(final int subtype, final Decoder decoder)
    {
        NICIRA.put(subtype, decoder);
    }

    /** Registers the encoder of an action class. */
    public static void registerEncoder(final Class<? extends Action> type, final Encoder encoder)
    {
        ENCODERS.put(type, encoder);
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes an action list of exactly {@code length} bytes. */
    public static List<Action> decodeActions(final WireReader r, final int length, final Context context)
        throws OfpException
    {
        final WireReader list = r.slice(length, Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_LEN, "action list");
        final List<Action> actions = new ArrayList<>();
        while (list.remaining() > 0)
        {
            final int type = list.u16("action type");
            final int len = list.u16("action length");
            if (len < 8 || len % 8 != 0)
            {
                throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_LEN, "action type " + type + " has length " + len
                    + " (at least 8 and a multiple of 8)");
            }
            final WireReader body = list.slice(len - 4, Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_LEN, "action type " + type);
            final Decoder decoder;
            if (type == OFPAT_EXPERIMENTER)
            {
                final int vendor = body.u32("experimenter");
                if (vendor != Ofp.NX_VENDOR)
                {
                    throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_EXPERIMENTER, String.format(
                        "unknown action experimenter 0x%08x", vendor));
                }
                final int subtype = body.u16("nicira subtype");
                decoder = NICIRA.get(subtype);
                if (decoder == null)
                {
                    throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_EXP_TYPE, "unsupported Nicira action subtype "
                        + subtype);
                }
            }
            else
            {
                decoder = STANDARD.get(type);
                if (decoder == null)
                {
                    throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_TYPE, "unsupported action type " + type);
                }
            }
            actions.add(decoder.decode(body, context));
        }
        return actions;
    }

    private static Action output(final WireReader r, final Context context) throws OfpException
    {
        final int port = r.u32("output port");
        final int maxLen = r.u16("output max_len");
        return switch (port)
        {
            case Ofp.PORT_IN_PORT -> new Actions.InPort();
            case Ofp.PORT_FLOOD -> new Actions.Flood(false);
            case Ofp.PORT_ALL -> new Actions.Flood(true);
            case Ofp.PORT_CONTROLLER -> new Actions.Controller(maxLen);
            case Ofp.PORT_TABLE ->
            {
                if (!context.packetOut())
                {
                    throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_OUT_PORT, "output:TABLE is only valid in a "
                        + "packet-out");
                }
                yield new Actions.Resubmit(-1, 0);
            }
            case Ofp.PORT_LOCAL -> throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_OUT_PORT,
                "output:LOCAL: this switch has no local port");
            case Ofp.PORT_NORMAL -> throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_OUT_PORT,
                "output:NORMAL is not supported by the openflow logic");
            default ->
            {
                if (port == 0 || Integer.compareUnsigned(port, Ofp.PORT_MAX) >= 0)
                {
                    throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_OUT_PORT, "bad output port "
                        + Integer.toUnsignedString(port));
                }
                yield new Actions.Output(port);
            }
        };
    }

    private static int port16(final int port)
    {
        return port == OFPP_IN_PORT_16 ? -1 : port;
    }

    private static Action setField(final OxmCodec.Tlv tlv, final boolean load2) throws OfpException
    {
        final Field field = tlv.oxm().field();
        if (!field.writable())
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_SET_ARGUMENT, "field " + field.fieldName()
                + " is read-only");
        }
        if (tlv.masked() && !load2)
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_SET_ARGUMENT, "set_field on " + field.fieldName()
                + " carries a mask (OpenFlow 1.3 set_field is unmasked)");
        }
        OxmCodec.checkWidth(field, tlv.value(), tlv.high(), Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_SET_ARGUMENT);
        final long full = field.width() >= 64 ? -1L : (1L << field.width()) - 1;
        final long mask = tlv.mask() & full;
        final long maskHigh = field.wide() ? tlv.maskHigh() : 0;
        final String value = field.format().format(tlv.high(), tlv.value() & mask, maskHigh, mask, field.width());
        return new Actions.SetField(field, tlv.high() & maskHigh, tlv.value() & mask, maskHigh, mask,
            "set_field:" + value + "->" + field.fieldName());
    }

    private static Action regLoad(final WireReader r, final Context context) throws OfpException
    {
        final int ofsNbits = r.u16("load ofs_nbits");
        final OxmField dst = header(r.u32("load destination"));
        final long value = r.u64("load value");
        final int ofs = ofsNbits >>> 6;
        final int bits = (ofsNbits & 0x3F) + 1;
        final Field field = dst.field();
        if (!field.writable() || field.wide() || ofs + bits > field.width())
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, "load: bits " + ofs + ".."
                + (ofs + bits - 1)
                + " of " + field.fieldName() + " cannot be written");
        }
        if (bits < 64 && (value >>> bits) != 0)
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, "load: value 0x" + Long.toHexString(value)
                + " does not fit in " + bits + " bits");
        }
        final SubField sub = new SubField(field, ofs, bits);
        return new Actions.SetField(field, 0, value << ofs, 0, sub.mask(), "load:0x" + Long.toHexString(value) + "->"
            + sub);
    }

    private static Action regMove(final WireReader r, final Context context) throws OfpException
    {
        final int bits = r.u16("move n_bits");
        final int srcOfs = r.u16("move src_ofs");
        final int dstOfs = r.u16("move dst_ofs");
        final OxmField src = header(r.u32("move source"));
        final OxmField dst = header(r.u32("move destination"));
        final SubField s = subField(src.field(), srcOfs, bits);
        final SubField d = subField(dst.field(), dstOfs, bits);
        if (!dst.field().writable())
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, "move: field " + dst.field().fieldName()
                + " is read-only");
        }
        return new Actions.Move(s, d);
    }

    private static SubField subField(final Field field, final int ofs, final int bits) throws OfpException
    {
        if (bits < 1 || ofs + bits > field.width() || field.wide() && (ofs != 0 || bits != field.width()))
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, "move: bits " + ofs + ".."
                + (ofs + bits - 1)
                + " outside field " + field.fieldName() + " (" + field.width() + " bits)");
        }
        return new SubField(field, ofs, bits);
    }

    private static OxmField header(final int header) throws OfpException
    {
        final OxmField f = OxmCodec.byHeader(header);
        if (f == null)
        {
            throw new OfpException(Ofp.ET_BAD_ACTION, Ofp.BAC_BAD_ARGUMENT, String.format(
                "unknown field header 0x%08x in load/move", header));
        }
        return f;
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes actions in order. */
    public static void encodeActions(final WireWriter w, final List<Action> actions)
    {
        for (final Action a : actions)
        {
            final Encoder e = ENCODERS.get(a.getClass());
            if (e == null)
            {
                throw new IllegalStateException("action '" + a + "' has no OpenFlow encoding (register one with "
                    + "ActionCodec.registerEncoder)");
            }
            e.encode(w, a);
        }
    }

    private static void output(final WireWriter w, final int port, final int maxLen)
    {
        w.u16(OFPAT_OUTPUT).u16(16).u32(port).u16(maxLen).zeros(6);
    }

    private static WireWriter nicira(final WireWriter w, final int length, final int subtype)
    {
        return w.u16(OFPAT_EXPERIMENTER).u16(length).u32(Ofp.NX_VENDOR).u16(subtype);
    }

    private static OxmField nxm(final Field field)
    {
        final OxmField f = NXM.get(field);
        return f != null ? f : OxmCodec.byField(field);
    }

    private static void encodeSetField(final WireWriter w, final Actions.SetField a)
    {
        final Field field = a.field();
        final OxmField oxm = OxmCodec.byField(field);
        if (OxmCodec.fullMask(field, a.maskHigh(), a.mask()) && oxm.oxmClass() == OxmField.CLASS_BASIC)
        {
            final int start = w.size();
            w.u16(OFPAT_SET_FIELD).u16(0).u32(oxm.header());
            OxmCodec.writeValue(w, oxm.bytes(), a.high(), a.value());
            w.pad8(start);
            w.patch16(start + 2, w.size() - start);
            return;
        }
        final long mask = a.mask();
        final int ofs = Long.numberOfTrailingZeros(mask);
        final int bits = 64 - Long.numberOfLeadingZeros(mask) - ofs;
        final boolean contiguous = mask != 0 && !field.wide() && Long.bitCount(mask) == bits;
        if (contiguous)
        {
            nicira(w, 24, NXAST_REG_LOAD).u16(ofs << 6 | (bits - 1)).u32(nxm(field).header()).u64(a.value() >>> ofs);
            return;
        }
        final int start = w.size();
        nicira(w, 0, NXAST_REG_LOAD2);
        w.u32(oxm.maskedHeader());
        OxmCodec.writeValue(w, oxm.bytes(), a.high(), a.value());
        OxmCodec.writeValue(w, oxm.bytes(), a.maskHigh(), a.mask());
        w.pad8(start);
        w.patch16(start + 2, w.size() - start);
    }

    // ---------------------------------------------------------------- instructions

    static final int OFPIT_GOTO_TABLE = 1;
    static final int OFPIT_WRITE_METADATA = 2;
    static final int OFPIT_WRITE_ACTIONS = 3;
    static final int OFPIT_APPLY_ACTIONS = 4;
    static final int OFPIT_CLEAR_ACTIONS = 5;
    static final int OFPIT_METER = 6;

    /** Decodes the instructions filling the rest of {@code r}, for an entry in {@code table}. */
    public static Instructions decodeInstructions(final WireReader r, final int table) throws OfpException
    {
        List<Action> apply = List.of();
        List<Action> write = List.of();
        boolean clear = false;
        boolean writeMetadata = false;
        long metadata = 0;
        long mask = 0;
        int gotoTable = -1;
        int seen = 0;
        while (r.remaining() > 0)
        {
            final int type = r.u16("instruction type");
            final int len = r.u16("instruction length");
            if (len < 8 || len % 8 != 0)
            {
                throw new OfpException(Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_BAD_LEN, "instruction type " + type
                    + " has length " + len + " (at least 8 and a multiple of 8)");
            }
            final WireReader body = r.slice(len - 4, Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_BAD_LEN, "instruction " + type);
            if (type >= 1 && type <= 6)
            {
                if ((seen & 1 << type) != 0)
                {
                    throw new OfpException(Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_UNSUP_INST, "instruction type " + type
                        + " appears twice");
                }
                seen |= 1 << type;
            }
            switch (type)
            {
                case OFPIT_GOTO_TABLE ->
                {
                    gotoTable = body.u8("goto_table");
                    if (gotoTable <= table || gotoTable > 254)
                    {
                        throw new OfpException(Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_BAD_TABLE_ID, "goto_table:" + gotoTable
                            + " must name a later table than " + table + " (at most 254)");
                    }
                }
                case OFPIT_WRITE_METADATA ->
                {
                    body.skip(4, "write_metadata pad");
                    writeMetadata = true;
                    metadata = body.u64("metadata");
                    mask = body.u64("metadata mask");
                }
                case OFPIT_WRITE_ACTIONS ->
                {
                    body.skip(4, "write_actions pad");
                    write = List.copyOf(decodeActions(body, body.remaining(), Context.FLOW));
                }
                case OFPIT_APPLY_ACTIONS ->
                {
                    body.skip(4, "apply_actions pad");
                    apply = List.copyOf(decodeActions(body, body.remaining(), Context.FLOW));
                }
                case OFPIT_CLEAR_ACTIONS -> clear = true;
                case OFPIT_METER -> throw new OfpException(Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_UNSUP_INST,
                    "meter instruction: this switch has no meters");
                default -> throw new OfpException(Ofp.ET_BAD_INSTRUCTION, Ofp.BIC_UNKNOWN_INST,
                    "unknown instruction type "
                    + type);
            }
        }
        return new Instructions(apply, clear, write, writeMetadata, metadata & mask, mask, gotoTable);
    }

    /** Encodes instructions in the order OpenFlow runs them (and ovs-ofctl writes them). */
    public static void encodeInstructions(final WireWriter w, final Instructions ins)
    {
        if (!ins.apply().isEmpty())
        {
            actionsInstruction(w, OFPIT_APPLY_ACTIONS, ins.apply());
        }
        if (ins.clearActions())
        {
            w.u16(OFPIT_CLEAR_ACTIONS).u16(8).zeros(4);
        }
        if (!ins.write().isEmpty())
        {
            actionsInstruction(w, OFPIT_WRITE_ACTIONS, ins.write());
        }
        if (ins.writeMetadata())
        {
            w.u16(OFPIT_WRITE_METADATA).u16(24).zeros(4).u64(ins.metadata()).u64(ins.metadataMask());
        }
        if (ins.gotoTable() >= 0)
        {
            w.u16(OFPIT_GOTO_TABLE).u16(8).u8(ins.gotoTable()).zeros(3);
        }
    }

    private static void actionsInstruction(final WireWriter w, final int type, final List<Action> actions)
    {
        final int start = w.size();
        w.u16(type).u16(0).zeros(4);
        encodeActions(w, actions);
        w.patch16(start + 2, w.size() - start);
    }
}
