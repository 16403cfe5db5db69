package net.vswitch.logic.basic;

import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/**
 * Spreads IPv4 traffic by destination address: port {@code 1 + (dst mod (N - 1))}, N = attached
 * port count at the last attach/detach. Port 0 is the uplink that feeds the others. Non-IPv4 drops.
 */
public final class HashIpLogic implements SwitchLogic
{
    private volatile int ports;

    @Override
    public void start(final LogicContext context)
    {
        ports = count(context.portNames());
    }

    @Override
    public void portAttached(final int portIndex, final String portName)
    {
        ports = Math.max(ports, portIndex + 1);
    }

    @Override
    public void portDetached(final int portIndex)
    {
        if (portIndex == ports - 1)
        {
            ports = portIndex;
        }
    }

    private static int count(final String[] names)
    {
        return names.length;
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        final int n = ports;
        if (n < 2 || packet.etherType() != Packet.ETHERTYPE_IPV4 || packet.ipVersion() != 4)
        {
            return DROP;
        }
        return 1 + (int)Integer.remainderUnsigned(packet.ipv4Dst(), n - 1);
    }

    @Override
    public String name()
    {
        return "hash-ip";
    }
}
