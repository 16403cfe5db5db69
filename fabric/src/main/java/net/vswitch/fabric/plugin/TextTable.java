package net.vswitch.fabric.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for humans: a header row, left-aligned text, right-aligned numbers. The daemon's
 * own ctl answers and the tables a {@link LogicControl} command prints use it, so they all look alike.
 */
public final class TextTable
{
    private final String[] headers;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    /** Headers ending in {@code #} are numeric (right-aligned); the {@code #} is not printed. */
    public TextTable(final String... headers)
    {
        this.headers = new String[headers.length];
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++)
        {
            numeric[i] = headers[i].endsWith("#");
            this.headers[i] = numeric[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
        }
    }

    /** Adds a row of {@code String.valueOf(cell)}s, one per header. */
    public TextTable row(final Object... cells)
    {
        if (cells.length != headers.length)
        {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length);
        }
        final String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++)
        {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty()
    {
        return rows.isEmpty();
    }

    /** Appends the table, each line starting with {@code indent}. */
    public void appendTo(final StringBuilder out, final String indent)
    {
        final int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++)
        {
            widths[i] = headers[i].length();
            for (final String[] row : rows)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, indent, headers, widths);
        for (final String[] row : rows)
        {
            line(out, indent, row, widths);
        }
    }

    private void line(final StringBuilder out, final String indent, final String[] cells, final int[] widths)
    {
        final StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++)
        {
            if (i > 0)
            {
                line.append("  ");
            }
            final String pad = " ".repeat(widths[i] - cells[i].length());
            if (numeric[i])
            {
                line.append(pad).append(cells[i]);
            }
            else
            {
                line.append(cells[i]).append(i == cells.length - 1 ? "" : pad);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder();
        appendTo(out, "");
        return out.toString();
    }
}
