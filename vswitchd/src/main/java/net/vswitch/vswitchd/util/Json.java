package net.vswitch.vswitchd.util;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import net.vswitch.fabric.plugin.ControlJson;

/**
 * JSON for the daemon, through Jackson (jackson-jr): ctl requests (a JSON array of words), every
 * {@code --json} answer, and tools and tests that read them back. Writing is {@link ControlJson}, the
 * same path logic modules use.
 */
public final class Json
{
    private Json()
    {
    }

    /** One line of JSON for maps, lists, strings, numbers, booleans and {@code null}. */
    public static String write(final Object value)
    {
        return ControlJson.write(value);
    }

    /**
     * Parses JSON into maps ({@link LinkedHashMap}, members in order), lists, strings, {@code Long} (every
     * integer that fits), {@code Double}, booleans and {@code null}.
     *
     * @throws IllegalArgumentException "bad JSON: ..." naming what Jackson found and where
     */
    public static Object parse(final String text)
    {
        final Object value;
        final long trailing;
        try (JsonParser parser = JSON.std.createParser(text))
        {
            value = JSON.std.anyFrom(parser);
            // jackson-jr stops after one value; a request or answer is exactly one
            trailing = parser.nextToken() == null ? -1 : parser.currentTokenLocation().getCharOffset();
        }
        catch (final IOException | RuntimeException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            final int end = message.indexOf('\n');
            throw new IllegalArgumentException("bad JSON: " + (end < 0 ? message : message.substring(0, end)), ex);
        }
        if (trailing >= 0)
        {
            throw new IllegalArgumentException("bad JSON: more after the value at offset " + trailing);
        }
        return normalize(value);
    }

    /** Integers of every width read as {@code Long}, decimals as {@code Double}, so callers compare one type. */
    private static Object normalize(final Object value)
    {
        if (value instanceof Map<?, ?> map)
        {
            final Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, member) -> copy.put(String.valueOf(key), normalize(member)));
            return copy;
        }
        if (value instanceof List<?> list)
        {
            final List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(normalize(item)));
            return copy;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof BigInteger big)
        {
            return big.bitLength() < Long.SIZE ? (Object)big.longValue() : big.doubleValue();
        }
        if (value instanceof Float || value instanceof BigDecimal)
        {
            return ((Number)value).doubleValue();
        }
        return value;
    }
}
