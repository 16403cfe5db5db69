package net.vswitch.logic.basic;

import java.util.Arrays;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;

/**
 * mSwitch's baseline logic: a fixed ingress → egress map. By default port 2k talks to 2k+1 and back.
 */
public final class StaticLogic implements SwitchLogic
{
    private final int[] map;

    /** Pairs 2k with 2k+1. */
    public StaticLogic()
    {
        this.map = null;
    }

    /** {@code map[in]} is the egress port of ingress {@code in}; missing or negative entries drop. */
    public StaticLogic(final int[] map)
    {
        this.map = Arrays.copyOf(map, map.length);
    }

    @Override
    public int lookup(final Packet packet, final int ingressPort)
    {
        if (map == null)
        {
            return ingressPort ^ 1;
        }
        return ingressPort < map.length && map[ingressPort] >= 0 ? map[ingressPort] : DROP;
    }

    @Override
    public String name()
    {
        return "static";
    }
}
