package net.vswitch.logic.openflow.channel;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.Match;

/**
 * OXM match TLVs (OpenFlow 1.3 {@code ofp_match} of type OXM) to and from the pipeline's {@link Match}. The table
 * {@link #FIELDS} is the whole mapping: a new field is one line. Decoding validates lengths, masks, values and
 * prerequisites with the error codes of the spec (BAD_MATCH/BAD_LEN, BAD_FIELD, BAD_VALUE, BAD_PREREQ, DUP_FIELD).
 */
public final class OxmCodec
{
    /** In encoding order: the first entry of a pipeline field is the header used when encoding it. */
    static final List<OxmField> FIELDS = List.of(
        new OxmField(OxmField.CLASS_BASIC, 0, 4, Field.IN_PORT),
        new OxmField(OxmField.CLASS_BASIC, 2, 8, Field.METADATA),
        new OxmField(OxmField.CLASS_BASIC, 3, 6, Field.ETH_DST),
        new OxmField(OxmField.CLASS_BASIC, 4, 6, Field.ETH_SRC),
        new OxmField(OxmField.CLASS_BASIC, 5, 2, Field.ETH_TYPE),
        new OxmField(OxmField.CLASS_BASIC, 6, 2, Field.VLAN_VID),
        new OxmField(OxmField.CLASS_BASIC, 7, 1, Field.DL_VLAN_PCP),
        new OxmField(OxmField.CLASS_BASIC, 8, 1, Field.IP_DSCP),
        new OxmField(OxmField.CLASS_BASIC, 9, 1, Field.IP_ECN),
        new OxmField(OxmField.CLASS_BASIC, 10, 1, Field.IP_PROTO),
        new OxmField(OxmField.CLASS_BASIC, 21, 2, Field.ARP_OP),
        new OxmField(OxmField.CLASS_BASIC, 22, 4, Field.ARP_SPA),
        new OxmField(OxmField.CLASS_BASIC, 23, 4, Field.ARP_TPA),
        new OxmField(OxmField.CLASS_BASIC, 24, 6, Field.ARP_SHA),
        new OxmField(OxmField.CLASS_BASIC, 25, 6, Field.ARP_THA),
        new OxmField(OxmField.CLASS_BASIC, 11, 4, Field.IPV4_SRC),
        new OxmField(OxmField.CLASS_BASIC, 12, 4, Field.IPV4_DST),
        new OxmField(OxmField.CLASS_BASIC, 13, 2, Field.TCP_SRC),
        new OxmField(OxmField.CLASS_BASIC, 14, 2, Field.TCP_DST),
        new OxmField(OxmField.CLASS_BASIC, 15, 2, Field.UDP_SRC),
        new OxmField(OxmField.CLASS_BASIC, 16, 2, Field.UDP_DST),
        new OxmField(OxmField.CLASS_BASIC, 17, 2, Field.SCTP_SRC),
        new OxmField(OxmField.CLASS_BASIC, 18, 2, Field.SCTP_DST),
        new OxmField(OxmField.CLASS_BASIC, 19, 1, Field.ICMP_TYPE),
        new OxmField(OxmField.CLASS_BASIC, 20, 1, Field.ICMP_CODE),
        new OxmField(OxmField.CLASS_BASIC, 26, 16, Field.IPV6_SRC),
        new OxmField(OxmField.CLASS_BASIC, 27, 16, Field.IPV6_DST),
        new OxmField(OxmField.CLASS_BASIC, 29, 1, Field.ICMPV6_TYPE),
        new OxmField(OxmField.CLASS_BASIC, 30, 1, Field.ICMPV6_CODE),
        new OxmField(OxmField.CLASS_BASIC, 31, 16, Field.ND_TARGET),
        new OxmField(OxmField.CLASS_NXM1, 29, 1, Field.NW_TTL),
        new OxmField(OxmField.CLASS_NXM1, 34, 2, Field.TCP_FLAGS),
        reg(0, Field.REG0), reg(1, Field.REG1), reg(2, Field.REG2), reg(3, Field.REG3), reg(4, Field.REG4),
        reg(5, Field.REG5), reg(6, Field.REG6), reg(7, Field.REG7), reg(8, Field.REG8), reg(9, Field.REG9),
        reg(10, Field.REG10), reg(11, Field.REG11), reg(12, Field.REG12), reg(13, Field.REG13),
        reg(14, Field.REG14), reg(15, Field.REG15),
        // NXM_OF_* names ovs-ofctl uses in load/move (decode only: the OXM names above are encoded)
        new OxmField(OxmField.CLASS_NXM0, 0, 2, Field.IN_PORT),
        new OxmField(OxmField.CLASS_NXM0, 1, 6, Field.ETH_DST),
        new OxmField(OxmField.CLASS_NXM0, 2, 6, Field.ETH_SRC),
        new OxmField(OxmField.CLASS_NXM0, 3, 2, Field.ETH_TYPE),
        new OxmField(OxmField.CLASS_NXM0, 4, 2, Field.VLAN_TCI),
        new OxmField(OxmField.CLASS_NXM0, 6, 1, Field.IP_PROTO),
        new OxmField(OxmField.CLASS_NXM0, 7, 4, Field.IPV4_SRC),
        new OxmField(OxmField.CLASS_NXM0, 8, 4, Field.IPV4_DST),
        new OxmField(OxmField.CLASS_NXM0, 9, 2, Field.TCP_SRC),
        new OxmField(OxmField.CLASS_NXM0, 10, 2, Field.TCP_DST),
        new OxmField(OxmField.CLASS_NXM0, 11, 2, Field.UDP_SRC),
        new OxmField(OxmField.CLASS_NXM0, 12, 2, Field.UDP_DST),
        new OxmField(OxmField.CLASS_NXM0, 13, 1, Field.ICMP_TYPE),
        new OxmField(OxmField.CLASS_NXM0, 14, 1, Field.ICMP_CODE),
        new OxmField(OxmField.CLASS_NXM0, 15, 2, Field.ARP_OP),
        new OxmField(OxmField.CLASS_NXM0, 16, 4, Field.ARP_SPA),
        new OxmField(OxmField.CLASS_NXM0, 17, 4, Field.ARP_TPA),
        new OxmField(OxmField.CLASS_NXM1, 17, 6, Field.ARP_SHA),
        new OxmField(OxmField.CLASS_NXM1, 18, 6, Field.ARP_THA),
        new OxmField(OxmField.CLASS_NXM1, 19, 16, Field.IPV6_SRC),
        new OxmField(OxmField.CLASS_NXM1, 20, 16, Field.IPV6_DST),
        // shared transport words: written by mod_tp_src/dst, encoded as the TCP names
        new OxmField(OxmField.CLASS_NXM0, 9, 2, Field.TP_SRC),
        new OxmField(OxmField.CLASS_NXM0, 10, 2, Field.TP_DST),
        new OxmField(OxmField.CLASS_NXM0, 4, 2, Field.DL_VLAN));

