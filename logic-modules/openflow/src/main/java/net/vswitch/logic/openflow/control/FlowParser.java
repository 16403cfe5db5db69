package net.vswitch.logic.openflow.control;

import java.util.Locale;

import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import net.vswitch.logic.openflow.pipeline.FlowFilter;
import net.vswitch.logic.openflow.pipeline.FlowStats;
import net.vswitch.logic.openflow.pipeline.Instructions;

/**
 * Reads flows in ovs-ofctl's syntax:
 * {@code table=0,priority=100,cookie=0x1,idle_timeout=10,hard_timeout=60,ip,nw_dst=10.0.0.0/24 actions=output:2}.
 * Match fields may be separated by commas or spaces; everything after {@code actions=} is the instruction list.
 */
public final class FlowParser
{
    private FlowParser()
    {
    }

    /** The parts of a flow line before they become an entry or a filter. */
    private record Parts(int table, int priority, long cookie, long cookieMask, boolean cookieGiven, int idle,
        int hard, int flags, Match match, String actions)
    {
    }

    /** A flow for add-flow. */
    public static FlowEntry flow(final String text, final long nowNanos)
    {
        final Parts p = parts(text, true);
        if (p.actions == null)
        {
            throw new IllegalArgumentException("flow needs actions=... (use actions=drop to drop): '" + text.trim()
                + "'");
        }
        if (p.cookieMask != -1L && p.cookieGiven)
        {
            throw new IllegalArgumentException("cookie mask is only for mod-flows, del-flows and dump-flows");
        }
        final Instructions instructions = Instructions.parse(p.actions, p.table < 0 ? 0 : p.table);
        instructions.check(p.match);
        return new FlowEntry(p.table < 0 ? 0 : p.table, p.priority, p.match, instructions, p.cookie, p.idle, p.hard,
            p.flags, new FlowStats(nowNanos));
    }

    /** A filter for del-flows / dump-flows / mod-flows (which may carry actions, returned separately). */
    public static FlowFilter filter(final String text, final boolean strict)
    {
        final Parts p = parts(text, false);
        return new FlowFilter(p.table < 0 ? FlowFilter.ALL_TABLES : p.table, p.match, strict, p.priority, p.cookie,
            p.cookieGiven ? p.cookieMask : 0);
    }

    /** The instructions of a mod-flows line. */
    public static Instructions modActions(final String text)
    {
        final Parts p = parts(text, false);
        if (p.actions == null)
        {
            throw new IllegalArgumentException("mod-flows needs actions=...: '" + text.trim() + "'");
        }
        return Instructions.parse(p.actions, p.table < 0 ? 0 : p.table);
    }

    /** The new cookie of a mod-flows line (a cookie without a mask sets it), or {@code null}. */
    public static Long modCookie(final String text)
    {
        final Parts p = parts(text, false);
        return p.cookieGiven && p.cookieMask == -1L ? p.cookie : null;
    }

    private static Parts parts(final String text, final boolean adding)
    {
        String head = text.trim();
        String actions = null;
        final int at = indexOfActions(head);
        if (at >= 0)
        {
            actions = head.substring(at + "actions=".length()).replaceAll("\\s+", "");
            head = head.substring(0, at);
        }
        int table = -1;
        int priority = FlowEntry.DEFAULT_PRIORITY;
        long cookie = 0;
        long cookieMask = -1L;
        boolean cookieGiven = false;
        int idle = 0;
        int hard = 0;
        int flags = 0;
        final Match.Builder match = new Match.Builder();
        for (final String token : head.split("[,\\s]+"))
        {
            if (token.isEmpty())
            {
                continue;
            }
            final int eq = token.indexOf('=');
            final String name = (eq < 0 ? token : token.substring(0, eq)).toLowerCase(Locale.ROOT);
            final String value = eq < 0 ? null : token.substring(eq + 1);
            switch (name)
            {
                case "table" -> table = (int)number("table", value, 0, 254);
                case "priority" -> priority = (int)number("priority", value, 0, 65535);
                case "cookie" ->
                {
                    cookieGiven = true;
                    final String v = required("cookie", value);
                    final int slash = v.indexOf('/');
                    cookie = unsigned("cookie", slash < 0 ? v : v.substring(0, slash));
                    cookieMask = slash < 0 ? -1L : unsigned("cookie", v.substring(slash + 1));
                }
                case "idle_timeout" -> idle = (int)number("idle_timeout", value, 0, 65535);
                case "hard_timeout" -> hard = (int)number("hard_timeout", value, 0, 65535);
                case "send_flow_rem" -> flags |= FlowEntry.FLAG_SEND_FLOW_REM;
                case "check_overlap" -> flags |= FlowEntry.FLAG_CHECK_OVERLAP;
                case "out_port", "out_group", "importance" -> throw new IllegalArgumentException("'" + name
                    + "' is not supported yet");
                default -> match.parse(name, value);
            }
        }
        return new Parts(table, priority, cookie, cookieMask, cookieGiven, idle, hard, flags, match.build(), actions);
    }

    private static int indexOfActions(final String text)
    {
        final String lower = text.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("actions=");
        while (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1)))
        {
            at = lower.indexOf("actions=", at + 1);
        }
        return at;
    }

    private static String required(final String what, final String value)
    {
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException(what + " needs a value (" + what + "=N)");
        }
        return value;
    }

    private static long number(final String what, final String value, final long min, final long max)
    {
        final long v = unsigned(what, required(what, value));
        if (v < min || v > max)
        {
            throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + value);
        }
        return v;
    }

    private static long unsigned(final String what, final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        try
        {
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + ": bad number '" + text.trim() + "'");
        }
    }
}
