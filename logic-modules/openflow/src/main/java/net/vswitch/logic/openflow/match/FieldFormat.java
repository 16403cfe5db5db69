package net.vswitch.logic.openflow.match;

import java.util.Locale;

/**
 * How a field's value is written in ovs-ofctl's syntax. Values travel as two longs (high, low) so 128-bit
 * IPv6 addresses fit; narrower fields use the low long only.
 */
public enum FieldFormat
{
    /** Decimal, or hex with a 0x prefix; masks as {@code value/mask}. */
    DECIMAL,
    /** Printed in hex ({@code 0x0800}); parsed as decimal or hex. */
    HEX,
    /** {@code aa:bb:cc:dd:ee:ff}. */
    MAC,
    /** Dotted quad; masks as {@code /24} or {@code /255.255.0.0}. */
    IPV4,
    /** RFC 4291 text; masks as {@code /64} or a second address. */
    IPV6;

    /** A parsed {@code value[/mask]}: high/low words of each, already limited to the field's width. */
    public record Value(long valueHigh, long value, long maskHigh, long mask)
    {
    }

    /**
     * Parses {@code text} for a field of {@code width} bits.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public Value parse(final String field, final String text, final int width, final boolean maskable)
    {
        final int slash = text.indexOf('/');
        final String valueText = slash < 0 ? text : text.substring(0, slash);
        if (slash >= 0 && !maskable)
        {
            throw new IllegalArgumentException("field " + field + " does not take a mask: '" + text + "'");
        }
        final long[] value = one(field, valueText, width);
        long[] mask = {full(width - 64), full(width)};
        if (slash >= 0)
        {
            final String maskText = text.substring(slash + 1);
            if ((this == IPV4 || this == IPV6) && maskText.matches("\\d{1,3}"))
            {
                mask = prefix(field, Integer.parseInt(maskText), width);
            }
            else
            {
                mask = one(field, maskText, width);
            }
        }
        return new Value(value[0] & mask[0], value[1] & mask[1], mask[0], mask[1]);
    }

    private long[] one(final String field, final String text, final int width)
    {
        try
        {
            final long[] v = switch (this)
            {
                case DECIMAL, HEX -> new long[] {0, integer(text)};
                case MAC -> new long[] {0, mac(text)};
                case IPV4 -> new long[] {0, ipv4(text) & 0xFFFF_FFFFL};
                case IPV6 -> ipv6(text);
            };
            if (width < 64 && (v[1] >>> width) != 0 || width <= 64 && v[0] != 0)
            {
                throw new IllegalArgumentException("too wide");
            }
            return v;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("bad value '" + text + "' for field " + field + " (" + expected(width)
                + ")");
        }
    }

    private String expected(final int width)
    {
        return switch (this)
        {
            case DECIMAL, HEX -> "an integer of " + width + " bits";
            case MAC -> "a MAC address like 00:11:22:33:44:55";
            case IPV4 -> "an IPv4 address like 10.0.0.1";
            case IPV6 -> "an IPv6 address like 2001:db8::1";
        };
    }

    private static long full(final int width)
    {
        return width <= 0 ? 0 : width >= 64 ? -1L : (1L << width) - 1;
    }

    private static long[] prefix(final String field, final int bits, final int width)
    {
        if (bits > width)
        {
            throw new IllegalArgumentException("prefix /" + bits + " too long for field " + field);
        }
        if (width == 128)
        {
            final long high = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
            final long low = bits <= 64 ? 0 : -1L << (128 - bits);
            return new long[] {high, low};
        }
        return new long[] {0, bits == 0 ? 0 : (full(width) << (width - bits)) & full(width)};
    }

    static long integer(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("0x"))
        {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseUnsignedLong(t);
    }

    static long mac(final String text)
    {
        final String[] parts = text.split(":");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException(text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 2)
            {
                throw new IllegalArgumentException(text);
            }
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    static int ipv4(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException(text);
        }
        int ip = 0;
        for (final String part : parts)
        {
            final int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255 || part.length() > 3)
            {
                throw new IllegalArgumentException(text);
            }
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    static long[] ipv6(final String text)
    {
        if (!text.contains(":") || text.chars().anyMatch(c -> Character.digit(c, 16) < 0 && c != ':' && c != '.'))
        {
            throw new IllegalArgumentException(text);
        }
        final byte[] bytes;
        try
        {
            bytes = java.net.InetAddress.getByName(text).getAddress();
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException(text, ex);
        }
        if (bytes.length != 16)
        {
            throw new IllegalArgumentException(text);
        }
        final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        return new long[] {buffer.getLong(), buffer.getLong()};
    }

    /** Formats a value and (when not all-ones for {@code width}) its mask, as ovs-ofctl prints them. */
    public String format(final long valueHigh, final long value, final long maskHigh, final long mask, final int width)
    {
        final boolean exact = mask == full(width) && maskHigh == full(width - 64);
        return switch (this)
        {
            case DECIMAL -> exact ? Long.toUnsignedString(value) : hex(value) + "/" + hex(mask);
            case HEX -> exact ? hex(value) : hex(value) + "/" + hex(mask);
            case MAC -> exact ? mac(value) : mac(value) + "/" + mac(mask);
            case IPV4 -> ipv4(value) + (exact ? "" : "/" + ipv4Mask(mask));
            case IPV6 -> ipv6(valueHigh, value) + (exact ? "" : "/" + ipv6Mask(maskHigh, mask));
        };
    }

    private static String hex(final long v)
    {
        return "0x" + Long.toHexString(v);
    }

    /** Hex as ovs-ofctl prints EtherTypes: four digits. */
    static String hex4(final long v)
    {
        return String.format("0x%04x", v);
    }

    static String mac(final long mac)
    {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", (mac >>> 40) & 0xFF, (mac >>> 32) & 0xFF,
            (mac >>> 24) & 0xFF, (mac >>> 16) & 0xFF, (mac >>> 8) & 0xFF, mac & 0xFF);
    }

    static String ipv4(final long ip)
    {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    private static String ipv4Mask(final long mask)
    {
        final int ones = Long.bitCount(mask & 0xFFFF_FFFFL);
        final long asPrefix = ones == 0 ? 0 : (0xFFFF_FFFFL << (32 - ones)) & 0xFFFF_FFFFL;
        return asPrefix == (mask & 0xFFFF_FFFFL) ? Integer.toString(ones) : ipv4(mask);
    }

    static String ipv6(final long high, final long low)
    {
        final byte[] bytes = java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        try
        {
            final String text = java.net.InetAddress.getByAddress(bytes).getHostAddress();
            return compress(text);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String ipv6Mask(final long high, final long low)
    {
        final int ones = Long.bitCount(high) + Long.bitCount(low);
        final long[] asPrefix = prefix("ipv6", ones, 128);
        return asPrefix[0] == high && asPrefix[1] == low ? Integer.toString(ones) : ipv6(high, low);
    }

    /** Java prints 2001:db8:0:0:0:0:0:1; ovs-ofctl prints 2001:db8::1 (longest zero run compressed). */
    private static String compress(final String full)
    {
        final String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; i++)
        {
            int j = i;
            while (j < groups.length && groups[j].equals("0"))
            {
                j++;
            }
            if (j - i > bestLength && j - i > 1)
            {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0)
        {
            return full;
        }
        final String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        final String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength,
            groups.length));
        return head + "::" + tail;
    }
}
