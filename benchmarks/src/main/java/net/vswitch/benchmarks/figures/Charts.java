package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Headless PNG of a figure: the median per point, with min/max as error bars. */
final class Charts
{
    private Charts()
    {
    }

    static void png(final FigureData figure, final Path file, final String machine) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(900).height(560)
            .title(figure.title).xAxisTitle(figure.xLabel).yAxisTitle(figure.yLabel).build();
        chart.getStyler().setXAxisLogarithmic(figure.logX);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        for (final Map.Entry<String, Map<Double, List<Double>>> s : figure.series.entrySet())
        {
            final int n = s.getValue().size();
            final double[] x = new double[n];
            final double[] y = new double[n];
            final double[] error = new double[n];
            int i = 0;
            for (final var p : s.getValue().entrySet())
            {
                x[i] = p.getKey();
                y[i] = Measurement.median(p.getValue());
                error[i] = (Measurement.max(p.getValue()) - Measurement.min(p.getValue())) / 2;
                i++;
            }
            final XYSeries series = chart.addSeries(s.getKey(), x, y, error);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        final String title = figure.title + " — " + machine;
        chart.setTitle(title);
        // a long title (figure 7's names its workloads) shrinks to fit the 900 px width instead of being cut
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont()
            .deriveFont(Math.max(9f, Math.min(14f, 1250f / title.length()))));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
