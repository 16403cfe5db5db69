package net.vswitch.logic.openflow;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;

/** A switch as the logic sees it, with a clock tests move by hand. */
final class TestContext implements LogicContext, Clock
{
    private final String[] names;
    private volatile long now = 1_000_000_000L;

    TestContext(final String... names)
    {
        this.names = names.clone();
    }

    void advanceMillis(final long millis)
    {
        now += millis * 1_000_000L;
    }

    @Override
    public long nanoTime()
    {
        return now;
    }

    @Override
    public String switchName()
    {
        return "sw0";
    }

    @Override
    public String[] portNames()
    {
        return names.clone();
    }

    @Override
    public Clock clock()
    {
        return this;
    }
}
