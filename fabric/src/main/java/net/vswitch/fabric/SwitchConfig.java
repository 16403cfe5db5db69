package net.vswitch.fabric;

/**
 * Sizes fixed when a switch starts. Off-heap memory belongs to ports (their rings are sized when
 * the port is created) and never grows under load; these limits bound the fabric's own scratch.
 */
public record SwitchConfig(int maxPorts, int maxBatch, Clock clock)
{
    public static final int MAX_PORTS_DEFAULT = 4096;
    public static final int MAX_BATCH_DEFAULT = 1024;

    public SwitchConfig
    {
        if (maxPorts < 1 || maxPorts > (1 << 20))
        {
            throw new IllegalArgumentException("maxPorts must be in 1..1048576: " + maxPorts);
        }
        if (maxBatch < 1 || maxBatch > 65536)
        {
            throw new IllegalArgumentException("maxBatch must be in 1..65536: " + maxBatch);
        }
        if (clock == null)
        {
            throw new IllegalArgumentException("clock must not be null");
        }
    }

    public static SwitchConfig defaults()
    {
        return new SwitchConfig(MAX_PORTS_DEFAULT, MAX_BATCH_DEFAULT, Clock.SYSTEM);
    }

    public SwitchConfig withClock(final Clock clock)
    {
        return new SwitchConfig(maxPorts, maxBatch, clock);
    }

    public SwitchConfig withMaxPorts(final int maxPorts)
    {
        return new SwitchConfig(maxPorts, maxBatch, clock);
    }

    /** Sizes the forwarders' scratch for batches of this many packets (larger batches still work). */
    public SwitchConfig withMaxBatch(final int maxBatch)
    {
        return new SwitchConfig(maxPorts, maxBatch, clock);
    }
}
