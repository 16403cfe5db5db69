package net.vswitch.logic.openflow.softflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The numbers {@code sf_action} carries for action names: the same name always has the same number in a JVM
 * (1, 2, ... in order of first use; 0 = no action yet), so flows can match {@code sf_action=conntrack} before the
 * action is instantiated.
 */
public final class SoftFlowNames
{
    /** sf_action is a 16-bit field. */
    public static final int MAX = 0xFFFF;

    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final List<String> NAMES = new CopyOnWriteArrayList<>(List.of(""));

    private SoftFlowNames()
    {
    }

    /**
     * The number of action {@code name} (letters, digits, '_' and '-').
     *
     * @throws IllegalArgumentException for a bad name or when 65535 names are taken
     */
    public static int id(final String name)
    {
        final String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.matches("[a-z][a-z0-9_-]*"))
        {
            throw new IllegalArgumentException("bad softflow action name '" + name
                + "' (a letter, then letters, digits, '_' or '-')");
        }
        final Integer known = IDS.get(n);
        if (known != null)
        {
            return known;
        }
        synchronized (IDS)
        {
            final Integer again = IDS.get(n);
            if (again != null)
            {
                return again;
            }
            if (NAMES.size() > MAX)
            {
                throw new IllegalArgumentException("too many softflow action names (at most " + MAX + ")");
            }
            NAMES.add(n);
            IDS.put(n, NAMES.size() - 1);
            return NAMES.size() - 1;
        }
    }

    /** The name of number {@code id}, or the number itself when none has it. */
    public static String name(final int id)
    {
        return id > 0 && id < NAMES.size() ? NAMES.get(id) : Integer.toString(id);
    }
}
