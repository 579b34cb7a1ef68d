package bml.reproduce;

import bml.reproduce.ReportDocument.Bullets;
import bml.reproduce.ReportDocument.Code;
import bml.reproduce.ReportDocument.Figure;
import bml.reproduce.ReportDocument.Item;
import bml.reproduce.ReportDocument.Table;
import bml.runfiles.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report of a grid sweep ({@code bml sweep}): every run's swept values, final fit and final k-NN accuracy per
 * layer in one table, the per-layer picture and the best encoder layer over training, read back from the runs'
 * directories like the reproduction report; {@code report.md}, {@code report.html} and the PNGs.
 */
public final class GridReport {
    private GridReport() {}

    /** Writes the report of {@code plan} from its runs' directories; a grid has no claims, so no verdicts. */
    public static SweepOutcome write(GridPlan plan, List<RunRecord> records, ReportHeader header, boolean stopped) {
        Path out = plan.outDir();
        List<RunResult> results = records.stream()
                .map(record -> ResultReader.read(record, SweepPlan.runDirectory(out, record.run().id()), out))
                .toList();
        List<Condition> conditions = plan.runs().stream().flatMap(run -> run.conditions().stream()).toList();
        ResultTable table = new ResultTable(conditions, results);
        List<Plot> plots = List.of(new Plot("(a) k-NN per layer", Charts.layers(table)),
                new Plot("(b) best encoder layer over training", GridCharts.overSteps(results)));
        ReportDocument document = document(plan, header, results, plots, stopped);
        try {
            Files.createDirectories(out);
            for (Plot plot : plots) {
                if (plot.figure().isPresent()) {
                    Figure figure = plot.figure().get();
                    AtomicFiles.write(out.resolve(figure.file()), figure.png());
                }
            }
            AtomicFiles.write(out.resolve(ReportWriter.MARKDOWN), MarkdownRenderer.render(document));
            AtomicFiles.write(out.resolve(ReportWriter.HTML), HtmlRenderer.render(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + out + ": " + e.getMessage(), e);
        }
        return new SweepOutcome(records, List.of(), out.resolve(ReportWriter.MARKDOWN),
                out.resolve(ReportWriter.HTML), stopped);
    }

    private static ReportDocument document(GridPlan plan, ReportHeader header, List<RunResult> results,
                                           List<Plot> plots, boolean stopped) {
        ReportDocument doc = new ReportDocument();
        doc.heading(1, "bml sweep: " + plan.runs().size() + " runs over "
                + plan.axes().stream().map(GridPlan.Axis::key).collect(Collectors.joining(", ")));
        Map<String, Long> states = results.stream()
                .collect(Collectors.groupingBy(RunResult::status, TreeMap::new, Collectors.counting()));
        doc.add(new Bullets(List.of(
                new Item("Command:", "`" + header.commandLine() + "`", null, null),
                new Item("Git commit:", "`" + header.gitCommit() + "`", null, null),
                new Item("Machine:", header.cores() + " cores, " + header.os() + ", " + header.java() + ", device "
                        + header.device(), null, null),
                new Item("Grid:", plan.axes().stream().map(a -> "`" + a.key() + "` ∈ " + a.values())
                        .collect(Collectors.joining("; ")), null, null),
                new Item("Started:", header.started() + "; report written " + Instant.now(), null, null),
                new Item("Runs:", results.size() + " distinct runs (identical configurations run once); "
                        + states.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "))
                        + (stopped ? ". The sweep was stopped before every run had its turn." : ""), null, null))));
        doc.paragraph("k-NN accuracy is on the TRUE labels of the test queries against clean training images, "
                + "read from each run's `summary.json` and `metrics.jsonl`; fit is the mean batch accuracy on the "
                + "run's own training labels over its last 50 steps.");
        doc.heading(2, "Results per run");
        doc.add(table(plan, results));
        doc.heading(2, "Plots");
        for (Plot plot : plots) {
            if (plot.figure().isPresent()) {
                doc.add(plot.figure().get());
            } else {
                doc.paragraph(plot.name() + ": not drawn, none of its runs finished.");
            }
        }
        doc.heading(2, "Settings");
        doc.add(new Bullets(results.stream().map(run -> new Item(run.runId() + ":", run.varying().entrySet()
                .stream().map(e -> "`" + e.getKey() + " = " + e.getValue() + "`").collect(Collectors.joining(", "))
                + "; ", "config.conf", run.configPath())).toList()));
        doc.heading(3, "Base settings");
        doc.add(new Code(plan.base().render()));
        return doc;
    }

    private static Table table(GridPlan plan, List<RunResult> results) {
        Set<String> layerSet = new LinkedHashSet<>();
        results.forEach(run -> layerSet.addAll(run.layers()));
        List<String> header = new ArrayList<>(List.of("run"));
        plan.axes().forEach(axis -> header.add("`" + axis.key() + "`"));
        header.addAll(List.of("state", "steps", "final fit", "best encoder"));
        layerSet.forEach(layer -> header.add("`" + layer + "`"));
        List<List<String>> rows = new ArrayList<>();
        for (RunResult run : results) {
            List<String> row = new ArrayList<>(List.of(run.runId()));
            plan.axes().forEach(axis -> row.add(run.varying().getOrDefault(axis.key(), "")));
            row.addAll(List.of(run.status(), Long.toString(run.steps()), Evidence.format(run.finalTrainAccuracy()),
                    Evidence.format(run.bestEncoderFinal())));
            layerSet.forEach(layer -> row.add(Evidence.format(run.finalKnn(layer))));
            rows.add(row);
        }
        return new Table(header, rows);
    }
}
