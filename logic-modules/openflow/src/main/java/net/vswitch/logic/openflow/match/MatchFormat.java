package net.vswitch.logic.openflow.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.softflow.SoftFlowNames;

/** Prints a {@link Match} as ovs-ofctl does: protocol shorthand first, then fields in a fixed order. */
final class MatchFormat
{
    private static final Field[] ORDER = {
        Field.REG0, Field.REG1, Field.REG2, Field.REG3, Field.REG4, Field.REG5, Field.REG6, Field.REG7,
        Field.REG8, Field.REG9, Field.REG10, Field.REG11, Field.REG12, Field.REG13, Field.REG14, Field.REG15,
        Field.METADATA, Field.IN_PORT, Field.VLAN_TCI, Field.ETH_SRC, Field.ETH_DST, Field.ETH_TYPE,
        Field.IPV4_SRC, Field.IPV4_DST, Field.IPV6_SRC, Field.IPV6_DST, Field.IP_PROTO, Field.IP_DSCP,
        Field.IP_ECN, Field.NW_TTL, Field.TP_SRC, Field.TP_DST, Field.TCP_FLAGS, Field.ARP_OP, Field.ARP_SHA,
        Field.ARP_THA, Field.ND_TARGET,
    };

    /** ovs-ofctl prints the datapath and conntrack fields before the protocol shorthand. */
    private static final Field[] FIRST = {Field.RECIRC_ID, Field.CT_STATE, Field.CT_ZONE, Field.CT_MARK,
        Field.SF_STAGE, Field.SF_ACTION, Field.SF_METADATA};

    private MatchFormat()
    {
    }

    static String format(final Match match)
    {
        final List<String> parts = new ArrayList<>();
        for (final Field f : FIRST)
        {
            // every megaflow pins recirc_id; a first pass (0) is left out of dumps to keep them short
            if (match.hasField(f) && !(f == Field.RECIRC_ID && match.value(f) == 0))
            {
                parts.add(field(match, f));
            }
        }
        final boolean typeExact = match.isExact(Field.ETH_TYPE);
        final long type = match.value(Field.ETH_TYPE);
        final boolean protoExact = match.isExact(Field.IP_PROTO);
        final long proto = match.value(Field.IP_PROTO);
        boolean typeShown = false;
        boolean protoShown = false;
        if (typeExact)
        {
            for (final Map.Entry<String, int[]> e : Match.SHORTHANDS.entrySet())
            {
                final int[] s = e.getValue();
                if (s[0] == type && s.length == 2 && protoExact && s[1] == proto)
                {
                    parts.add(e.getKey());
                    typeShown = true;
                    protoShown = true;
                }
            }
            if (!typeShown)
            {
                for (final Map.Entry<String, int[]> e : Match.SHORTHANDS.entrySet())
                {
                    if (e.getValue().length == 1 && e.getValue()[0] == type)
                    {
                        parts.add(e.getKey());
                        typeShown = true;
                    }
                }
            }
        }
        final boolean arp = typeExact && (type == Packet.ETHERTYPE_ARP || type == FlowKey.ETHERTYPE_RARP);
        final boolean icmp = typeExact && protoExact
            && (proto == Packet.IPPROTO_ICMP || proto == Packet.IPPROTO_ICMPV6);
        for (final Field f : ORDER)
        {
            if (!match.hasField(f) || f == Field.ETH_TYPE && typeShown || f == Field.IP_PROTO && protoShown)
            {
                continue;
            }
            if (f == Field.VLAN_TCI)
            {
                vlan(match, parts);
                continue;
            }
            Field shown = f;
            if (arp && f == Field.IPV4_SRC)
            {
                shown = Field.ARP_SPA;
            }
            else if (arp && f == Field.IPV4_DST)
            {
                shown = Field.ARP_TPA;
            }
            else if (icmp && (f == Field.TP_SRC || f == Field.TP_DST))
            {
                final boolean v6 = proto == Packet.IPPROTO_ICMPV6;
                shown = f == Field.TP_SRC ? (v6 ? Field.ICMPV6_TYPE : Field.ICMP_TYPE)
                    : (v6 ? Field.ICMPV6_CODE : Field.ICMP_CODE);
            }
            parts.add(field(match, shown));
        }
        return String.join(",", parts);
    }

    private static String field(final Match match, final Field f)
    {
        if (f == Field.SF_ACTION && match.isExact(f))
        {
            return "sf_action=" + SoftFlowNames.name((int)match.value(f));
        }
        final FlagNotation flags = f == Field.CT_STATE ? FlagNotation.CT_STATE
            : f == Field.TCP_FLAGS ? FlagNotation.TCP_FLAGS : null;
        final String named = flags == null ? null : flags.format(match.value(f), match.mask(f));
        if (named != null)
        {
            return f.fieldName() + "=" + named;
        }
        if (f == Field.IP_DSCP && match.isExact(Field.IP_DSCP))
        {
            return "nw_tos=" + (match.value(Field.IP_DSCP) << 2);
        }
        final String text = f == Field.ETH_TYPE && match.isExact(f)
            ? FieldFormat.hex4(match.value(f))
            : f.format().format(match.valueHigh(f), match.value(f), match.maskHigh(f), match.mask(f), f.width());
        return f.fieldName() + "=" + text;
    }

    private static void vlan(final Match match, final List<String> parts)
    {
        final long tci = match.value(Field.VLAN_TCI);
        final long mask = match.mask(Field.VLAN_TCI);
        if (mask == 0xFFFF && tci == 0)
        {
            parts.add("vlan_tci=0x0000");
            return;
        }
        final boolean present = (mask & FlowKey.VLAN_CFI) != 0 && (tci & FlowKey.VLAN_CFI) != 0;
        final long rest = mask & ~(long)FlowKey.VLAN_CFI;
        if (present && (rest == 0x0FFF || rest == 0xEFFF || rest == 0xE000))
        {
            if ((rest & 0x0FFF) == 0x0FFF)
            {
                parts.add("dl_vlan=" + (tci & 0x0FFF));
            }
            if ((rest & 0xE000) == 0xE000)
            {
                parts.add("dl_vlan_pcp=" + (tci >>> 13));
            }
            return;
        }
        parts.add("vlan_tci=" + String.format("0x%04x/0x%04x", tci, mask));
    }
}
