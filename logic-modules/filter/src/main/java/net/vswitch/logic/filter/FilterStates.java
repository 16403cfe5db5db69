package net.vswitch.logic.filter;

import java.util.List;
import java.util.Map;

/** Reading the filters' stored state ({@link net.vswitch.fabric.plugin.LogicState}) with errors that name the member. */
final class FilterStates
{
    private FilterStates()
    {
    }

    static void checkVersion(final String format, final int version, final int supported)
    {
        if (version < 1 || version > supported)
        {
            throw new IllegalArgumentException(format + " state version " + version + " is not supported (this"
                + " build reads versions 1.." + supported + ")");
        }
    }

    /** The list member {@code key} of a JSON object. */
    static List<?> list(final String format, final Object state, final String key)
    {
        if (!(state instanceof Map<?, ?> map) || !(map.get(key) instanceof List<?> list))
        {
            throw new IllegalArgumentException(format + " state must be an object with a list '" + key + "'");
        }
        return list;
    }

    static String text(final String format, final Object entry, final String key)
    {
        if (!(entry instanceof Map<?, ?> map) || !(map.get(key) instanceof String text))
        {
            throw new IllegalArgumentException(format + " state entry " + entry + " has no text '" + key + "'");
        }
        return text;
    }

    static int number(final String format, final Object entry, final String key)
    {
        if (!(entry instanceof Map<?, ?> map) || !(map.get(key) instanceof Number number))
        {
            throw new IllegalArgumentException(format + " state entry " + entry + " has no number '" + key + "'");
        }
        return number.intValue();
    }

    /** The index the named port will have, or -1 when the switch has no such port any more. */
    static int portIndex(final String name, final String[] portNames)
    {
        for (int i = 0; i < portNames.length; i++)
        {
            if (name.equals(portNames[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
