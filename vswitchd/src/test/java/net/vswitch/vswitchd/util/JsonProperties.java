package net.vswitch.vswitchd.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(words, Json.parse(Json.write(words)));
    }

    @Property
    void writtenObjectsReadBackUnchanged(@ForAll @Size(max = 6) final Map<String, Long> members)
    {
        assertEquals(new LinkedHashMap<>(members), Json.parse(Json.write(members)));
    }

    @Property
    void garbageIsRefusedWithAMessageNotACrash(@ForAll final String text)
    {
        try
        {
            Json.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            assertTrue(ex.getMessage().startsWith("bad JSON: "), ex.getMessage());
        }
    }

    @Test
    void shouldEscapeControlCharactersInNames()
    {
        final String name = "vm\u0001\n\t\"\\1";
        final String text = Json.write(Map.of("port", name));
        assertEquals("{\"port\":\"vm\\u0001\\n\\t\\\"\\\\1\"}", text);
        assertEquals(Map.of("port", name), Json.parse(text));
    }

    @Test
    void shouldReadEveryIntegerAsLong()
    {
        assertEquals(List.of(1L, 5_000_000_000L, 2.5, true), Json.parse("[1, 5000000000, 2.5, true]"));
    }

    @Test
    void shouldSayWhatIsWrong()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[\"a\" 1]")).getMessage()
            .startsWith("bad JSON: Unexpected character ('1'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[\"")).getMessage()
            .startsWith("bad JSON: Unexpected end-of-input"));
        assertEquals("bad JSON: more after the value at offset 4",
            assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] [2]")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("")).getMessage()
            .startsWith("bad JSON: "));
    }

    @Test
    void shouldWriteNullMembers()
    {
        final Map<String, Object> members = new LinkedHashMap<>();
        members.put("failure", null);
        assertEquals("{\"failure\":null}", Json.write(members));
    }
}
