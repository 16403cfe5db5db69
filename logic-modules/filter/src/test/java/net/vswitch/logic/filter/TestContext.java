package net.vswitch.logic.filter;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;

/** A switch as a logic module sees it, without ports or threads. */
final class TestContext implements LogicContext
{
    private final String[] names;

    TestContext(final String... names)
    {
        this.names = names.clone();
    }

    void detach(final int index)
    {
        names[index] = null;
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
        return Clock.SYSTEM;
    }
}
