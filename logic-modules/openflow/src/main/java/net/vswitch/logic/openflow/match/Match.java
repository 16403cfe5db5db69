package net.vswitch.logic.openflow.match;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.softflow.SoftFlowNames;

/**
 * A flow match: value and mask over the {@link FlowKey} words. Immutable once built; {@link #words()} lists
 * the words the mask touches so a lookup compares only those.
 */
public final class Match
{
    /** Protocol shorthands as ovs-ofctl spells them: EtherType and, where given, IP protocol. */
    static final Map<String, int[]> SHORTHANDS = Map.ofEntries(
        Map.entry("ip", new int[] {Packet.ETHERTYPE_IPV4}),
        Map.entry("ipv6", new int[] {Packet.ETHERTYPE_IPV6}),
        Map.entry("arp", new int[] {Packet.ETHERTYPE_ARP}),
        Map.entry("rarp", new int[] {FlowKey.ETHERTYPE_RARP}),
        Map.entry("icmp", new int[] {Packet.ETHERTYPE_IPV4, Packet.IPPROTO_ICMP}),
        Map.entry("tcp", new int[] {Packet.ETHERTYPE_IPV4, Packet.IPPROTO_TCP}),
        Map.entry("udp", new int[] {Packet.ETHERTYPE_IPV4, Packet.IPPROTO_UDP}),
        Map.entry("sctp", new int[] {Packet.ETHERTYPE_IPV4, FlowKey.IPPROTO_SCTP}),
        Map.entry("icmp6", new int[] {Packet.ETHERTYPE_IPV6, Packet.IPPROTO_ICMPV6}),
        Map.entry("tcp6", new int[] {Packet.ETHERTYPE_IPV6, Packet.IPPROTO_TCP}),
        Map.entry("udp6", new int[] {Packet.ETHERTYPE_IPV6, Packet.IPPROTO_UDP}),
        Map.entry("sctp6", new int[] {Packet.ETHERTYPE_IPV6, FlowKey.IPPROTO_SCTP}));

    public static final Match ANY = new Match(new long[FlowKey.WORDS], new long[FlowKey.WORDS]);

    private final long[] value;
    private final long[] mask;
    private final int[] words;
    private final int hash;

    /** A match over copies of {@code value} (masked here) and {@code mask}. */
    public Match(final long[] value, final long[] mask)
    {
        this.mask = mask.clone();
        this.value = new long[FlowKey.WORDS];
        for (int w = 0; w < FlowKey.WORDS; w++)
        {
            this.value[w] = value[w] & mask[w];
        }
        this.words = FlowKey.words(this.mask);
        this.hash = 31 * Arrays.hashCode(this.value) + Arrays.hashCode(this.mask);
    }

    /** Whether {@code key} has this match's values under its mask (compares only the words the mask touches). */
    public boolean matches(final long[] key)
    {
        for (final int w : words)
        {
            if ((key[w] & mask[w]) != value[w])
            {
                return false;
            }
        }
        return true;
    }

    /** The masked value words (do not modify). */
    public long[] valueWords()
    {
        return value;
    }

    /** The mask words (do not modify). */
    public long[] maskWords()
    {
        return mask;
    }

    public int[] words()
    {
        return words;
    }

    public long value(final Field field)
    {
        return field.get(value);
    }

    public long valueHigh(final Field field)
    {
        return field.getHigh(value);
    }

    public long mask(final Field field)
    {
        return field.get(mask);
    }

    public long maskHigh(final Field field)
    {
        return field.getHigh(mask);
    }

    /** Whether every bit of {@code field} is matched. */
    public boolean isExact(final Field field)
    {
        final long full = field.width() >= 64 ? -1L : (1L << field.width()) - 1;
        return mask(field) == full && (!field.wide() || maskHigh(field) == -1L);
    }

    /** Whether the match looks at {@code field} at all. */
    public boolean hasField(final Field field)
    {
        return mask(field) != 0 || maskHigh(field) != 0;
    }

