package net.vswitch.logic.openflow.match;

import net.vswitch.fabric.Packet;

/**
 * The flow key: every field a lookup may consult, packed into {@link #WORDS} longs and extracted once per
 * packet (OVS's miniflow idea, kept flat: a subtable hashes only the words its mask touches).
 *
 * <pre>
 *  word 0   | vlan_tci (16) | eth_type (16) | in_port (32)            |
 *  word 1   | metadata (64)                                            |
 *  word 2-9 | xreg0..7: reg(2k) high 32, reg(2k+1) low 32              |
 *  word 10  | eth_dst (48)                  | ip_proto (8) | tos (8)   |
 *  word 11  | eth_src (48)                  | ttl (8)      | 0         |
 *  word 12  | nw_src / arp_spa (32)         | nw_dst / arp_tpa (32)    |
 *  word 13  | tp_src (16) | tp_dst (16)     | tcp_flags (16)| arp_op   |
 *  word 14-15 ipv6_src, 16-17 ipv6_dst, 18-19 nd_target (high, low)    |
 *  word 20  arp_sha (48), word 21 arp_tha (48)                         |
 *  word 22  | recirc_id (32)             | ct_state (8) | 0 | ct_zone (16) |
 *  word 23  | sf_stage (16) | sf_action (16) | ct_mark (32)              |
 *  word 24  | sf_metadata (64)                                         |
 * </pre>
 * recirc_id is 0 on a packet's first pass and names the frozen state ({@code ct.Recirculation}) of a packet
 * that {@code ct(table=T)} sent back into the pipeline; the ct fields come from the packet's tracker metadata.
 * ICMP type and code live in tp_src and tp_dst, as in OVS. vlan_tci carries 0x1000 when a tag is present.
 */
public final class FlowKey
{
    public static final int WORDS = 25;
    public static final int W_PORT = 0;
    public static final int W_METADATA = 1;
    public static final int W_XREG0 = 2;
    public static final int W_ETH_DST = 10;
    public static final int W_ETH_SRC = 11;
    public static final int W_NW = 12;
    public static final int W_TP = 13;
    public static final int W_IPV6_SRC = 14;
    public static final int W_IPV6_DST = 16;
    public static final int W_ND_TARGET = 18;
    public static final int W_ARP_SHA = 20;
    public static final int W_ARP_THA = 21;
    public static final int W_CT = 22;
    public static final int W_CT_MARK = 23;
    public static final int W_SF = 24;

    public static final int VLAN_CFI = 0x1000;
    public static final int IPPROTO_SCTP = 132;
    public static final int ETHERTYPE_RARP = 0x8035;

    private FlowKey()
    {
    }

