package net.vswitch.logic.openflow.match;

/** ovs-ofctl's TCP flag notation: {@code +syn-ack} (set / clear, only the flags named are matched). */
final class TcpFlags
{
    private static final String[] NAMES = {"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns"};

    private TcpFlags()
    {
    }

    /** Parses {@code +syn-ack} into {value, mask}; null when the text is not in flag notation. */
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
                throw new IllegalArgumentException("bad tcp_flags '" + text + "' (e.g. +syn-ack)");
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
                throw new IllegalArgumentException("unknown TCP flag '" + name + "' in '" + text
                    + "' (fin, syn, rst, psh, ack, urg, ece, cwr, ns)");
            }
            mask |= 1L << bit;
            value |= set ? 1L << bit : 0;
            i = j;
        }
        return new long[] {value, mask};
    }

    /** Flag notation when the mask names only known flags, else null. */
    static String format(final long value, final long mask)
    {
        if (mask == 0 || (mask & ~0x1FFL) != 0)
        {
            return null;
        }
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
