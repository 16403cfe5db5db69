package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One figure's results: series of (x, repetitions) for a metric, with the commands that made them. */
final class FigureData
{
    final String name;
    final String title;
    final String xLabel;
    final String yLabel;
    final boolean logX;
    final Map<String, Map<Double, List<Double>>> series = new LinkedHashMap<>();
    final List<String> commands = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Companion figures measured with this one (their own CSV, PNG and summary section). */
    final List<FigureData> more = new ArrayList<>();

    FigureData(final String name, final String title, final String xLabel, final String yLabel, final boolean logX)
    {
        this.name = name;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    void add(final String seriesName, final double x, final List<Double> values)
    {
        series.computeIfAbsent(seriesName, k -> new LinkedHashMap<>()).put(x, new ArrayList<>(values));
    }

    double median(final String seriesName, final double x)
    {
        final Map<Double, List<Double>> points = series.get(seriesName);
        return points == null || !points.containsKey(x) ? Double.NaN : Measurement.median(points.get(x));
    }

    void writeCsv(final Path file) throws IOException
    {
        final StringBuilder csv = new StringBuilder("figure,series,x,repetition,value,unit\n");
        for (final var s : series.entrySet())
        {
            for (final var p : s.getValue().entrySet())
            {
                for (int r = 0; r < p.getValue().size(); r++)
                {
                    csv.append(name).append(',').append(s.getKey()).append(',').append(fmt(p.getKey())).append(',')
                        .append(r).append(',').append(fmt(p.getValue().get(r))).append(',').append(yLabel).append('\n');
                }
            }
        }
        Files.writeString(file, csv);
    }

    /** Markdown table: series, x, median, min, max, spread. */
    String table()
    {
        final StringBuilder md = new StringBuilder("| series | " + xLabel + " | median | min | max | spread |\n"
            + "|---|---|---|---|---|---|\n");
        for (final var s : series.entrySet())
        {
            for (final var p : s.getValue().entrySet())
            {
                final List<Double> v = p.getValue();
                final double median = Measurement.median(v);
                final double spread = median == 0 ? 0 : (Measurement.max(v) - Measurement.min(v)) / median * 100;
                md.append("| ").append(s.getKey()).append(" | ").append(fmt(p.getKey())).append(" | ")
                    .append(fmt(median)).append(" | ").append(fmt(Measurement.min(v))).append(" | ")
                    .append(fmt(Measurement.max(v))).append(" | ").append(String.format("%.0f%%", spread))
                    .append(" |\n");
            }
        }
        return md.toString();
    }

    static String fmt(final double value)
    {
        if (value == Math.rint(value) && Math.abs(value) < 1e9)
        {
            return Long.toString((long)value);
        }
        return String.format("%.3f", value);
    }
}
