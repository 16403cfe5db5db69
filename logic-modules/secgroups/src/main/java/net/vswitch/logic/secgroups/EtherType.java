package net.vswitch.logic.secgroups;

/** The IP family a rule applies to, in OpenStack's words. */
public enum EtherType
{
    IPV4("IPv4", 4),
    IPV6("IPv6", 6);

    private final String word;
    private final int version;

    EtherType(final String word, final int version)
    {
        this.word = word;
        this.version = version;
    }

    public String word()
    {
        return word;
    }

    /** 4 or 6. */
    public int ipVersion()
    {
        return version;
    }

    /** @throws IllegalArgumentException naming the words accepted */
    public static EtherType parse(final String text)
    {
        for (final EtherType e : values())
        {
            if (e.word.equalsIgnoreCase(text))
            {
                return e;
            }
        }
        throw new IllegalArgumentException("--ethertype must be IPv4 or IPv6, got '" + text + "'");
    }
}