    private static final Map<Integer, OxmField> BY_KEY = new HashMap<>();
    private static final Map<Field, OxmField> BY_FIELD = new HashMap<>();

    static
    {
        for (final OxmField f : FIELDS)
        {
            BY_KEY.putIfAbsent(OxmField.key(f.header()), f);
            BY_FIELD.putIfAbsent(f.field(), f);
        }
    }

    private OxmCodec()
    {
    }

    private static OxmField reg(final int n, final Field field)
    {
        return new OxmField(OxmField.CLASS_NXM1, n, 4, field);
    }

    /** The known field with this header's class and code, or null. */
    static OxmField byHeader(final int header)
    {
        return BY_KEY.get(OxmField.key(header));
    }

    /** The header used to encode {@code field}, or null when it has none. */
    static OxmField byField(final Field field)
    {
        return BY_FIELD.get(field);
    }

    /** One OXM TLV: the field and its value/mask (high halves for 128-bit fields). */
    record Tlv(OxmField oxm, long high, long value, long maskHigh, long mask, boolean masked)
    {
    }

    /** Reads one TLV (header, value, optional mask) checking its length against the field's width. */
    static Tlv readTlv(final WireReader r, final int errorType) throws OfpException
    {
        final int header = r.u32("oxm header");
        final int length = header & 0xFF;
        final boolean hasMask = (header & 0x100) != 0;
        final OxmField oxm = byHeader(header);
        if (oxm == null)
        {
            r.skip(Math.min(length, r.remaining()), "oxm");
            throw new OfpException(errorType, errorType == Ofp.ET_BAD_MATCH ? Ofp.BMC_BAD_FIELD : Ofp.BAC_BAD_SET_TYPE,
                String.format("unknown OXM field class 0x%04x field %d", header >>> 16, (header >>> 9) & 0x7F));
        }
        if (length != (hasMask ? 2 * oxm.bytes() : oxm.bytes()))
        {
            throw new OfpException(errorType, errorType == Ofp.ET_BAD_MATCH ? Ofp.BMC_BAD_LEN : Ofp.BAC_BAD_SET_LEN,
                "OXM " + oxm.field().fieldName() + " has length " + length + ", expected "
                    + (hasMask ? 2 * oxm.bytes() : oxm.bytes()));
        }
        r.need(length, "oxm " + oxm.field().fieldName());
        final long[] v = readValue(r, oxm.bytes());
        final long[] m = hasMask ? readValue(r, oxm.bytes()) : new long[] {-1L, -1L};
        return new Tlv(oxm, v[0], v[1], m[0], m[1], hasMask);
    }

