package net.vswitch.logic.secgroups;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 address as two longs, the form the data path compares: IPv6 as its 128 bits, IPv4
 * as its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) so the two families never collide in one table.
 */
record Address(int version, long high, long low)
{
    static final long V4_MAPPED_LOW = 0x0000_FFFF_0000_0000L;

    static Address ipv4(final int address)
    {
        return new Address(4, 0, V4_MAPPED_LOW | (address & 0xFFFF_FFFFL));
    }

    /** The low word of {@link #ipv4(int)}, for data-path keys built without allocating. */
    static long ipv4Low(final int address)
    {
        return V4_MAPPED_LOW | (address & 0xFFFF_FFFFL);
    }

    /**
     * Parses a literal IPv4 or IPv6 address (no host names).
     *
     * @throws IllegalArgumentException naming the text when it is not an address
     */
    static Address parse(final String text)
    {
        final InetAddress address;
        try
        {
            address = InetAddress.ofLiteral(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        return of(address);
    }

    static Address of(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return ipv4(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++)
        {
            high = (high << 8) | (bytes[i] & 0xFF);
            low = (low << 8) | (bytes[i + 8] & 0xFF);
        }
        return new Address(6, high, low);
    }

    /** The IPv6 link-local address a host derives from its MAC (modified EUI-64), which members may use. */
    static Address linkLocal(final long mac)
    {
        final long eui = ((mac >>> 24) << 40) | (0xFFFEL << 24) | (mac & 0xFF_FFFFL);
        return new Address(6, 0xFE80_0000_0000_0000L, eui ^ (0x02L << 56));
    }

    /** The IPv4 address as an int (only for version 4). */
    int ipv4()
    {
        return (int)low;
    }

    boolean isUnspecified()
    {
        return version == 4 ? ipv4() == 0 : high == 0 && low == 0;
    }

    @Override
    public String toString()
    {
        final byte[] bytes;
        if (version == 4)
        {
            final int a = ipv4();
            bytes = new byte[] {(byte)(a >>> 24), (byte)(a >>> 16), (byte)(a >>> 8), (byte)a};
        }
        else
        {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++)
            {
                bytes[i] = (byte)(high >>> (56 - 8 * i));
                bytes[i + 8] = (byte)(low >>> (56 - 8 * i));
            }
        }
        try
        {
            final String text = InetAddress.getByAddress(bytes).getHostAddress();
            return version == 6 ? compress(text) : text;
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Java prints IPv6 without {@code ::}; operators type it with, so show the RFC 5952 form. */
    private static String compress(final String full)
    {
        final String[] parts = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < parts.length; i++)
        {
            int j = i;
            while (j < parts.length && parts[j].equals("0"))
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0)
        {
            return full;
        }
        final String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        final String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLength,
            parts.length));
        return head + "::" + tail;
    }
}
