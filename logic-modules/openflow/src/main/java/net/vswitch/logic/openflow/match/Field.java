package net.vswitch.logic.openflow.match;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The field table: every matchable and settable field, as ovs-ofctl names it (plus its OXM/NXM aliases),
 * where it lives in the {@link FlowKey}, its width, prerequisites and text format. Everything that parses,
 * prints, matches or rewrites a field reads this table; a new field is one line here (and, when settable,
 * its byte position in {@code PacketRewriter}).
 *
 * <p>{@code valueShift} scales the user's value into the key: nw_tos is written as the whole TOS byte
 * but matches only its DSCP bits.
 */
public enum Field
{
    IN_PORT("in_port", FlowKey.W_PORT, 0, 32, Prerequisite.NONE, FieldFormat.DECIMAL, false, false, 0,
        "NXM_OF_IN_PORT"),
    METADATA("metadata", FlowKey.W_METADATA, 0, 64, Prerequisite.NONE, FieldFormat.HEX, true, true, 0,
        "OXM_OF_METADATA"),
    REG0("reg0", FlowKey.W_XREG0, 32, 32), REG1("reg1", FlowKey.W_XREG0, 0, 32),
    REG2("reg2", FlowKey.W_XREG0 + 1, 32, 32), REG3("reg3", FlowKey.W_XREG0 + 1, 0, 32),
    REG4("reg4", FlowKey.W_XREG0 + 2, 32, 32), REG5("reg5", FlowKey.W_XREG0 + 2, 0, 32),
    REG6("reg6", FlowKey.W_XREG0 + 3, 32, 32), REG7("reg7", FlowKey.W_XREG0 + 3, 0, 32),
    REG8("reg8", FlowKey.W_XREG0 + 4, 32, 32), REG9("reg9", FlowKey.W_XREG0 + 4, 0, 32),
    REG10("reg10", FlowKey.W_XREG0 + 5, 32, 32), REG11("reg11", FlowKey.W_XREG0 + 5, 0, 32),
    REG12("reg12", FlowKey.W_XREG0 + 6, 32, 32), REG13("reg13", FlowKey.W_XREG0 + 6, 0, 32),
    REG14("reg14", FlowKey.W_XREG0 + 7, 32, 32), REG15("reg15", FlowKey.W_XREG0 + 7, 0, 32),
    VLAN_TCI("vlan_tci", FlowKey.W_PORT, 48, 16, Prerequisite.NONE, FieldFormat.HEX, true, true, 0),
    /** OpenFlow 1.3's vlan_vid: 12-bit VID plus the 0x1000 "present" bit. */
    VLAN_VID("vlan_vid", FlowKey.W_PORT, 48, 13, Prerequisite.NONE, FieldFormat.HEX, true, true, 0,
        "OXM_OF_VLAN_VID"),
    /** OpenFlow 1.0's dl_vlan: a VID; 0xffff means "no VLAN". Implies the present bit. */
    DL_VLAN("dl_vlan", FlowKey.W_PORT, 48, 12, Prerequisite.NONE, FieldFormat.DECIMAL, false, true, 0),
    DL_VLAN_PCP("dl_vlan_pcp", FlowKey.W_PORT, 61, 3, Prerequisite.NONE, FieldFormat.DECIMAL, false, true, 0,
        "vlan_pcp", "OXM_OF_VLAN_PCP"),
    ETH_SRC("dl_src", FlowKey.W_ETH_SRC, 16, 48, Prerequisite.NONE, FieldFormat.MAC, true, true, 0,
        "eth_src", "NXM_OF_ETH_SRC", "OXM_OF_ETH_SRC"),
    ETH_DST("dl_dst", FlowKey.W_ETH_DST, 16, 48, Prerequisite.NONE, FieldFormat.MAC, true, true, 0,
        "eth_dst", "NXM_OF_ETH_DST", "OXM_OF_ETH_DST"),
    ETH_TYPE("dl_type", FlowKey.W_PORT, 32, 16, Prerequisite.NONE, FieldFormat.HEX, false, false, 0,
        "eth_type", "NXM_OF_ETH_TYPE"),
    IPV4_SRC("nw_src", FlowKey.W_NW, 32, 32, Prerequisite.IPV4_OR_ARP, FieldFormat.IPV4, true, true, 0,
        "ip_src", "NXM_OF_IP_SRC", "OXM_OF_IPV4_SRC"),
    IPV4_DST("nw_dst", FlowKey.W_NW, 0, 32, Prerequisite.IPV4_OR_ARP, FieldFormat.IPV4, true, true, 0,
        "ip_dst", "NXM_OF_IP_DST", "OXM_OF_IPV4_DST"),
    IPV6_SRC("ipv6_src", FlowKey.W_IPV6_SRC, 0, 128, Prerequisite.IPV6, FieldFormat.IPV6, true, true, 0,
        "NXM_NX_IPV6_SRC"),
    IPV6_DST("ipv6_dst", FlowKey.W_IPV6_DST, 0, 128, Prerequisite.IPV6, FieldFormat.IPV6, true, true, 0,
        "NXM_NX_IPV6_DST"),
    IP_PROTO("nw_proto", FlowKey.W_ETH_DST, 8, 8, Prerequisite.IP, FieldFormat.DECIMAL, false, false, 0,
        "ip_proto"),
    NW_TOS("nw_tos", FlowKey.W_ETH_DST, 2, 6, Prerequisite.IP, FieldFormat.DECIMAL, false, true, 2),
    IP_DSCP("ip_dscp", FlowKey.W_ETH_DST, 2, 6, Prerequisite.IP, FieldFormat.DECIMAL, false, true, 0),
    IP_ECN("nw_ecn", FlowKey.W_ETH_DST, 0, 2, Prerequisite.IP, FieldFormat.DECIMAL, false, true, 0, "ip_ecn"),
    NW_TTL("nw_ttl", FlowKey.W_ETH_SRC, 8, 8, Prerequisite.IP, FieldFormat.DECIMAL, false, true, 0),
    TP_SRC("tp_src", FlowKey.W_TP, 48, 16, Prerequisite.TRANSPORT, FieldFormat.DECIMAL, true, true, 0),
    TP_DST("tp_dst", FlowKey.W_TP, 32, 16, Prerequisite.TRANSPORT, FieldFormat.DECIMAL, true, true, 0),
    TCP_SRC("tcp_src", FlowKey.W_TP, 48, 16, Prerequisite.TCP, FieldFormat.DECIMAL, true, true, 0,
        "NXM_OF_TCP_SRC"),
    TCP_DST("tcp_dst", FlowKey.W_TP, 32, 16, Prerequisite.TCP, FieldFormat.DECIMAL, true, true, 0,
        "NXM_OF_TCP_DST"),
    UDP_SRC("udp_src", FlowKey.W_TP, 48, 16, Prerequisite.UDP, FieldFormat.DECIMAL, true, true, 0,
        "NXM_OF_UDP_SRC"),
    UDP_DST("udp_dst", FlowKey.W_TP, 32, 16, Prerequisite.UDP, FieldFormat.DECIMAL, true, true, 0,
        "NXM_OF_UDP_DST"),
    SCTP_SRC("sctp_src", FlowKey.W_TP, 48, 16, Prerequisite.SCTP, FieldFormat.DECIMAL, true, false, 0),
    SCTP_DST("sctp_dst", FlowKey.W_TP, 32, 16, Prerequisite.SCTP, FieldFormat.DECIMAL, true, false, 0),
    TCP_FLAGS("tcp_flags", FlowKey.W_TP, 16, 12, Prerequisite.TCP, FieldFormat.HEX, true, false, 0),
    ICMP_TYPE("icmp_type", FlowKey.W_TP, 48, 8, Prerequisite.ICMP, FieldFormat.DECIMAL, false, true, 0),
    ICMP_CODE("icmp_code", FlowKey.W_TP, 32, 8, Prerequisite.ICMP, FieldFormat.DECIMAL, false, true, 0),
    ICMPV6_TYPE("icmpv6_type", FlowKey.W_TP, 48, 8, Prerequisite.ICMPV6, FieldFormat.DECIMAL, false, true, 0),
    ICMPV6_CODE("icmpv6_code", FlowKey.W_TP, 32, 8, Prerequisite.ICMPV6, FieldFormat.DECIMAL, false, true, 0),
    ARP_OP("arp_op", FlowKey.W_TP, 0, 16, Prerequisite.ARP, FieldFormat.DECIMAL, false, true, 0),
    ARP_SPA("arp_spa", FlowKey.W_NW, 32, 32, Prerequisite.ARP, FieldFormat.IPV4, true, true, 0),
    ARP_TPA("arp_tpa", FlowKey.W_NW, 0, 32, Prerequisite.ARP, FieldFormat.IPV4, true, true, 0),
    ARP_SHA("arp_sha", FlowKey.W_ARP_SHA, 0, 48, Prerequisite.ARP, FieldFormat.MAC, true, true, 0),
    ARP_THA("arp_tha", FlowKey.W_ARP_THA, 0, 48, Prerequisite.ARP, FieldFormat.MAC, true, true, 0),
    ND_TARGET("nd_target", FlowKey.W_ND_TARGET, 0, 128, Prerequisite.ND, FieldFormat.IPV6, true, true, 0),
    /** Datapath-only: which frozen state a recirculated packet resumes (never matched or set by a flow). */
    RECIRC_ID("recirc_id", FlowKey.W_CT, 32, 32, Prerequisite.NONE, FieldFormat.HEX, false, false, 0),
    /** Connection-tracking state bits ({@code +trk+est}); set by {@code ct()}, read after recirculation. */
    CT_STATE("ct_state", FlowKey.W_CT, 24, 8, Prerequisite.NONE, FieldFormat.HEX, true, false, 0,
        "NXM_NX_CT_STATE"),
    CT_ZONE("ct_zone", FlowKey.W_CT, 0, 16, Prerequisite.NONE, FieldFormat.DECIMAL, false, false, 0,
        "NXM_NX_CT_ZONE"),
    CT_MARK("ct_mark", FlowKey.W_CT_MARK, 0, 32, Prerequisite.NONE, FieldFormat.HEX, true, false, 0,
        "NXM_NX_CT_MARK"),
    /** SoftFlow: how many softflow() actions the packet has been through. */
    SF_STAGE("sf_stage", FlowKey.W_CT_MARK, 48, 16, Prerequisite.NONE, FieldFormat.DECIMAL, false, false, 0),
    /** SoftFlow: the last action the packet went through (written by name, {@code sf_action=conntrack}). */
    SF_ACTION("sf_action", FlowKey.W_CT_MARK, 32, 16, Prerequisite.NONE, FieldFormat.DECIMAL, false, false, 0),
    /** SoftFlow: what the last action wrote (the conntrack action's verdict, the balancer's bucket...). */
    SF_METADATA("sf_metadata", FlowKey.W_SF, 0, 64, Prerequisite.NONE, FieldFormat.HEX, true, false, 0);

