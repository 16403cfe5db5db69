package net.vswitch.benchmarks.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one forked point printed: repetitions per metric, plus free-form values (drops, peak). */
final class Measurement
{
    final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    final List<String> lines = new ArrayList<>();

    void add(final String metric, final double value)
    {
        metrics.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    List<Double> values(final String metric)
    {
        return metrics.getOrDefault(metric, List.of());
    }

    static double median(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return Double.NaN;
        }
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
