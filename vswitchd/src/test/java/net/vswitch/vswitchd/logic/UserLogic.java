package net.vswitch.vswitchd.logic;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/** A user's module loaded by its class name: everything goes to port 1. */
public final class UserLogic implements SwitchLogic
{
    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return 1;
    }

    @Override
    public String name()
    {
        return "user";
    }
}
