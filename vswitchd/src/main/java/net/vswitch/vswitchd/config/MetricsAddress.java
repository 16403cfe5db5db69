package net.vswitch.vswitchd.config;

import java.net.InetSocketAddress;

/** {@code ADDR:PORT} (or {@code [IPv6]:PORT}, or {@code PORT} for 127.0.0.1) of the metrics endpoint. */
public final class MetricsAddress
{
    public static final String DEFAULT_HOST = "127.0.0.1";

    private MetricsAddress()
    {
    }

    /** What is wrong with {@code text}, or {@code null}. */
    public static String problem(final String text)
    {
        try
        {
            parse(text);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    /** Unresolved socket address; binding resolves it. */
    public static InetSocketAddress parse(final String text)
    {
        final int colon = text.lastIndexOf(':');
        String host = colon < 0 ? DEFAULT_HOST : text.substring(0, colon);
        final String port = colon < 0 ? text : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty())
        {
            throw new IllegalArgumentException("metrics address '" + text + "' must look like ADDR:PORT, e.g. "
                + DEFAULT_HOST + ":9100");
        }
        final int number;
        try
        {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("metrics address '" + text + "' must look like ADDR:PORT, e.g. "
                + DEFAULT_HOST + ":9100");
        }
        if (number < 0 || number > 65535)
        {
            throw new IllegalArgumentException("metrics port must be in 0..65535, got " + number);
        }
        return InetSocketAddress.createUnresolved(host, number);
    }
}
