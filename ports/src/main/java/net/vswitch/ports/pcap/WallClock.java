package net.vswitch.ports.pcap;

/**
 * Nanoseconds since the Unix epoch without allocating ({@code Instant.now()} does): the wall clock
 * read once at start plus the monotonic clock's progress since.
 */
final class WallClock
{
    private final long baseEpochNanos = System.currentTimeMillis() * 1_000_000L;
    private final long baseNanoTime = System.nanoTime();

    long epochNanos()
    {
        return baseEpochNanos + (System.nanoTime() - baseNanoTime);
    }
}
