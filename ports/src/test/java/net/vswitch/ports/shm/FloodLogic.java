package net.vswitch.ports.shm;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/** Floods everything, like a bridge that has learnt nothing: every port's frames reach every other port. */
final class FloodLogic implements SwitchLogic
{
    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return BROADCAST;
    }
}
