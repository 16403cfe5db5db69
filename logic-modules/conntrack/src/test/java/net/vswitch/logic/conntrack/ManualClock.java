package net.vswitch.logic.conntrack;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Clock;

/** A clock tests move by hand. */
final class ManualClock implements Clock
{
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime()
    {
        return now.get();
    }

    void advance(final Duration by)
    {
        now.addAndGet(by.toNanos());
    }
}
