package net.vswitch.logic.filter;

import java.util.Locale;

/** The transport protocols the filters match on, with their IP protocol numbers. */
public enum L4Protocol
{
    TCP(6, "tcp"),
    UDP(17, "udp");

    private final int number;
    private final String label;

    L4Protocol(final int number, final String label)
    {
        this.number = number;
        this.label = label;
    }

    /** IP protocol number (IPv4 protocol / IPv6 next header). */
    public int number()
    {
        return number;
    }

    /** Lower-case name as users type it: {@code tcp}, {@code udp}. */
    public String label()
    {
        return label;
    }

    /** The protocol with this IP protocol number, or {@code null}. */
    public static L4Protocol byNumber(final int number)
    {
        return switch (number)
        {
            case 6 -> TCP;
            case 17 -> UDP;
            default -> null;
        };
    }

    /** Parses {@code tcp} or {@code udp} (any case). */
    public static L4Protocol parse(final String text)
    {
        if (text != null)
        {
            switch (text.trim().toLowerCase(Locale.ROOT))
            {
                case "tcp":
                    return TCP;
                case "udp":
                    return UDP;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("protocol must be tcp or udp: " + text);
    }

    @Override
    public String toString()
    {
        return label;
    }
}
