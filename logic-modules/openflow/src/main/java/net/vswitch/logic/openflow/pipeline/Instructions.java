package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.ActionParser;
import net.vswitch.logic.openflow.match.Match;

/**
 * A flow entry's instructions, in OpenFlow's order: apply-actions, clear-actions, write-actions, write-metadata,
 * goto-table. Parsed from ovs-ofctl's {@code actions=} text, where the instructions appear as
 * {@code clear_actions}, {@code write_actions(...)}, {@code write_metadata:V[/M]} and {@code goto_table:T}.
 */
public record Instructions(List<Action> apply, boolean clearActions, List<Action> write, boolean writeMetadata,
    long metadata, long metadataMask, int gotoTable)
{
    public static final Instructions DROP = new Instructions(List.of(), false, List.of(), false, 0, 0, -1);

    /**
     * Parses the text after {@code actions=}.
     *
     * @param table the entry's table, since goto_table must go forward
     */
    public static Instructions parse(final String text, final int table)
    {
        final List<Action> apply = new ArrayList<>();
        final List<Action> write = new ArrayList<>();
        boolean clear = false;
        boolean writeMetadata = false;
        long metadata = 0;
        long mask = 0;
        int gotoTable = -1;
        for (final String part : ActionParser.split(text))
        {
            final String lower = part.toLowerCase(java.util.Locale.ROOT);
            if (gotoTable >= 0)
            {
                throw new IllegalArgumentException("goto_table must be the last instruction, found '" + part
                    + "' after it");
            }
            if (lower.startsWith("goto_table:"))
            {
                gotoTable = number("goto_table", part.substring("goto_table:".length()));
                if (gotoTable <= table || gotoTable > 254)
                {
                    throw new IllegalArgumentException("goto_table:" + gotoTable + " must name a later table than "
                        + table + " (at most 254)");
                }
            }
            else if (lower.equals("clear_actions"))
            {
                clear = true;
            }
            else if (lower.startsWith("write_actions(") && lower.endsWith(")"))
            {
                for (final String a : ActionParser.split(part.substring("write_actions(".length(), part.length() - 1)))
                {
                    add(write, ActionParser.parse(a));
                }
            }
            else if (lower.startsWith("write_metadata:"))
            {
                final String v = part.substring("write_metadata:".length());
                final int slash = v.indexOf('/');
                writeMetadata = true;
                metadata = unsigned(slash < 0 ? v : v.substring(0, slash));
                mask = slash < 0 ? -1L : unsigned(v.substring(slash + 1));
            }
            else
            {
                add(apply, ActionParser.parse(part));
            }
        }
        return new Instructions(List.copyOf(apply), clear, List.copyOf(write), writeMetadata, metadata & mask, mask,
            gotoTable);
    }

    private static void add(final List<Action> list, final Action action)
    {
        if (action != null)
        {
            list.add(action);
        }
    }

    /** Checks every action against the entry's match (prerequisites of set_field and the like). */
    public void check(final Match match)
    {
        for (final Action a : apply)
        {
            a.check(match);
        }
        for (final Action a : write)
        {
            a.check(match);
        }
    }

    private static int number(final String what, final String text)
    {
        try
        {
            return Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + ": bad table '" + text.trim() + "'");
        }
    }

    private static long unsigned(final String text)
    {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try
        {
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("write_metadata: bad value '" + text.trim() + "'");
        }
    }

    /** ovs-ofctl's text; {@code drop} when there is nothing to do. */
    @Override
    public String toString()
    {
        final List<String> parts = new ArrayList<>();
        for (final Action a : apply)
        {
            parts.add(a.toString());
        }
        if (clearActions)
        {
            parts.add("clear_actions");
        }
        if (!write.isEmpty())
        {
            final List<String> w = new ArrayList<>();
            for (final Action a : write)
            {
                w.add(a.toString());
            }
            parts.add("write_actions(" + String.join(",", w) + ")");
        }
        if (writeMetadata)
        {
            parts.add("write_metadata:0x" + Long.toHexString(metadata)
                + (metadataMask == -1L ? "" : "/0x" + Long.toHexString(metadataMask)));
        }
        if (gotoTable >= 0)
        {
            parts.add("goto_table:" + gotoTable);
        }
        return parts.isEmpty() ? "drop" : String.join(",", parts);
    }
}