    private static final Map<String, Field> BY_NAME = new HashMap<>();

    static
    {
        for (final Field field : values())
        {
            BY_NAME.put(field.name, field);
            for (final String alias : field.aliases)
            {
                BY_NAME.put(alias.toLowerCase(Locale.ROOT), field);
            }
        }
    }

    private final String name;
    private final int word;
    private final int shift;
    private final int width;
    private final Prerequisite prerequisite;
    private final FieldFormat format;
    private final boolean maskable;
    private final boolean writable;
    private final int valueShift;
    private final String[] aliases;

    Field(final String name, final int word, final int shift, final int width)
    {
        this(name, word, shift, width, Prerequisite.NONE, FieldFormat.HEX, true, true, 0,
            "NXM_NX_" + name.toUpperCase(Locale.ROOT));
    }

    Field(final String name, final int word, final int shift, final int width, final Prerequisite prerequisite,
        final FieldFormat format, final boolean maskable, final boolean writable, final int valueShift,
        final String... aliases)
    {
        this.name = name;
        this.word = word;
        this.shift = shift;
        this.width = width;
        this.prerequisite = prerequisite;
        this.format = format;
        this.maskable = maskable;
        this.writable = writable;
        this.valueShift = valueShift;
        this.aliases = aliases;
    }