    private static long[] readValue(final WireReader r, final int bytes) throws OfpException
    {
        if (bytes > 8)
        {
            return new long[] {r.number(bytes - 8, "oxm value"), r.number(8, "oxm value")};
        }
        return new long[] {0, r.number(bytes, "oxm value")};
    }

    /**
     * Decodes an {@code ofp_match} (type, length, TLVs, padding to 8) into a match, leaving the reader after the
     * padding.
     */
    public static Match decodeMatch(final WireReader r) throws OfpException
    {
        final int type = r.u16("match type");
        final int length = r.u16("match length");
        if (type != 1)
        {
            throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_TYPE, "match type " + type + " is not OXM (1)");
        }
        if (length < 4)
        {
            throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_LEN, "match length " + length + " below 4");
        }
        final WireReader body = r.slice(length - 4, Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_LEN, "match");
        r.skip((8 - length % 8) % 8, "match padding");
        final Match.Builder builder = new Match.Builder();
        final EnumSet<Field> seen = EnumSet.noneOf(Field.class);
        while (body.remaining() > 0)
        {
            final Tlv tlv = readTlv(body, Ofp.ET_BAD_MATCH);
            final Field field = tlv.oxm().field();
            if (!seen.add(field))
            {
                throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_DUP_FIELD, "field " + field.fieldName()
                    + " appears twice in the match");
            }
            if (tlv.masked() && !field.maskable())
            {
                throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_WILDCARDS, "field " + field.fieldName()
                    + " cannot be masked");
            }
            checkWidth(field, tlv.value(), tlv.high(), Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_VALUE);
            try
            {
                builder.set(field, tlv.high(), tlv.value(), tlv.maskHigh(), tlv.mask()).named(field);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_VALUE, ex.getMessage());
            }
        }
        try
        {
            return builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new OfpException(Ofp.ET_BAD_MATCH, Ofp.BMC_BAD_PREREQ, ex.getMessage());
        }
    }

    /** Refuses a value wider than the field (e.g. vlan_vid 0x2000). */
    static void checkWidth(final Field field, final long value, final long high, final int type, final int code)
        throws OfpException
    {
        if (field.width() < 64 && (value >>> field.width()) != 0)
        {
            throw new OfpException(type, code, "value 0x" + Long.toHexString(value) + " does not fit field "
                + field.fieldName() + " (" + field.width() + " bits)");
        }
    }

    /** Encodes {@code match} as an {@code ofp_match} with OXM TLVs, padded to 8. */
    public static void encodeMatch(final WireWriter w, final Match match)
    {
        final int start = w.size();
        w.u16(1).u16(0);
        final long[] remaining = match.maskWords().clone();
        for (final OxmField oxm : FIELDS)
        {
            final Field field = oxm.field();
            if (oxm != BY_FIELD.get(field) || oxm.oxmClass() == OxmField.CLASS_NXM0)
            {
                continue;
            }
            final long mask = field.get(remaining);
            final long maskHigh = field.getHigh(remaining);
            if (mask == 0 && maskHigh == 0 || !field.prerequisite().satisfiedBy(match))
            {
                continue;
            }
            final boolean exact = fullMask(field, maskHigh, mask);
            w.u32(exact ? oxm.header() : oxm.maskedHeader());
            writeValue(w, oxm.bytes(), match.valueHigh(field), match.value(field));
            if (!exact)
            {
                writeValue(w, oxm.bytes(), maskHigh, mask);
            }
            final long[] cleared = new long[remaining.length];
            field.put(cleared, -1L, -1L);
            for (int i = 0; i < remaining.length; i++)
            {
                remaining[i] &= ~cleared[i];
            }
        }
        w.patch16(start + 2, w.size() - start);
        w.pad8(start);
    }

    static boolean fullMask(final Field field, final long maskHigh, final long mask)
    {
        final long full = field.width() >= 64 ? -1L : (1L << field.width()) - 1;
        return mask == full && (!field.wide() || maskHigh == -1L);
    }

    static void writeValue(final WireWriter w, final int bytes, final long high, final long value)
    {
        if (bytes > 8)
        {
            w.number(high, bytes - 8).number(value, 8);
        }
        else
        {
            w.number(value, bytes);
        }
    }
}
