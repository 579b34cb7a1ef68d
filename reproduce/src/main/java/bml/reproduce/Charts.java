package bml.reproduce;

import bml.reproduce.ReportDocument.Figure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn with XChart into PNG bytes (headless): each is empty when its runs did not finish.
 *
 * <p>Only finished runs are drawn; a plot with nothing to draw is left out and the report says so.
 */
final class Charts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Charts() {}

    /** (a) The paper's layer picture: final k-NN per layer for each run, random-full's step 0 dashed. */
    static Optional<Figure> layers(ResultTable table) {
        List<RunResult> runs = table.runs().stream().filter(RunResult::finished).toList();
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        List<String> layers = layerOrder(runs);
        XYChart chart = xy("k-NN accuracy per layer at the end of each run", "layer", "k-NN accuracy (true labels)",
                HEIGHT + 22 * runs.size());
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> tick(layers, x));
        for (RunResult run : runs) {
            series(chart, run.label(), layers, run.knnFinal());
        }
        table.finished(Conditions.RANDOM_FULL).ifPresent(run -> {
            XYSeries step0 = series(chart, run.runId() + ", step 0 (untrained)", layers, run.knnStep0());
            if (step0 != null) {
                step0.setLineStyle(DASHED);
                step0.setLineColor(Color.DARK_GRAY);
                step0.setMarkerColor(Color.DARK_GRAY);
            }
        });
        return figure(chart, "knn-per-layer.png", "k-NN accuracy per layer",
                "(a) k-NN accuracy on the true labels of every probed layer at the end of each run; dashed: "
                        + "random-full at step 0 (the untrained network, same probe)");
    }

    /** (b) Best encoder k-NN (solid) and training accuracy (dashed) over steps for conditions 1–3. */
    static Optional<Figure> overSteps(ResultTable table) {
        XYChart chart = xy("Conditions 1-3 over training", "step", "accuracy");
        boolean any = false;
        List<String> ids = List.of(Conditions.RANDOM_NONE, Conditions.RANDOM_FULL, Conditions.TRUE_FULL);
        List<Color> colors = List.of(new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C));
        for (int i = 0; i < ids.size(); i++) {
            Optional<RunResult> run = table.finished(ids.get(i));
            if (run.isEmpty()) {
                continue;
            }
            XYSeries knn = line(chart, ids.get(i) + ": best encoder k-NN", run.get().bestEncoderOverSteps());
            XYSeries fit = line(chart, ids.get(i) + ": train accuracy", run.get().trainAccuracyOverSteps());
            for (XYSeries series : java.util.Arrays.asList(knn, fit)) {
                if (series != null) {
                    series.setLineColor(colors.get(i));
                    series.setMarkerColor(colors.get(i));
                    any = true;
                }
            }
            if (fit != null) {
                fit.setLineStyle(DASHED);
            }
        }
        return any ? figure(chart, "conditions-over-steps.png", "Conditions 1-3 over training",
                "(b) best encoder layer's k-NN accuracy (solid) and mean training accuracy on the run's labels "
                        + "between probes (dashed) for random-none, random-full and true-full") : Optional.empty();
    }

    /** (c) Training accuracy and best encoder k-NN against views per sample n, fresh views rightmost. */
    static Optional<Figure> diversity(ResultTable table) {
        List<Condition> points = table.group(Condition.Group.DIVERSITY).stream()
                .filter(c -> table.finished(c.id()).isPresent()).toList();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        double maxFinite = table.group(Condition.Group.DIVERSITY).stream().mapToDouble(Condition::x)
                .filter(Double::isFinite).max().orElse(1);
        double freshPosition = log2(Math.max(1, maxFinite)) + 2;
        List<Double> x = new ArrayList<>();
        List<Double> fit = new ArrayList<>();
        List<Double> knn = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Condition point : points) {
            RunResult run = table.finished(point.id()).orElseThrow();
            double position = Double.isInfinite(point.x()) ? freshPosition : log2(point.x());
            x.add(position);
            fit.add(run.finalTrainAccuracy());
            knn.add(run.bestEncoderFinal());
            labels.add(Double.isInfinite(point.x()) ? "fresh" : Long.toString((long) point.x()));
        }
        XYChart chart = xy("Diversity sweep: random labels, full augmentation",
                "views per sample n (log scale; fresh = a new view every time)", "accuracy");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(value -> {
            for (int i = 0; i < x.size(); i++) {
                if (Math.abs(x.get(i) - value) < 1e-6) {
                    return labels.get(i);
                }
            }
            return "";
        });
        xyLine(chart, "final train accuracy (random labels)", x, fit);
        xyLine(chart, "best encoder k-NN at the end", x, knn);
        return figure(chart, "diversity-sweep.png", "Diversity sweep",
                "(c) final training accuracy on the random labels and best encoder k-NN against the number of "
                        + "views per sample (log scale); the rightmost point, labelled fresh, is random-full");
    }

    /** (d) Final training accuracy with shared labels vs a label per view, for each n of the capacity control. */
    static Optional<Figure> sharedVersusPerView(ResultTable table) {
        List<String> categories = new ArrayList<>();
        List<Double> shared = new ArrayList<>();
        List<Double> perView = new ArrayList<>();
        for (Condition condition : table.group(Condition.Group.PER_VIEW_LABELS)) {
            String twin = "shared-" + (long) condition.x();
            Optional<RunResult> own = table.finished(condition.id());
            Optional<RunResult> common = table.finished(twin);
            if (own.isPresent() && common.isPresent()) {
                categories.add("n = " + (long) condition.x());
                shared.add(common.get().finalTrainAccuracy());
                perView.add(own.get().finalTrainAccuracy());
            }
        }
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = bars("Capacity control: shared vs per-view random labels", "views per sample",
                "final train accuracy");
        chart.addSeries("one label per sample (shared by its views)", categories, shared);
        chart.addSeries("one label per view", categories, perView);
        return figure(chart, "shared-vs-per-view.png", "Shared vs per-view labels",
                "(d) final training accuracy on the random labels with n fixed views per sample, when the views "
                        + "share their sample's label and when each view has its own");
    }

    /** (e) Final training accuracy and best encoder k-NN for each projector width. */
    static Optional<Figure> headWidths(ResultTable table) {
        List<String> categories = new ArrayList<>();
        List<Double> fit = new ArrayList<>();
        List<Double> knn = new ArrayList<>();
        for (Condition condition : table.group(Condition.Group.HEAD_WIDTH)) {
            table.finished(condition.id()).ifPresent(run -> {
                categories.add(Long.toString((long) condition.x()));
                fit.add(run.finalTrainAccuracy());
                knn.add(run.bestEncoderFinal());
            });
        }
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = bars("Projector width: random labels, full augmentation", "head width", "accuracy");
        chart.addSeries("final train accuracy (random labels)", categories, fit);
        chart.addSeries("best encoder k-NN at the end", categories, knn);
        return figure(chart, "head-width.png", "Projector width",
                "(e) final training accuracy on the random labels and best encoder k-NN for each projector width");
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        return xy(title, xTitle, yTitle, HEIGHT);
    }

    private static XYChart xy(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    private static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        return chart;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
    }

    /** A series over layer positions; layers a run did not probe are left out. */
    private static XYSeries series(XYChart chart, String name, List<String> layers,
                                   java.util.Map<String, Double> knn) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Double value = knn.get(layers.get(i));
            if (value != null && !value.isNaN()) {
                x.add((double) i);
                y.add(value);
            }
        }
        return xyLine(chart, name, x, y);
    }

    private static XYSeries line(XYChart chart, String name, List<StepValue> values) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (StepValue value : values) {
            if (!Double.isNaN(value.value())) {
                x.add((double) value.step());
                y.add(value.value());
            }
        }
        return xyLine(chart, name, x, y);
    }

    private static XYSeries xyLine(XYChart chart, String name, List<Double> x, List<Double> y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (!y.get(i).isNaN()) {
                xs.add(x.get(i));
                ys.add(y.get(i));
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    private static List<String> layerOrder(List<RunResult> runs) {
        Set<String> layers = new LinkedHashSet<>();
        runs.forEach(run -> layers.addAll(run.layers()));
        return List.copyOf(layers);
    }

    private static String tick(List<String> layers, double x) {
        int index = (int) Math.round(x);
        return Math.abs(x - index) < 1e-6 && index >= 0 && index < layers.size() ? layers.get(index) : "";
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }

    private static Optional<Figure> figure(Chart<?, ?> chart, String file, String title, String caption) {
        try {
            return Optional.of(new Figure(file, title, caption,
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + file + ": " + e.getMessage(), e);
        }
    }
}
