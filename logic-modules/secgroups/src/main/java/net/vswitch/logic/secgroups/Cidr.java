package net.vswitch.logic.secgroups;

/** An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a /32 or /128. */
record Cidr(Address network, int prefix)
{
    static Cidr parse(final String text)
    {
        final int slash = text.indexOf('/');
        final Address address = Address.parse(slash < 0 ? text : text.substring(0, slash));
        final int max = address.version() == 4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0)
        {
            try
            {
                prefix = Integer.parseInt(text.substring(slash + 1).trim());
            }
            catch (final NumberFormatException ex)
            {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max)
            {
                throw new IllegalArgumentException("bad prefix length in '" + text + "' (0.." + max + ")");
            }
        }
        final int bits = address.version() == 4 ? prefix + 96 : prefix;
        return new Cidr(new Address(address.version(), address.high() & highMask(bits),
            address.low() & lowMask(bits)), prefix);
    }

    private static long highMask(final int bits)
    {
        return bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static long lowMask(final int bits)
    {
        return bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
    }

    int version()
    {
        return network.version();
    }

    /** Whether the address (as {@link Address}'s two words) lies in this prefix. */
    boolean contains(final long high, final long low)
    {
        final int bits = network.version() == 4 ? prefix + 96 : prefix;
        return (high & highMask(bits)) == network.high() && (low & lowMask(bits)) == network.low();
    }

    @Override
    public String toString()
    {
        return network + "/" + prefix;
    }
}
