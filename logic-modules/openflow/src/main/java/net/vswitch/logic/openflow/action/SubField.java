package net.vswitch.logic.openflow.action;

import net.vswitch.logic.openflow.match.Field;

/** {@code NAME[start..end]}, {@code NAME[bit]} or {@code NAME[]} (the whole field), as load/move name bits. */
public record SubField(Field field, int start, int bits)
{
    /** Parses a subfield reference, e.g. {@code NXM_NX_REG0[0..15]} or {@code reg1[]}. */
    public static SubField parse(final String text)
    {
        final int open = text.indexOf('[');
        if (open < 0 || !text.endsWith("]"))
        {
            throw new IllegalArgumentException("bad subfield '" + text + "' (expected NAME[], NAME[BIT] or "
                + "NAME[START..END])");
        }
        final String name = text.substring(0, open).trim();
        final Field field = Field.byName(name);
        if (field == null)
        {
            throw new IllegalArgumentException("unknown field '" + name + "' in '" + text + "'");
        }
        final String range = text.substring(open + 1, text.length() - 1).trim();
        final int width = field.width();
        if (range.isEmpty())
        {
            return new SubField(field, 0, width);
        }
        final int dots = range.indexOf("..");
        final int start;
        final int end;
        try
        {
            start = Integer.parseInt(dots < 0 ? range : range.substring(0, dots));
            end = dots < 0 ? start : Integer.parseInt(range.substring(dots + 2));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad bit range in '" + text + "'");
        }
        if (start < 0 || end < start || end >= width || width > 64)
        {
            throw new IllegalArgumentException("bit range " + start + ".." + end + " outside field " + field.fieldName()
                + " (" + width + " bits) in '" + text + "'");
        }
        return new SubField(field, start, end - start + 1);
    }

    /** The mask of these bits within the field's value. */
    public long mask()
    {
        return bits >= 64 ? -1L : ((1L << bits) - 1) << start;
    }

    /** High half of the mask for a whole 128-bit field. */
    public long maskHigh()
    {
        return field.wide() ? -1L : 0;
    }

    @Override
    public String toString()
    {
        final String name = field.nxmName();
        return bits == field.width() ? name + "[]" : bits == 1 ? name + "[" + start + "]"
            : name + "[" + start + ".." + (start + bits - 1) + "]";
    }
}