    /**
     * Fills {@code key} from the packet's headers, reading only bytes the parse offsets say are there.
     *
     * @param inPort the OpenFlow number of the ingress port
     */
    public static void extract(final Packet packet, final int inPort, final long[] key)
    {
        final int etherType = packet.etherType();
        final int vid = packet.vlanId();
        final int tci = vid == Packet.NO_VLAN ? 0 : VLAN_CFI | vid | (packet.vlanPcp() << 13);
        key[W_PORT] = ((long)tci << 48) | ((long)etherType << 32) | (inPort & 0xFFFF_FFFFL);
        key[W_METADATA] = 0;
        for (int i = 0; i < 8; i++)
        {
            key[W_XREG0 + i] = 0;
        }
        long dst = packet.ethDst() << 16;
        long src = packet.ethSrc() << 16;
        long nw = 0;
        long tp = 0;
        for (int w = W_IPV6_SRC; w < W_CT; w++)
        {
            key[w] = 0;
        }
        key[W_CT] = ((long)(packet.ctState() & 0xFF) << 24) | (packet.ctZone() & 0xFFFF);
        key[W_CT_MARK] = ((long)(packet.stage() & 0xFFFF) << 48) | ((long)(packet.action() & 0xFFFF) << 32)
            | (packet.ctMark() & 0xFFFF_FFFFL);
        key[W_SF] = packet.metadata();
        final int l3 = packet.l3Offset();
        final int length = packet.length();
        if (etherType == Packet.ETHERTYPE_ARP || etherType == ETHERTYPE_RARP)
        {
            if (l3 + 28 <= length)
            {
                tp = packet.u16(l3 + 6);
                key[W_ARP_SHA] = packet.mac(l3 + 8);
                nw = ((long)packet.u32(l3 + 14) << 32) | (packet.u32(l3 + 24) & 0xFFFF_FFFFL);
                key[W_ARP_THA] = packet.mac(l3 + 18);
            }
        }
        else
        {
            final int version = packet.ipVersion();
            if (version != 0)
            {
                final int proto = packet.ipProto() & 0xFF;
                final int tos;
                final int ttl;
                if (version == 4)
                {
                    tos = packet.u8(l3 + 1);
                    ttl = packet.u8(l3 + 8);
                    nw = ((long)packet.ipv4Src() << 32) | (packet.ipv4Dst() & 0xFFFF_FFFFL);
                }
                else
                {
                    tos = (packet.u32(l3) >>> 20) & 0xFF;
                    ttl = packet.u8(l3 + 7);
                    key[W_IPV6_SRC] = packet.ipv6SrcHigh();
                    key[W_IPV6_SRC + 1] = packet.ipv6SrcLow();
                    key[W_IPV6_DST] = packet.ipv6DstHigh();
                    key[W_IPV6_DST + 1] = packet.ipv6DstLow();
                }
                dst |= ((long)proto << 8) | tos;
                src |= (long)ttl << 8;
                tp = l4(packet, proto, key);
            }
        }
        key[W_ETH_DST] = dst;
        key[W_ETH_SRC] = src;
        key[W_NW] = nw;
        key[W_TP] = tp;
    }

    private static long l4(final Packet packet, final int proto, final long[] key)
    {
        final int l4 = packet.l4Offset();
        if (l4 < 0)
        {
            return 0;
        }
        final int length = packet.length();
        switch (proto)
        {
            case Packet.IPPROTO_TCP:
                return ((long)packet.u32(l4) << 32) | ((long)(packet.u16(l4 + 12) & 0x0FFF) << 16);
            case Packet.IPPROTO_UDP:
            case IPPROTO_SCTP:
                return l4 + 4 <= length ? (long)packet.u32(l4) << 32 : 0;
            case Packet.IPPROTO_ICMP:
                return ((long)packet.u8(l4) << 48) | ((long)packet.u8(l4 + 1) << 32);
            case Packet.IPPROTO_ICMPV6:
                final int type = packet.u8(l4);
                if ((type == 135 || type == 136) && l4 + 24 <= length)
                {
                    key[W_ND_TARGET] = packet.u64(l4 + 8);
                    key[W_ND_TARGET + 1] = packet.u64(l4 + 16);
                }
                return ((long)type << 48) | ((long)packet.u8(l4 + 1) << 32);
            default:
                return 0;
        }
    }

    /** Hash of {@code key} under {@code mask} over the listed words (no allocation). */
    public static int hash(final long[] key, final long[] mask, final int[] words)
    {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (final int w : words)
        {
            h = Long.rotateLeft(h ^ (key[w] & mask[w]), 29) * 0xBF58_476D_1CE4_E5B9L;
        }
        return finish(h);
    }

    /** Hash of the whole key (the exact-match cache's index). */
    public static int hash(final long[] key)
    {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (int w = 0; w < WORDS; w++)
        {
            h = Long.rotateLeft(h ^ key[w], 29) * 0xBF58_476D_1CE4_E5B9L;
        }
        return finish(h);
    }

    /** MurmurHash3's fmix64: every input bit reaches the low bits a table index uses (linear probing needs it). */
    private static int finish(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int)h;
    }

    /** The word indexes {@code mask} has bits in. */
    public static int[] words(final long[] mask)
    {
        int n = 0;
        for (final long m : mask)
        {
            n += m != 0 ? 1 : 0;
        }
        final int[] words = new int[n];
        n = 0;
        for (int w = 0; w < WORDS; w++)
        {
            if (mask[w] != 0)
            {
                words[n++] = w;
            }
        }
        return words;
    }
}
