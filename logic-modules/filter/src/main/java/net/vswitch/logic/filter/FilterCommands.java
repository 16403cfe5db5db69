package net.vswitch.logic.filter;

import java.util.List;

/** Shared parsing for the filters' ctl commands. */
final class FilterCommands
{
    private FilterCommands()
    {
    }

    /** A switch port by index or by name. */
    static int port(final String text, final String[] portNames)
    {
        for (int i = 0; i < portNames.length; i++)
        {
            if (text.equals(portNames[i]))
            {
                return i;
            }
        }
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("no port named '" + text + "'");
        }
    }

    static void arity(final String usage, final List<String> args, final int count)
    {
        if (args.size() != count)
        {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    static int number(final String what, final String text, final int min, final int max)
    {
        try
        {
            final int value = Integer.parseInt(text);
            if (value >= min && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // fall through to the message below
        }
        throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ": " + text);
    }
}
