package net.vswitch.logic.secgroups;

/** MAC addresses as the low 48 bits of a long, as {@link net.vswitch.fabric.Packet#ethSrc()} reads them. */
final class Mac
{
    private Mac()
    {
    }

    /** @throws IllegalArgumentException naming the text unless it is a unicast, non-zero {@code aa:bb:cc:dd:ee:ff} */
    static long parse(final String text)
    {
        final String[] parts = text.trim().split("[:-]");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        }
        long mac = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 2)
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
            try
            {
                mac = (mac << 8) | Integer.parseInt(part, 16);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
        }
        if ((mac & (1L << 40)) != 0 || mac == 0)
        {
            throw new IllegalArgumentException("MAC " + text + " is not a unicast address a port may own");
        }
        return mac;
    }

    static String format(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            if (text.length() > 0)
            {
                text.append(':');
            }
            final int b = (int)(mac >>> shift) & 0xFF;
            text.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
