package net.vswitch.vswitchd.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class JsonProperties
{
    @Property
    void writtenStringsReadBackUnchanged(@ForAll @Size(max = 8) final List<String> words)
    {
        final JsonWriter json = new JsonWriter().beginArray();
        words.forEach(json::value);
        assertEquals(words, JsonReader.parse(json.endArray().toString()));
    }

    @Property
    void writtenObjectsReadBackUnchanged(@ForAll @Size(max = 6) final Map<String, Long> members)
    {
        final JsonWriter json = new JsonWriter().beginObject();
        members.forEach(json::member);
        assertEquals(new LinkedHashMap<>(members), JsonReader.parse(json.endObject().toString()));
    }

    @Property
    void garbageIsRefusedWithAnOffsetNotACrash(@ForAll final String text)
    {
        try
        {
            JsonReader.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            assertEquals(true, ex.getMessage().startsWith("bad JSON at offset "), ex.getMessage());
        }
    }

    @Test
    void shouldNameWhatWasExpected()
    {
        assertEquals("bad JSON at offset 5: expected ']'",
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[\"a\" 1]")).getMessage());
        assertEquals("bad JSON at offset 2: expected closing quote",
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[\"")).getMessage());
    }
}
