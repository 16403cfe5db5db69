package net.vswitch.logic.openflow.channel;

/**
 * Where the channel talks: {@code ptcp:PORT[:ADDR]} listens (default address 127.0.0.1), {@code tcp:HOST:PORT}
 * connects out and reconnects with backoff. Parsed from the {@code controllers} setting, comma separated.
 */
public record ChannelTarget(boolean passive, String host, int port)
{
    public static ChannelTarget parse(final String text)
    {
        final String t = text.trim();
        final String[] parts = t.split(":", -1);
        if (parts[0].equals("ptcp") && (parts.length == 2 || parts.length == 3))
        {
            return new ChannelTarget(true, parts.length == 3 ? parts[2] : "127.0.0.1", port(t, parts[1], true));
        }
        if (parts[0].equals("tcp") && parts.length == 3 && !parts[1].isEmpty())
        {
            return new ChannelTarget(false, parts[1], port(t, parts[2], false));
        }
        throw new IllegalArgumentException("bad OpenFlow target '" + t + "' (expected ptcp:PORT[:ADDR] or "
            + "tcp:HOST:PORT)");
    }

    private static int port(final String target, final String text, final boolean passive)
    {
        try
        {
            final int p = Integer.parseInt(text);
            if (p >= (passive ? 0 : 1) && p <= 65535)
            {
                return p;
            }
        }
        catch (final NumberFormatException ex)
        {
            // fall through to the message naming the target
        }
        throw new IllegalArgumentException("bad port '" + text + "' in OpenFlow target '" + target + "'");
    }

    @Override
    public String toString()
    {
        return passive ? "ptcp:" + port + ":" + host : "tcp:" + host + ":" + port;
    }
}
