package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a sweep: rules first, then verdicts, tables with seeds and intervals, plots and numbers. */
class ReportWriterTest {
    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final ReportHeader HEADER = new ReportHeader("bml reproduce --budget standard", "0123abcd", 2,
            "Linux", "Java 17", "cpu()", java.time.Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The report of a three-seed sweep whose results are {@link SyntheticResults#allSupported()}. */
    private SweepOutcome writeSupportingReport() {
        SweepPlan plan = SweepPlan.create(SyntheticResults.BUDGET, "shapes", 3, tmp, Optional.empty(), List.of(),
                c -> true);
        List<RunRecord> records = plan.runs().stream()
                .map(run -> new RunRecord(run, RunRecord.State.FINISHED, null, SyntheticResults.TRAIN_IMAGES, 12.5)).toList();
        return ReportWriter.write(plan, records, SyntheticResults.allSupported().table().runs(), HEADER, false);
    }

    @Test
    void statesEveryRuleBeforeAnyNumberThenVerdictsTablesPlotsAndNumbers() throws Exception {
        SweepOutcome outcome = writeSupportingReport();
        String markdown = Files.readString(tmp.resolve("report.md"));
        String html = Files.readString(tmp.resolve("report.html"));
        assertEquals(tmp.resolve("report.md"), outcome.markdown());
        for (String text : List.of("bml reproduce --budget standard", "0123abcd", "2 cores", "cpu()",
                "3 of every directly compared condition", "10 classes")) {
            assertTrue(markdown.contains(text), "header names " + text);
        }
        int rules = markdown.indexOf("## Rules");
        int verdicts = markdown.indexOf("## Verdicts");
        int numbers = markdown.indexOf("## Results per condition");
        assertTrue(0 < rules && rules < verdicts && verdicts < numbers, "rules, then verdicts, then numbers");
        for (Verdict verdict : outcome.verdicts()) {
            assertEquals(Outcome.SUPPORTED, verdict.outcome(), verdict.claim() + ": " + verdict.reason());
            int stated = markdown.indexOf(verdict.rule());
            assertTrue(rules < stated && stated < verdicts, verdict.claim() + "'s rule stated before the numbers");
            assertTrue(markdown.indexOf(verdict.quote()) < verdicts, verdict.claim() + " quotes its sentence first");
            assertTrue(markdown.contains("### " + verdict.claim() + ", " + verdict.title() + ": supported"));
            assertTrue(html.contains(HtmlRenderer.inline(verdict.rule())), verdict.claim() + " rule in the HTML");
        }
        assertTrue(markdown.contains("this sweep supports C1, C2, C3, C4, C5, C6."), markdown);
        assertTrue(markdown.contains("| random-full: random labels, full augmentation, fresh views | random-full, "
                + "random-full-s2, random-full-s3 | 3 finished | 0.810 (0.780–0.810) | "), markdown);
        assertTrue(markdown.contains("| 0.614 (0.552–0.672) [0.521, 0.701] |"),
                "best encoder k-NN: median, seeds' min–max, union of their intervals");
        assertTrue(markdown.contains("| true-full: true labels, full augmentation | true-full, true-full-s2, "
                + "true-full-s3 | 3 finished | 0.997 (0.997–0.997) |"), markdown);
        assertTrue(markdown.contains("| 0.250 (0.250–0.250) → 0.614 (0.552–0.672) [0.521, 0.701] |"),
                "b4 from the recalibrated untrained network to the end: " + markdown);
        assertTrue(markdown.contains("[config.conf](runs/random-full-s2/config.conf)"), "links each run's config");
        assertTrue(html.contains("<table>") && html.contains("<td>random-full, random-full-s2, random-full-s3</td>"));
        List<String> pngs = List.of("knn-per-layer.png", "conditions-over-steps.png", "diversity-sweep.png",
                "shared-vs-per-view.png", "head-width.png", "iid-views.png");
        for (String png : pngs) {
            assertTrue(markdown.contains("](" + png + ")"), "markdown shows " + png);
            assertPng(Files.readAllBytes(tmp.resolve(png)));
        }
        Matcher images = DATA_URI.matcher(html);
        int embedded = 0;
        while (images.find()) {
            assertPng(Base64.getDecoder().decode(images.group(1)));
            embedded++;
        }
        assertEquals(pngs.size(), embedded, "every plot is embedded in the HTML");
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "the HTML needs nothing else");
    }

    /** Numbers (fit, best encoder at step 0, at the end, logits at the end) of each run's files. */
    private static final Map<String, double[]> FILES = Map.ofEntries(
            Map.entry("random-none", new double[] {0.99, 0.20, 0.21, 0.10}),
            Map.entry("random-full", new double[] {0.60, 0.20, 0.55, 0.30}),
            Map.entry("true-full", new double[] {0.99, 0.20, 0.60, 0.95}));

    /**
     * A one-seed sweep read back from run files as bml writes them (clean fit, recalibrated baseline and every k-NN
     * interval included): the report shows what was measured and says why each rule cannot test one seed.
     */
    @Test
    void aReportFromRunFilesShowsTheirIntervalsSaysWhatIsNotTestedAndWhyAndListsAFailedRun() throws Exception {
        SweepPlan plan = SweepPlan.create(Budget.QUICK, "shapes", tmp, Optional.empty(), List.of(),
                c -> c.group() == Condition.Group.BASELINES);
        List<RunRecord> records = new ArrayList<>();
        for (PlannedRun run : plan.runs()) {
            if (run.id().equals("random-none")) {
                records.add(new RunRecord(run, RunRecord.State.FAILED, "data.path /missing does not exist", 0, 0.2));
                continue;
            }
            double[] numbers = FILES.get(run.id());
            SyntheticRunFiles.write(SweepPlan.runDirectory(tmp, run.id()), 100, 25, numbers[0], numbers[1],
                    numbers[2], numbers[3]);
            records.add(new RunRecord(run, RunRecord.State.FINISHED, null, 500, 12.5));
        }
        SweepOutcome outcome = ReportWriter.write(plan, records, HEADER, false);
        String markdown = Files.readString(tmp.resolve("report.md"));
        assertTrue(markdown.contains("**random-none failed:** data.path /missing does not exist"), markdown);
        assertTrue(markdown.contains("| random-none: random labels, no augmentation | random-none | failed |"));
        assertTrue(markdown.contains("| random-full: random labels, full augmentation, fresh views | random-full | "
                + "finished | 0.750 | 0.600 | 0.550 [0.530, 0.570] | 0.210 [0.190, 0.230] | 0.300 [0.280, 0.320] | "
                + "100 | 25.6 | 12.5 |"), markdown);
        assertTrue(markdown.contains("| 0.210 → 0.550 [0.530, 0.570] |"),
                "b4 from the recalibrated untrained network to the end, with the end's interval");
        Verdict c1 = outcome.verdicts().get(0);
        assertEquals(Outcome.NOT_TESTED, c1.outcome());
        assertTrue(c1.reason().contains("the sweep planned 1 seed of random-full"), c1.reason());
        for (Verdict verdict : outcome.verdicts()) {
            assertEquals(Outcome.NOT_TESTED, verdict.outcome(), verdict.claim() + ": " + verdict.reason());
            assertTrue(markdown.contains("### " + verdict.claim() + ", " + verdict.title() + ": not tested"));
        }
        assertTrue(markdown.contains("this sweep does not test C1, C2, C3, C4, C5, C6 (its run set or budget "
                + "cannot)."), markdown);
    }

    private static void assertPng(byte[] bytes) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "decodes as an image");
        assertTrue(image.getWidth() > 100, "width " + image.getWidth());
    }
}
