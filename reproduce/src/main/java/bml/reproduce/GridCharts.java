package bml.reproduce;

import bml.reproduce.ReportDocument.Figure;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The grid report's plot of every run over training; the per-layer picture is {@link Charts#layers}. */
final class GridCharts {
    private GridCharts() {}

    /** The best encoder layer's k-NN accuracy at every probe of every finished run. */
    static Optional<Figure> overSteps(List<RunResult> results) {
        List<RunResult> runs = results.stream().filter(RunResult::finished).toList();
        XYChart chart = new XYChartBuilder().width(1000).height(560 + 22 * runs.size())
                .title("Best encoder layer over training").xAxisTitle("step")
                .yAxisTitle("k-NN accuracy (true labels)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        boolean any = false;
        for (RunResult run : runs) {
            List<StepValue> values = run.bestEncoderOverSteps();
            if (values.isEmpty()) {
                continue;
            }
            String point = run.varying().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", "));
            XYSeries series = chart.addSeries(run.runId() + (point.isEmpty() ? "" : ": " + point),
                    values.stream().map(v -> (double) v.step()).toList(),
                    values.stream().map(StepValue::value).toList());
            series.setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Figure("best-encoder-over-steps.png", "Best encoder layer over training",
                    "(b) the best encoder layer's k-NN accuracy on the true labels at every probe of each run",
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the over-steps plot: " + e.getMessage(), e);
        }
    }
}
