package net.vswitch.benchmarks.figures;

import java.net.InetAddress;
import java.net.UnknownHostException;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.filter.L4Protocol;
import net.vswitch.logic.filter.MiddleboxFilter;
import net.vswitch.logic.filter.ThreeTupleFilter;

/**
 * Logic modules of figure 5 beyond the fabric's own, configured so sender 0's frames (UDP to
 * 10.0.0.1 port 9) reach port 1 through a table hit, not a default path.
 */
final class ModuleLogics
{
    private ModuleLogics()
    {
    }

    static SwitchLogic create(final String name)
    {
        return switch (name)
        {
            case "filter3" ->
            {
                final ThreeTupleFilter filter = new ThreeTupleFilter(0, 1);
                filter.reserve(1, L4Protocol.UDP, address(), 9);
                yield filter;
            }
            case "middlebox" -> new MiddleboxFilter().map(L4Protocol.UDP, 9, 1);
            default -> throw new IllegalArgumentException("unknown logic " + name);
        };
    }

    private static InetAddress address()
    {
        try
        {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