    /** The field called {@code name} (ovs-ofctl name or an OXM/NXM alias), or {@code null}. */
    public static Field byName(final String name)
    {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** The ovs-ofctl spelling. */
    public String fieldName()
    {
        return name;
    }

    /** The name OVS's meta-flow prints in actions ({@code set_field:...->ip_dst}): OXM-style where one exists. */
    public String actionName()
    {
        return switch (this)
        {
            case ETH_SRC -> "eth_src";
            case ETH_DST -> "eth_dst";
            case ETH_TYPE -> "eth_type";
            case IPV4_SRC -> "ip_src";
            case IPV4_DST -> "ip_dst";
            case IP_PROTO -> "ip_proto";
            case DL_VLAN_PCP -> "vlan_pcp";
            default -> name;
        };
    }

    /** The NXM/OXM name OVS prints in load and move ({@code NXM_NX_REG0[0..15]}), else the field name. */
    public String nxmName()
    {
        for (final String alias : aliases)
        {
            if (alias.startsWith("NXM_"))
            {
                return alias;
            }
        }
        for (final String alias : aliases)
        {
            if (alias.startsWith("OXM_"))
            {
                return alias;
            }
        }
        return name;
    }

    /** First key word the field occupies (128-bit fields take two). */
    public int word()
    {
        return word;
    }

    public int shift()
    {
        return shift;
    }

    /** Width in bits. */
    public int width()
    {
        return width;
    }

    public Prerequisite prerequisite()
    {
        return prerequisite;
    }

    public FieldFormat format()
    {
        return format;
    }

    public boolean maskable()
    {
        return maskable;
    }

    /** Whether set_field / load may write it. */
    public boolean writable()
    {
        return writable;
    }

    /** Bits the user's value is shifted right by before it lands in the key (nw_tos: 2). */
    public int valueShift()
    {
        return valueShift;
    }

    public boolean wide()
    {
        return width > 64;
    }

    /** All-ones mask of the field in its (low) word. */
    public long wordMask()
    {
        return width >= 64 ? -1L : ((1L << width) - 1) << shift;
    }

    /** The field's value in {@code key} (the low 64 bits for 128-bit fields). */
    public long get(final long[] key)
    {
        final int w = wide() ? word + 1 : word;
        return width >= 64 ? key[w] : (key[w] >>> shift) & ((1L << width) - 1);
    }

    /** High 64 bits of a 128-bit field. */
    public long getHigh(final long[] key)
    {
        return wide() ? key[word] : 0;
    }

    /** Writes {@code value} (and {@code high} for 128-bit fields) into {@code key}. */
    public void put(final long[] key, final long high, final long value)
    {
        if (wide())
        {
            key[word] = high;
            key[word + 1] = value;
        }
        else
        {
            key[word] = (key[word] & ~wordMask()) | ((value << shift) & wordMask());
        }
    }

    /** Ors the field's bits under {@code maskHigh/mask} into the wildcard words {@code wc}. */
    public void unwildcard(final long[] wc, final long maskHigh, final long mask)
    {
        if (wide())
        {
            wc[word] |= maskHigh;
            wc[word + 1] |= mask;
        }
        else
        {
            wc[word] |= (mask << shift) & wordMask();
        }
    }

    /** Marks the whole field consulted. */
    public void unwildcard(final long[] wc)
    {
        unwildcard(wc, -1L, -1L);
    }
}
