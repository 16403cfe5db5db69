package net.vswitch.fabric.plugin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The one way a {@link LogicControl} command builds its {@code --json} answer: put the answer in maps,
 * lists, strings, numbers and booleans and {@link #write} it. Jackson (jackson-jr) does the escaping, so
 * a port or group name holding a quote, a backslash or a control character still yields valid JSON.
 */
public final class ControlJson
{
    /** {@code null} members are written ({@code "failure":null}), so a field's presence never depends on its value. */
    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private ControlJson()
    {
    }

    /**
     * @param value a {@link Map} (string keys), {@link Iterable}, array, {@link CharSequence}, {@link Number},
     *              {@link Boolean} or {@code null}, nested freely
     * @return the JSON text, on one line
     * @throws IllegalArgumentException when {@code value} holds something JSON cannot express
     */
    public static String write(final Object value)
    {
        try
        {
            return WRITER.asString(value);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                + ex.getMessage(), ex);
        }
    }

    /** An object whose members keep the order given: {@code object("name", n, "size", 3)}. */
    public static Map<String, Object> object(final Object... keysAndValues)
    {
        if (keysAndValues.length % 2 != 0)
        {
            throw new IllegalArgumentException("object(...) takes key, value pairs; got " + keysAndValues.length
                + " arguments");
        }
        final Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2)
        {
            members.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return members;
    }
}
