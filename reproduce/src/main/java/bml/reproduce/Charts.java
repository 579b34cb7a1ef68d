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
import java.util.function.ToDoubleFunction;
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

    /** Series colours, one per condition, its seeds drawn alike. */
    private static final List<Color> PALETTE = List.of(new Color(0x1F77B4), new Color(0xD62728),
            new Color(0x2CA02C), new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2),
            new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF));
    private static final BasicStroke THIN = new BasicStroke(1f);

    /**
     * (a) The paper's layer picture: final k-NN per layer for each finished run, every seed of a condition in the
     * same colour (the legend names the first); dashed: random-full's untrained network (recalibrated when recorded).
     */
    static Optional<Figure> layers(ResultTable table) {
        List<RunResult> firsts = table.runs().stream().filter(RunResult::finished)
                .filter(run -> run.replicate() == 0).toList();
        if (firsts.isEmpty()) {
            return Optional.empty();
        }
        List<String> layers = layerOrder(firsts);
        XYChart chart = xy("k-NN accuracy per layer at the end of each run", "layer", "k-NN accuracy (true labels)",
                HEIGHT + 22 * firsts.size());
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> tick(layers, x));
        for (int i = 0; i < firsts.size(); i++) {
            RunResult first = firsts.get(i);
            List<RunResult> seeds = table.finishedReplicates(first.conditionIds().get(0));
            Color color = PALETTE.get(i % PALETTE.size());
            for (RunResult run : seeds) {
                String name = run == seeds.get(0) ? first.label() + (seeds.size() > 1 ? " (" + seeds.size()
                        + " seeds)" : "") : run.runId();
                colour(series(chart, name, layers, run.knnFinal()), color, run != seeds.get(0));
            }
        }
        table.finished(Conditions.RANDOM_FULL).ifPresent(run -> {
            boolean calibrated = run.hasCalibratedBaseline();
            XYSeries step0 = series(chart, run.runId() + ", untrained" + (calibrated ? " (BatchNorm recalibrated)"
                    : " (as initialised)"), layers, calibrated ? run.knnStep0Calibrated() : run.knnStep0());
            if (step0 != null) {
                step0.setLineStyle(DASHED);
                step0.setLineColor(Color.DARK_GRAY);
                step0.setMarkerColor(Color.DARK_GRAY);
            }
        });
        return figure(chart, "knn-per-layer.png", "k-NN accuracy per layer",
                "(a) k-NN accuracy on the true labels of every probed layer at the end of each run; a condition's "
                        + "seeds share its colour (its later seeds thin, unnamed); dashed: random-full's untrained "
                        + "network, same probe");
    }

    /** (b) Best encoder k-NN (solid) and training accuracy (dashed) over steps, every seed of the baselines. */
    static Optional<Figure> overSteps(ResultTable table) {
        XYChart chart = xy("random-none, random-full and true-full over training", "step", "accuracy");
        boolean any = false;
        List<String> ids = List.of(Conditions.RANDOM_NONE, Conditions.RANDOM_FULL, Conditions.TRUE_FULL);
        List<Color> colors = List.of(new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C));
        for (int i = 0; i < ids.size(); i++) {
            List<RunResult> seeds = table.finishedReplicates(ids.get(i));
            for (RunResult run : seeds) {
                boolean later = run != seeds.get(0);
                String name = later ? run.runId() : ids.get(i);
                XYSeries knn = line(chart, name + ": best encoder k-NN", run.bestEncoderOverSteps());
                XYSeries fit = line(chart, name + ": train accuracy", run.trainAccuracyOverSteps());
                any |= colour(knn, colors.get(i), later) | colour(fit, colors.get(i), later);
                if (fit != null) {
                    fit.setLineStyle(DASHED);
                }
            }
        }
        return any ? figure(chart, "conditions-over-steps.png", "random-none, random-full and true-full over training",
                "(b) best encoder layer's k-NN accuracy (solid) and mean training accuracy on the run's labels "
                        + "between probes (dashed) for random-none, random-full and true-full; every seed is drawn, "
                        + "the later ones thin and unnamed") : Optional.empty();
    }

    /**
     * (c) The fit on the views trained on (what C4 judges), the clean fit when recorded, and the best encoder k-NN
     * against views per sample, fresh views rightmost.
     */
    static Optional<Figure> diversity(ResultTable table) {
        List<Condition> points = table.group(Condition.Group.DIVERSITY).stream()
                .filter(c -> table.finished(c.id()).isPresent()).toList();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        boolean clean = points.stream().allMatch(c -> table.finished(c.id()).orElseThrow().hasCleanFit());
        List<Double> x = new ArrayList<>();
        List<Double> viewsFit = new ArrayList<>();
        List<Double> cleanFit = new ArrayList<>();
        List<Double> knn = new ArrayList<>();
        List<Double> seedX = new ArrayList<>();
        List<Double> seedKnn = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Condition point : points) {
            List<RunResult> seeds = table.finishedReplicates(point.id());
            double position = x.size();
            x.add(position);
            viewsFit.add(median(seeds, RunResult::finalTrainAccuracy));
            cleanFit.add(median(seeds, RunResult::cleanFit));
            knn.add(median(seeds, RunResult::bestEncoderFinal));
            seeds.forEach(r -> {
                seedX.add(position);
                seedKnn.add(r.bestEncoderFinal());
            });
            labels.add(Double.isInfinite(point.x()) ? "fresh" : Long.toString((long) point.x()));
        }
        XYChart chart = xy("Diversity sweep: random labels, full augmentation",
                "views per sample n (fresh = a new view every time)", "accuracy");
        // Evenly spaced points labelled at whole positions, as the layer plot: XChart 3.8 widens its tick step until
        // all labels differ, so off-point ticks must fall between whole positions (knowm/XChart#799).
        chart.getStyler().setxAxisTickLabelsFormattingFunction(value -> tick(labels, value));
        xyLine(chart, "fit on the views, last 50 steps (random labels), median over seeds", x, viewsFit);
        if (clean) {
            xyLine(chart, "clean fit (random labels), median over seeds", x, cleanFit);
        }
        xyLine(chart, "best encoder k-NN at the end, median over seeds", x, knn);
        XYSeries each = xyLine(chart, "best encoder k-NN of each seed", seedX, seedKnn);
        if (each != null) {
            each.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return figure(chart, "diversity-sweep.png", "Diversity sweep",
                "(c) the fit on the views trained on (mean batch accuracy over the last 50 steps; what C4 judges)"
                        + (clean ? ", the clean fit" : "") + " and the best encoder k-NN against the number of "
                        + "views per sample (evenly spaced); the rightmost point, labelled fresh, is random-full, "
                        + "whose seeds are shown as points");
    }

    private static double median(List<RunResult> seeds, ToDoubleFunction<RunResult> figure) {
        return new Estimate(seeds.stream().map(r -> Measure.point(figure.applyAsDouble(r))).toList()).median();
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

    /** (f) Best encoder k-NN and fit against K same-class images per sample, random-full's k-NN beside. */
    static Optional<Figure> iid(ResultTable table) {
        List<Condition> points = table.group(Condition.Group.IID).stream()
                .filter(c -> table.finished(c.id()).isPresent()).toList();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        List<Double> x = new ArrayList<>();
        List<Double> fit = new ArrayList<>();
        List<Double> knn = new ArrayList<>();
        for (Condition point : points) {
            RunResult run = table.finished(point.id()).orElseThrow();
            x.add(point.x());
            fit.add(run.finalTrainAccuracy());
            knn.add(run.bestEncoderFinal());
        }
        XYChart chart = xy("i.i.d. control: K same-class images per sample under its random label",
                "K (images per sample)", "accuracy");
        xyLine(chart, "final train accuracy (random labels)", x, fit);
        xyLine(chart, "best encoder k-NN at the end", x, knn);
        List<RunResult> full = table.finishedReplicates(Conditions.RANDOM_FULL);
        if (!full.isEmpty()) {
            double beside = new Estimate(full.stream().map(RunResult::bestEncoderFinalMeasure).toList()).median();
            XYSeries line = xyLine(chart, "random-full best encoder k-NN (median over seeds)",
                    List.of(x.get(0), x.get(x.size() - 1)), List.of(beside, beside));
            if (line != null) {
                line.setLineStyle(DASHED);
            }
        }
        return figure(chart, "iid-views.png", "i.i.d. same-class views",
                "(f) final training accuracy and best encoder k-NN against K, the number of other same-class "
                        + "training images that replace a sample's views; dashed: random-full's best encoder k-NN");
    }

    /** Sets a series' colour; a later seed is drawn thin and left out of the legend. True when there was one. */
    private static boolean colour(XYSeries series, Color color, boolean laterSeed) {
        if (series == null) {
            return false;
        }
        series.setLineColor(color);
        series.setMarkerColor(color);
        if (laterSeed) {
            series.setLineStyle(THIN);
            series.setShowInLegend(false);
        }
        return true;
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

    private static Optional<Figure> figure(Chart<?, ?> chart, String file, String title, String caption) {
        try {
            return Optional.of(new Figure(file, title, caption,
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + file + ": " + e.getMessage(), e);
        }
    }
}
