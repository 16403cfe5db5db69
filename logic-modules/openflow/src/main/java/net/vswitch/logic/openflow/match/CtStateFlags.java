package net.vswitch.logic.openflow.match;

/**
 * ovs-ofctl's ct_state notation: {@code +trk+new}, {@code -trk}, {@code +est-rel-rpl} (set / clear; only the
 * flags named are matched). Printed in bit order, as ovs-ofctl prints it ({@code +new+trk}).
 */
final class CtStateFlags
{
    /** Bit i is NAMES[i]: Open vSwitch's values (new=0x01 ... trk=0x20, snat=0x40, dnat=0x80). */
    private static final String[] NAMES = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};

    private CtStateFlags()
    {
    }

    /** Parses {@code +trk-new} into {value, mask}; null when the text is not in flag notation (e.g. hex). */
    static long[] parse(final String text)
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
                throw new IllegalArgumentException("bad ct_state '" + text + "' (e.g. +trk+est-rpl)");
            }
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '+' && text.charAt(j) != '-')
            {
                j++;
            }
            final String name = text.substring(i + 1, j);
            int bit = -1;
            for (int b = 0; b < NAMES.length; b++)
            {
                if (NAMES[b].equals(name))
                {
                    bit = b;
                }
            }
            if (bit < 0)
            {
                throw new IllegalArgumentException("unknown ct_state flag '" + name + "' in '" + text
                    + "' (new, est, rel, rpl, inv, trk, snat, dnat)");
            }
            if ((mask & (1L << bit)) != 0 && ((value >>> bit) & 1) != (set ? 1 : 0))
            {
                throw new IllegalArgumentException("ct_state flag '" + name + "' both set and clear in '" + text + "'");
            }
            mask |= 1L << bit;
            value |= set ? 1L << bit : 0;
            i = j;
        }
        return new long[] {value, mask};
    }

    /** Flag notation of {@code value/mask}. */
    static String format(final long value, final long mask)
    {
        final StringBuilder s = new StringBuilder();
        for (int b = 0; b < NAMES.length; b++)
        {
            if ((mask & (1L << b)) != 0)
            {
                s.append((value & (1L << b)) != 0 ? '+' : '-').append(NAMES[b]);
            }
        }
        return s.toString();
    }
}
