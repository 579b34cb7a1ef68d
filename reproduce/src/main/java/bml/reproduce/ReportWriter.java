package bml.reproduce;

import bml.runfiles.AtomicFiles;
import bml.reproduce.ReportDocument.Figure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads every run of a sweep back, judges the claims, draws the plots and writes {@code report.md},
 * {@code report.html} and the PNGs into the sweep's output directory.
 */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    private ReportWriter() {}

    /** Writes the report of {@code plan} from its runs' directories and returns where it went. */
    public static SweepOutcome write(SweepPlan plan, List<RunRecord> records, ReportHeader header, boolean stopped) {
        Path out = plan.outDir();
        List<RunResult> results = records.stream()
                .map(record -> ResultReader.read(record, SweepPlan.runDirectory(out, record.run().id()), out))
                .toList();
        return write(plan, records, results, header, stopped);
    }

    /** Writes the report of {@code plan} from results already read (one per record, in the same order). */
    static SweepOutcome write(SweepPlan plan, List<RunRecord> records, List<RunResult> results, ReportHeader header,
                              boolean stopped) {
        Path out = plan.outDir();
        ResultTable table = new ResultTable(plan.conditions(), results, DataClasses.of(plan.base().data()));
        List<Verdict> verdicts = ClaimRules.all().stream().map(rule -> rule.evaluate(table)).toList();
        List<Plot> plots = List.of(new Plot("(a) k-NN per layer", Charts.layers(table)),
                new Plot("(b) random-none, random-full and true-full over training", Charts.overSteps(table)),
                new Plot("(c) diversity sweep", Charts.diversity(table)),
                new Plot("(d) shared vs per-view labels", Charts.sharedVersusPerView(table)),
                new Plot("(e) projector width", Charts.headWidths(table)),
                new Plot("(f) i.i.d. same-class views", Charts.iid(table)));
        ReportDocument document = ReportContent.build(plan, header, table, verdicts, plots, stopped);
        try {
            Files.createDirectories(out);
            for (Plot plot : plots) {
                if (plot.figure().isPresent()) {
                    Figure figure = plot.figure().get();
                    AtomicFiles.write(out.resolve(figure.file()), figure.png());
                }
            }
            AtomicFiles.write(out.resolve(MARKDOWN), MarkdownRenderer.render(document));
            AtomicFiles.write(out.resolve(HTML), HtmlRenderer.render(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + out + ": " + e.getMessage(), e);
        }
        return new SweepOutcome(records, verdicts, out.resolve(MARKDOWN), out.resolve(HTML), stopped);
    }
}
