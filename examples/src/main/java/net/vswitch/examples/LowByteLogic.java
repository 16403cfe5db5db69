package net.vswitch.examples;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/**
 * mSwitch's example module: the 8 least significant bits of the destination IPv4 address select
 * the output port. Not IPv4 → dropped (counted by the fabric as no_route).
 */
public final class LowByteLogic implements SwitchLogic
{
    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        if (packet.ipVersion() != 4)
        {
            return DROP;
        }
        return packet.ipv4Dst() & 0xFF;
    }

    @Override
    public String name()
    {
        return "low-byte";
    }
}
