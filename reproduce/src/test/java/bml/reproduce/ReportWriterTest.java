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

/** The report of a sweep whose run directories hold made-up but well-formed results. */
class ReportWriterTest {
    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Numbers (fit, best encoder at step 0, at the end, logits at the end) under which every claim holds. */
    private static final Map<String, double[]> SUPPORTING = Map.ofEntries(
            Map.entry("random-none", new double[] {0.99, 0.20, 0.21, 0.10}),
            Map.entry("random-full", new double[] {0.60, 0.20, 0.55, 0.30}),
            Map.entry("true-full", new double[] {0.99, 0.20, 0.60, 0.95}),
            Map.entry("views-1", new double[] {1.00, 0.20, 0.30, 0.10}),
            Map.entry("views-4", new double[] {0.90, 0.20, 0.40, 0.20}),
            Map.entry("views-16", new double[] {0.80, 0.20, 0.45, 0.20}),
            Map.entry("views-64", new double[] {0.70, 0.20, 0.50, 0.20}),
            Map.entry("per-view-4", new double[] {0.20, 0.20, 0.30, 0.10}),
            Map.entry("per-view-16", new double[] {0.12, 0.20, 0.30, 0.10}),
            Map.entry("noise-0.5", new double[] {0.70, 0.20, 0.57, 0.60}),
            Map.entry("head-64", new double[] {0.40, 0.20, 0.50, 0.20}));

    private SweepOutcome writeSupportingReport(String failing) throws Exception {
        SweepPlan plan = SweepPlan.create(Budget.QUICK, "shapes", tmp, Optional.empty(), List.of());
        List<RunRecord> records = new ArrayList<>();
        for (PlannedRun run : plan.runs()) {
            if (run.id().equals(failing)) {
                records.add(new RunRecord(run, RunRecord.State.FAILED, "data.path /missing does not exist", 0, 0.2));
                continue;
            }
            double[] numbers = SUPPORTING.get(run.id());
            SyntheticRunFiles.write(SweepPlan.runDirectory(tmp, run.id()), 100, 25, numbers[0], numbers[1],
                    numbers[2], numbers[3]);
            records.add(new RunRecord(run, RunRecord.State.FINISHED, null, 500, 12.5));
        }
        ReportHeader header = new ReportHeader("bml reproduce --budget quick", "0123abcd", 2, "Linux", "Java 17",
                "cpu()", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        return ReportWriter.write(plan, records, header, false);
    }

    @Test
    void writesMarkdownAndHtmlWithTablesPlotsAndEveryVerdict() throws Exception {
        SweepOutcome outcome = writeSupportingReport("");
        String markdown = Files.readString(tmp.resolve("report.md"));
        String html = Files.readString(tmp.resolve("report.html"));
        assertEquals(tmp.resolve("report.md"), outcome.markdown());
        for (String text : List.of("bml reproduce --budget quick", "0123abcd", "2 cores", "cpu()", "quick")) {
            assertTrue(markdown.contains(text), "header names " + text);
        }
        assertTrue(markdown.contains("| condition | run | state | final train acc | clean fit | steps | views per sample |"));
        assertTrue(markdown.contains("| random-full: random labels, full augmentation, fresh views | random-full | "
                + "finished | 0.600 | 0.750 | 100 | 25.6 | 12.5 | 0.170 (0.180) → 0.170 |"), markdown);
        assertTrue(markdown.contains("0.200 (0.210) → 0.550"), "b4 from step 0 (BN-recalibrated) to the end");
        assertTrue(markdown.contains("[config.conf](runs/random-full/config.conf)"), "links each run's config");
        for (Verdict verdict : outcome.verdicts()) {
            assertEquals(Outcome.SUPPORTED, verdict.outcome(), verdict.claim() + ": " + verdict.reason());
            assertTrue(markdown.contains("### " + verdict.claim() + ", " + verdict.title() + ": supported"));
            assertTrue(markdown.contains(verdict.rule()));
            assertTrue(html.contains(HtmlRenderer.inline(verdict.rule())), verdict.claim() + " rule in the HTML");
        }
        assertTrue(markdown.contains("this sweep supports C1, C2, C3, C4, C5."), markdown);
        assertTrue(html.contains("<table>") && html.contains("<td>random-full</td>"));
        for (String png : List.of("knn-per-layer.png", "conditions-over-steps.png", "diversity-sweep.png",
                "shared-vs-per-view.png", "head-width.png")) {
            assertTrue(markdown.contains("](" + png + ")"), "markdown shows " + png);
            assertPng(Files.readAllBytes(tmp.resolve(png)));
        }
        Matcher images = DATA_URI.matcher(html);
        int embedded = 0;
        while (images.find()) {
            assertPng(Base64.getDecoder().decode(images.group(1)));
            embedded++;
        }
        assertEquals(5, embedded, "every plot is embedded in the HTML");
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "the HTML needs nothing else");
    }

    @Test
    void aFailedRunIsReportedAndItsClaimsAreInconclusive() throws Exception {
        SweepOutcome outcome = writeSupportingReport("random-none");
        String markdown = Files.readString(tmp.resolve("report.md"));
        assertTrue(markdown.contains("**random-none failed:** data.path /missing does not exist"), markdown);
        assertTrue(markdown.contains("| random-none: random labels, no augmentation | random-none | failed |"));
        assertEquals(Outcome.INCONCLUSIVE, outcome.verdicts().get(0).outcome());
        assertEquals(Outcome.INCONCLUSIVE, outcome.verdicts().get(1).outcome());
        assertEquals(Outcome.SUPPORTED, outcome.verdicts().get(3).outcome());
    }

    private static void assertPng(byte[] bytes) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "decodes as an image");
        assertTrue(image.getWidth() > 100, "width " + image.getWidth());
    }
}
