package net.vswitch.logic.filter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A local transport endpoint {@code <protocol, local IP, local port>}, the key of the MultiStack
 * filter. Written and parsed as {@code tcp:10.0.0.1:80} or {@code udp:[2001:db8::1]:53}.
 *
 * @param protocol TCP or UDP
 * @param address  an IPv4 or IPv6 address (an IPv4-mapped IPv6 address is its IPv4 address)
 * @param port     1..65535
 */
public record Tuple(L4Protocol protocol, InetAddress address, int port)
{
    public Tuple
    {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address))
        {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
        }
    }

    /** A tuple from an address literal (no name lookup): {@code 10.0.0.1}, {@code 2001:db8::1}. */
    public static Tuple of(final L4Protocol protocol, final String address, final int port)
    {
        return new Tuple(protocol, parseAddress(address), port);
    }

    /** Parses {@code tcp:10.0.0.1:80} or {@code udp:[2001:db8::1]:53}. */
    public static Tuple parse(final String text)
    {
        Objects.requireNonNull(text, "tuple");
        final int first = text.indexOf(':');
        final int last = text.lastIndexOf(':');
        if (first < 0 || last == first)
        {
            throw new IllegalArgumentException("tuple must look like tcp:10.0.0.1:80 or udp:[2001:db8::1]:53: " + text);
        }
        final L4Protocol protocol = L4Protocol.parse(text.substring(0, first));
        String address = text.substring(first + 1, last);
        if (address.startsWith("[") && address.endsWith("]"))
        {
            address = address.substring(1, address.length() - 1);
        }
        else if (address.indexOf(':') >= 0)
        {
            throw new IllegalArgumentException("an IPv6 address in a tuple needs brackets, e.g. tcp:[2001:db8::1]:80: "
                + text);
        }
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(last + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port must be a number in 1..65535: " + text);
        }
        return new Tuple(protocol, parseAddress(address), port);
    }

    /** Parses an IPv4 or IPv6 literal; never resolves names. */
    public static InetAddress parseAddress(final String text)
    {
        Objects.requireNonNull(text, "address");
        try
        {
            return InetAddress.ofLiteral(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + text);
        }
    }

    /** Whether the address is IPv6. */
    public boolean ipv6()
    {
        return address instanceof Inet6Address;
    }

    /** High 64 bits of the address (0 for IPv4). */
    public long high()
    {
        return ipv6() ? bytesToLong(address.getAddress(), 0) : 0;
    }

    /** Low 64 bits of the address (the IPv4 address, unsigned, for IPv4). */
    public long low()
    {
        final byte[] bytes = address.getAddress();
        return ipv6() ? bytesToLong(bytes, 8) : bytesToLong(bytes, 0) >>> 32;
    }

    private static long bytesToLong(final byte[] bytes, final int from)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value <<= 8;
            value |= from + i < bytes.length ? bytes[from + i] & 0xFF : 0;
        }
        return value;
    }

    /** The address as users write it: dotted quad, or RFC 5952 compressed IPv6 without scope. */
    public static String format(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        if (bytes.length == 4)
        {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        // the longest run of two or more zero groups (the first one on ties) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':')
            {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public String toString()
    {
        final String host = format(address);
        return protocol.label() + ":" + (ipv6() ? "[" + host + "]" : host) + ":" + port;
    }
}
