package net.vswitch.logic.openflow.match;

/**
 * ovs-ofctl's flag notation for a bit field: {@code +syn-ack}, {@code +trk+est-rpl} (set / clear; only the
 * flags named are matched), printed in bit order as ovs-ofctl prints it. One instance per field.
 */
final class FlagNotation
{
    /** TCP flags: bit i is the i-th flag of the TCP header's flag bits (fin = 0x001 ... ns = 0x100). */
    static final FlagNotation TCP_FLAGS = new FlagNotation("tcp_flags", "TCP flag", "+syn-ack",
        "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns");
    /** ct_state with Open vSwitch's values: new = 0x01 ... trk = 0x20, snat = 0x40, dnat = 0x80. */
    static final FlagNotation CT_STATE = new FlagNotation("ct_state", "ct_state flag", "+trk+est-rpl",
        "new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat");

    private final String field;
    private final String flagWord;
    private final String example;
    private final String[] names;

    private FlagNotation(final String field, final String flagWord, final String example, final String... names)
    {
        this.field = field;
        this.flagWord = flagWord;
        this.example = example;
        this.names = names;
    }

    /** Parses {@code +a-b} into {value, mask}; null when the text is not in flag notation (e.g. hex). */
    long[] parse(final String text)
    {
        if (text.isEmpty() || text.charAt(0) != '+' && text.charAt(0) != '-')
        {
            return null;
        }
        long value = 0;
        long mask = 0;
        int i = 0;
        while (i < text.length())
        {
            final boolean set = text.charAt(i) == '+';
            if (!set && text.charAt(i) != '-')
            {
                throw new IllegalArgumentException("bad " + field + " '" + text + "' (e.g. " + example + ")");
            }
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '+' && text.charAt(j) != '-')
            {
                j++;
            }
            final String name = text.substring(i + 1, j);
            final int bit = bit(name);
            if (bit < 0)
            {
                throw new IllegalArgumentException("unknown " + flagWord + " '" + name + "' in '" + text + "' ("
                    + String.join(", ", names) + ")");
            }
            if ((mask & (1L << bit)) != 0 && ((value >>> bit) & 1) != (set ? 1 : 0))
            {
                throw new IllegalArgumentException(field + " flag '" + name + "' both set and clear in '" + text + "'");
            }
            mask |= 1L << bit;
            value |= set ? 1L << bit : 0;
            i = j;
        }
        return new long[] {value, mask};
    }

    /** Flag notation of {@code value/mask} when the mask names only known flags, else null (print it as hex). */
    String format(final long value, final long mask)
    {
        if (mask == 0 || (mask & ~((1L << names.length) - 1)) != 0)
        {
            return null;
        }
        final StringBuilder s = new StringBuilder();
        for (int b = 0; b < names.length; b++)
        {
            if ((mask & (1L << b)) != 0)
            {
                s.append((value & (1L << b)) != 0 ? '+' : '-').append(names[b]);
            }
        }
        return s.toString();
    }

    private int bit(final String name)
    {
        for (int b = 0; b < names.length; b++)
        {
            if (names[b].equals(name))
            {
                return b;
            }
        }
        return -1;
    }
}
