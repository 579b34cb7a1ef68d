package bml.actors.reproduce;

import bml.actors.AtomicFiles;
import bml.actors.reproduce.ReportDocument.Figure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        ResultTable table = new ResultTable(plan.conditions(), results);
        List<Verdict> verdicts = ClaimRules.all().stream().map(rule -> rule.evaluate(table)).toList();
        List<Optional<Figure>> figures = List.of(Charts.layers(table), Charts.overSteps(table),
                Charts.diversity(table), Charts.sharedVersusPerView(table), Charts.headWidths(table));
        List<Figure> drawn = new ArrayList<>();
        figures.forEach(figure -> figure.ifPresent(drawn::add));
        ReportDocument document = ReportContent.build(plan, header, table, verdicts, figures, stopped);
        try {
            Files.createDirectories(out);
            for (Figure figure : drawn) {
                Path tmp = out.resolve(figure.file() + ".tmp");
                Files.write(tmp, figure.png());
                Files.move(tmp, out.resolve(figure.file()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicFiles.write(out.resolve(MARKDOWN), MarkdownRenderer.render(document));
            AtomicFiles.write(out.resolve(HTML), HtmlRenderer.render(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + out + ": " + e.getMessage(), e);
        }
        return new SweepOutcome(records, verdicts, out.resolve(MARKDOWN), out.resolve(HTML), stopped);
    }
}
