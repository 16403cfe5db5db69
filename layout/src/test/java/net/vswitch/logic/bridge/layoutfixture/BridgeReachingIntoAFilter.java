package net.vswitch.logic.bridge.layoutfixture;

import net.vswitch.logic.filter.MiddleboxFilter;

/** Breaks "logic modules never import each other" on purpose (LayoutTest checks the rule reports it). */
public final class BridgeReachingIntoAFilter
{
    public String name()
    {
        return new MiddleboxFilter().name();
    }
}
