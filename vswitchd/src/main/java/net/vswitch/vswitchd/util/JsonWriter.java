package net.vswitch.vswitchd.util;

/**
 * Writes compact JSON into a {@link StringBuilder}; commas are placed for the caller. Control path
 * only (ctl replies), so clarity beats speed.
 */
public final class JsonWriter
{
    private final StringBuilder out;
    private boolean needComma;

    public JsonWriter(final StringBuilder out)
    {
        this.out = out;
    }

    public JsonWriter()
    {
        this(new StringBuilder());
    }

    public JsonWriter beginObject()
    {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject()
    {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray()
    {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray()
    {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Starts a member; the next value call writes its value. */
    public JsonWriter name(final String name)
    {
        separate();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(final String value)
    {
        separate();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            quote(value);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(final long value)
    {
        separate();
        out.append(value);
        needComma = true;
        return this;
    }

    public JsonWriter value(final boolean value)
    {
        separate();
        out.append(value);
        needComma = true;
        return this;
    }

    /** A value that is already JSON (e.g. what a logic module returned). */
    public JsonWriter raw(final String json)
    {
        separate();
        out.append(json);
        needComma = true;
        return this;
    }

    public JsonWriter member(final String name, final String value)
    {
        return name(name).value(value);
    }

    public JsonWriter member(final String name, final long value)
    {
        return name(name).value(value);
    }

    private void separate()
    {
        if (needComma)
        {
            out.append(',');
            needComma = false;
        }
    }

    private void quote(final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
