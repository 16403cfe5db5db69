package net.vswitch.benchmarks;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/**
 * A baseline between the trivial logic and real modules: it parses the headers (as every module
 * that looks past L2 does, once per packet, shared) and then forwards like {@code static}. The gap
 * between {@code static} and this is the fabric's parse cost; the gap from this to a module is the
 * module's own work.
 */
public final class ParseOnlyLogic implements SwitchLogic
{
    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        return packet.ipVersion() != 0 ? ingressPort ^ 1 : DROP;
    }

    @Override
    public String name()
    {
        return "parse";
    }
}
