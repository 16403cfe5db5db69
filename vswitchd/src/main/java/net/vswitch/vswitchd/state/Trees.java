package net.vswitch.vswitchd.state;

import java.util.List;
import java.util.Map;

/** Reading the parsed state file with errors that name the member. */
final class Trees
{
    private Trees()
    {
    }

    static Map<?, ?> map(final Object tree, final String what)
    {
        if (tree instanceof Map<?, ?> map)
        {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    static List<?> list(final Map<?, ?> map, final String key, final String where)
    {
        if (map.get(key) instanceof List<?> list)
        {
            return list;
        }
        throw new IllegalArgumentException(where + ": '" + key + "' must be a JSON list");
    }

    static String text(final Map<?, ?> map, final String key, final boolean optional)
    {
        final Object value = map.get(key);
        if (value == null && optional)
        {
            return null;
        }
        return string(value, "'" + key + "'");
    }

    static String string(final Object value, final String what)
    {
        if (value instanceof String text)
        {
            return text;
        }
        throw new IllegalArgumentException(what + " must be a JSON string");
    }
}