    /** Whether every packet this match accepts is also accepted by {@code other} (other is looser or equal). */
    public boolean isSubsetOf(final Match other)
    {
        for (int w = 0; w < FlowKey.WORDS; w++)
        {
            if ((other.mask[w] & ~mask[w]) != 0 || (value[w] & other.mask[w]) != other.value[w])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Match m && Arrays.equals(value, m.value) && Arrays.equals(mask, m.mask);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    /** ovs-ofctl's text for this match (empty when it matches everything). */
    @Override
    public String toString()
    {
        return MatchFormat.format(this);
    }

    /** Builds a match field by field, enforcing prerequisites at {@link #build()}. */
    public static final class Builder
    {
        private final long[] value = new long[FlowKey.WORDS];
        private final long[] mask = new long[FlowKey.WORDS];
        private final EnumSet<Field> named = EnumSet.noneOf(Field.class);

        /** Applies one {@code name=value} pair or a protocol shorthand such as {@code tcp6}. */
        public Builder parse(final String name, final String text)
        {
            if (text == null)
            {
                final int[] shorthand = SHORTHANDS.get(name);
                if (shorthand == null)
                {
                    throw new IllegalArgumentException("unknown match field or keyword '" + name + "'");
                }
                exact(Field.ETH_TYPE, shorthand[0]);
                if (shorthand.length > 1)
                {
                    exact(Field.IP_PROTO, shorthand[1]);
                }
                return this;
            }
            final Field field = Field.byName(name);
            if (field == null || field == Field.RECIRC_ID)
            {
                throw new IllegalArgumentException("unknown match field '" + name + "'");
            }
            if (!named.add(field))
            {
                throw new IllegalArgumentException("field " + name + " set multiple times");
            }
            if (field == Field.DL_VLAN)
            {
                final long vid = FieldFormat.integer(text);
                if (vid == 0xFFFF)
                {
                    // "no VLAN": OVS matches the present bit and the VID clear (vlan_tci=0x0000/0x1fff)
                    return set(Field.VLAN_TCI, 0, 0, 0, 0x1FFF);
                }
                if (vid > 0xFFF)
                {
                    throw new IllegalArgumentException("bad value '" + text
                        + "' for field dl_vlan (0..4095 or 0xffff)");
                }
                return set(Field.VLAN_VID, 0, FlowKey.VLAN_CFI | vid, 0, 0x1FFF);
            }
            if (field == Field.SF_ACTION && !text.isEmpty() && !Character.isDigit(text.charAt(0)))
            {
                return set(field, 0, SoftFlowNames.id(text), 0, 0xFFFF);
            }
            final FlagNotation notation = field == Field.CT_STATE ? FlagNotation.CT_STATE
                : field == Field.TCP_FLAGS ? FlagNotation.TCP_FLAGS : null;
            final long[] flags = notation == null ? null : notation.parse(text);
            if (flags != null)
            {
                return set(field, 0, flags[0], 0, flags[1]);
            }
            final int bits = field.width() + field.valueShift();
            final FieldFormat.Value v = field.format().parse(field.fieldName(), text, bits, field.maskable());
            final long low = v.value() >>> field.valueShift();
            final long lowMask = v.mask() >>> field.valueShift();
            if (field.valueShift() != 0 && (v.value() & ((1L << field.valueShift()) - 1)) != 0)
            {
                throw new IllegalArgumentException("bad value '" + text + "' for field " + name + " (its low "
                    + field.valueShift() + " bits must be 0)");
            }
            set(field, v.valueHigh(), low, v.maskHigh(), lowMask);
            if (field == Field.DL_VLAN_PCP)
            {
                set(Field.VLAN_TCI, 0, FlowKey.VLAN_CFI, 0, FlowKey.VLAN_CFI);
            }
            return this;
        }

        /** Matches {@code field} exactly. */
        public Builder exact(final Field field, final long v)
        {
            return set(field, 0, v, -1L, -1L);
        }

        /** Ors {@code value/mask} into the field's bits (a second call on the same bits must agree). */
        public Builder set(final Field field, final long high, final long low, final long maskHigh, final long maskLow)
        {
            final long[] k = new long[FlowKey.WORDS];
            final long[] m = new long[FlowKey.WORDS];
            field.put(k, high, low);
            field.put(m, maskHigh, maskLow);
            for (int w = 0; w < FlowKey.WORDS; w++)
            {
                final long both = m[w] & mask[w];
                if ((k[w] & both) != (value[w] & both))
                {
                    throw new IllegalArgumentException("field " + field.fieldName() + " contradicts an earlier match"
                        + " on the same bits");
                }
                value[w] |= k[w] & m[w];
                mask[w] |= m[w];
            }
            return this;
        }

        /** Records that {@code field} was named (for prerequisite checks) without setting bits. */
        public Builder named(final Field field)
        {
            named.add(field);
            return this;
        }

        /**
         * @throws IllegalArgumentException when a named field's prerequisite is missing, e.g.
         *         "field tp_dst requires tcp, udp or sctp (e.g. 'tcp,tp_dst=...')"
         */
        public Match build()
        {
            final Match match = new Match(value, mask);
            for (final Field field : named)
            {
                if (!field.prerequisite().satisfiedBy(match))
                {
                    throw new IllegalArgumentException(prerequisiteError(field));
                }
            }
            return match;
        }

        static String prerequisiteError(final Field field)
        {
            return "field " + field.fieldName() + " requires " + field.prerequisite().words() + " in the match"
                + " (for example '" + field.prerequisite().words().split("[ ,]")[0] + "," + field.fieldName()
                + "=...')";
        }
    }
}
