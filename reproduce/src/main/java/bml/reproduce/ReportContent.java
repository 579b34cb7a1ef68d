package bml.reproduce;

import bml.config.BmlSettings;
import bml.reproduce.ReportDocument.Bullets;
import bml.reproduce.ReportDocument.Code;
import bml.reproduce.ReportDocument.Item;
import bml.reproduce.ReportDocument.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lays out a sweep's report: header, the rules (before any number), verdicts, the per-condition tables, plots, each
 * claim's numbers, and the settings.
 */
final class ReportContent {
    private ReportContent() {}

    static ReportDocument build(SweepPlan plan, ReportHeader header, ResultTable table, List<Verdict> verdicts,
                                List<Plot> plots, boolean stopped) {
        ReportDocument doc = new ReportDocument();
        doc.heading(1, "bml reproduce: benign memorization, " + plan.budget().name() + " budget on " + plan.data());
        header(doc, plan, header, table, stopped);
        rules(doc, verdicts);
        verdictSummary(doc, verdicts);
        conditionTable(doc, table);
        layerTable(doc, table);
        plots(doc, plots);
        claims(doc, verdicts);
        settings(doc, plan, table);
        return doc;
    }

    private static void header(ReportDocument doc, SweepPlan plan, ReportHeader header, ResultTable table,
                               boolean stopped) {
        BmlSettings base = plan.base();
        Map<String, Long> states = table.runs().stream()
                .collect(Collectors.groupingBy(RunResult::status, java.util.TreeMap::new, Collectors.counting()));
        List<Item> items = new ArrayList<>();
        items.add(new Item("Command:", "`" + header.commandLine() + "`", null, null));
        items.add(new Item("Git commit:", "`" + header.gitCommit() + "`", null, null));
        items.add(new Item("Machine:", header.cores() + " cores (Runtime.availableProcessors), " + header.os() + ", "
                + header.java() + ", device " + header.device(), null, null));
        items.add(new Item("Budget:", plan.budget().name() + ": " + plan.budget().description(), null, null));
        items.add(new Item("Seeds:", plan.seeds() + " of every directly compared condition (random-none, "
                + "random-full, true-full and the label-noise sweep), with independent label and initial-weight "
                + "seeds; one per point of the trend sweeps", null, null));
        items.add(new Item("Data:", base.data().source() + (base.data().path().isBlank() ? ""
                : " from " + base.data().path()) + ", " + base.data().trainSize() + " train / "
                + base.data().testSize() + " test images requested (0 = all)"
                + (table.classes() > 0 ? ", " + table.classes() + " classes" : ""), null, null));
        items.add(new Item("Started:", header.started() + "; report written " + Instant.now(), null, null));
        items.add(new Item("Runs:", table.runs().size() + " distinct runs for " + table.conditions().size()
                + " conditions (identical configurations run once); " + states.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + (stopped ? ". The sweep was stopped before every run had its turn." : ""), null, null));
        doc.add(new Bullets(items));
        doc.paragraph("Every number below was measured by the runs of this sweep and read back from their "
                + "`summary.json` and `metrics.jsonl`. k-NN accuracy is on the TRUE labels of "
                + base.probe().querySize() + " test images against a bank of " + base.probe().bankSize()
                + " clean training images (k = " + base.probe().k() + ", " + base.probe().weighting()
                + " vote, cosine on globally pooled, L2-normalised features), probed at step 0 and every "
                + base.probe().every() + " steps; each carries a 95% bootstrap interval over the queries. The "
                + "untrained network is probed as initialised and with its BatchNorm statistics recalibrated on the "
                + "bank (at initialisation eval-mode BatchNorm normalises nothing); gains over initialisation are "
                + "measured from the recalibrated one. The best encoder layer is the highest k-NN over the layers "
                + "before `head` (`input`, the raw pixels, excluded). Clean fit is the eval-mode accuracy on the "
                + "clean training images against the run's own labels; training accuracy is the mean batch "
                + "accuracy on augmented views over the last 50 steps.");
    }

    private static void rules(ReportDocument doc, List<Verdict> verdicts) {
        doc.heading(2, "Rules");
        doc.paragraph("Each claim's rule was fixed in the code (package `bml.reproduce`) before any run of this sweep "
                + "started; it is stated here before any number. A rule answers supported, not supported, "
                + "inconclusive (the runs ran but do not decide) or not tested (this sweep's run set or budget "
                + "cannot test it, with the reason).");
        for (Verdict verdict : verdicts) {
            doc.heading(3, verdict.claim() + ": " + verdict.title());
            doc.paragraph("Tests.", verdict.quote());
            doc.paragraph("Rule.", verdict.rule());
        }
    }

    private static void verdictSummary(ReportDocument doc, List<Verdict> verdicts) {
        doc.heading(2, "Verdicts");
        List<Item> items = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            items.add(new Item(verdict.claim() + " (" + verdict.title() + "): " + verdict.outcome().label() + ".",
                    verdict.reason(), null, null));
        }
        doc.add(new Bullets(items));
        doc.paragraph("In plain words: this sweep " + plainly(verdicts) + " Each verdict's numbers are under Claims "
                + "below.");
    }

    static String plainly(List<Verdict> verdicts) {
        List<String> parts = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            List<String> claims = verdicts.stream().filter(v -> v.outcome() == outcome).map(Verdict::claim).toList();
            if (!claims.isEmpty()) {
                String which = String.join(", ", claims);
                parts.add(switch (outcome) {
                    case SUPPORTED -> "supports " + which;
                    case NOT_SUPPORTED -> "does not support " + which;
                    case INCONCLUSIVE -> "cannot decide " + which + " (inconclusive)";
                    case NOT_TESTED -> "does not test " + which + " (its run set or budget cannot)";
                });
            }
        }
        return String.join("; ", parts) + ".";
    }

    private static void conditionTable(ReportDocument doc, ResultTable table) {
        doc.heading(2, "Results per condition");
        List<String> header = List.of("condition", "runs", "state", "clean fit", "final train acc",
                "best encoder k-NN, end", "best encoder, untrained (recalibrated)", "`logits`, end", "steps",
                "views per sample", "wall time (s)");
        List<List<String>> rows = new ArrayList<>();
        for (Condition condition : table.conditions()) {
            List<RunResult> runs = table.replicates(condition.id());
            if (runs.isEmpty()) {
                continue;
            }
            List<RunResult> done = runs.stream().filter(RunResult::finished).toList();
            rows.add(List.of(condition.id() + ": " + condition.title(),
                    runs.stream().map(RunResult::runId).collect(Collectors.joining(", ")),
                    states(runs),
                    cell(done, run -> Measure.point(run.cleanFit())),
                    cell(done, run -> Measure.point(run.finalTrainAccuracy())),
                    cell(done, RunResult::bestEncoderFinalMeasure),
                    cell(done, RunResult::bestEncoderCalibratedMeasure),
                    cell(done, run -> run.finalMeasure(EncoderLayers.LOGITS)),
                    runs.stream().map(run -> Long.toString(run.steps())).distinct().collect(Collectors.joining(", ")),
                    cell(runs, run -> Measure.point(run.viewsPerSample()), "%.1f"),
                    cell(runs, run -> Measure.point(run.wallSeconds()), "%.1f")));
        }
        doc.add(new Table(header, rows));
        doc.paragraph("A cell is the median over the condition's finished seeds, then (min–max) over the seeds when "
                + "there are several, then [95% interval] when the figure has one: for a k-NN figure the union of "
                + "each seed's bootstrap interval over the queries. n/a: not recorded (older run files, or clean fit "
                + "with per-view labels, where a clean image has no single training label). Clean fit and final "
                + "train acc are on the run's own labels (random for every condition except true-full, noise-0 and "
                + "the true half of noise-0.5). Views per sample = steps × batch size / training images. Wall time: "
                + "from the run's preparation to the end of its actors. A run that stands for several conditions "
                + "appears once per condition.");
        List<Item> failures = table.runs().stream().filter(run -> run.error() != null)
                .map(run -> new Item(run.runId() + " " + run.state() + ":", run.error(), null, null)).toList();
        if (!failures.isEmpty()) {
            doc.paragraph("Runs that did not finish:");
            doc.add(new Bullets(failures));
        }
    }

    private static void layerTable(ReportDocument doc, ResultTable table) {
        doc.heading(2, "k-NN per layer");
        Set<String> layerSet = new LinkedHashSet<>();
        table.runs().forEach(run -> layerSet.addAll(run.layers()));
        List<String> layers = List.copyOf(layerSet);
        List<String> header = new ArrayList<>(List.of("condition"));
        layers.forEach(layer -> header.add("`" + layer + "` untrained → end"));
        List<List<String>> rows = new ArrayList<>();
        for (Condition condition : table.conditions()) {
            List<RunResult> done = table.finishedReplicates(condition.id());
            if (done.isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(condition.id()));
            for (String layer : layers) {
                row.add(cell(done, run -> Measure.point(untrained(run, layer))) + " → "
                        + cell(done, run -> run.finalMeasure(layer)));
            }
            rows.add(row);
        }
        doc.add(new Table(header, rows));
        doc.paragraph("Untrained: the step-0 network with BatchNorm recalibrated on the bank when the run recorded it, "
                + "else as initialised. Cells as above: median, (min–max) over seeds, [95% interval].");
    }

    private static double untrained(RunResult run, String layer) {
        return run.hasCalibratedBaseline() ? run.knnStep0Calibrated().getOrDefault(layer, Double.NaN)
                : run.knnStep0().getOrDefault(layer, Double.NaN);
    }

    private static String states(List<RunResult> runs) {
        Map<String, Long> counts = runs.stream()
                .collect(Collectors.groupingBy(RunResult::status, java.util.TreeMap::new, Collectors.counting()));
        if (runs.size() == 1) {
            return runs.get(0).status();
        }
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** {@code median (min–max) [low, high]} of {@code measure} over {@code runs}; n/a when none has it. */
    static String cell(List<RunResult> runs, Function<RunResult, Measure> measure) {
        return cell(runs, measure, "%.3f");
    }

    private static String cell(List<RunResult> runs, Function<RunResult, Measure> measure, String format) {
        List<Measure> values = runs.stream().map(measure).filter(m -> !m.isNaN()).toList();
        if (values.isEmpty()) {
            return "n/a";
        }
        Estimate e = new Estimate(values);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, e.median()));
        if (values.size() > 1) {
            out.append(String.format(Locale.ROOT, " (" + format + "–" + format + ")", e.min(), e.max()));
        }
        if (values.stream().anyMatch(m -> m.low() != m.value() || m.high() != m.value())) {
            out.append(String.format(Locale.ROOT, " [" + format + ", " + format + "]", e.low(), e.high()));
        }
        return out.toString();
    }

    private static void plots(ReportDocument doc, List<Plot> plots) {
        doc.heading(2, "Plots");
        for (Plot plot : plots) {
            if (plot.figure().isPresent()) {
                doc.add(plot.figure().get());
            } else {
                doc.paragraph(plot.name() + ": not drawn, none of its runs finished.");
            }
        }
    }

    private static void claims(ReportDocument doc, List<Verdict> verdicts) {
        doc.heading(2, "Claims");
        for (Verdict verdict : verdicts) {
            doc.heading(3, verdict.claim() + ", " + verdict.title() + ": " + verdict.outcome().label());
            doc.paragraph("Tests.", verdict.quote());
            if (verdict.numbers().isEmpty()) {
                doc.paragraph("Numbers.", "none read: " + verdict.reason());
            } else {
                doc.paragraph("Numbers.", "");
                doc.add(new Bullets(verdict.numbers().stream().map(Item::of).toList()));
            }
            doc.paragraph("Verdict: " + verdict.outcome().label() + ".", verdict.reason());
        }
    }

    private static void settings(ReportDocument doc, SweepPlan plan, ResultTable table) {
        doc.heading(2, "Settings of each run");
        doc.paragraph("Each run's fully resolved settings are in its `config.conf`; listed here is what differs "
                + "from the sweep's base settings (the budget, the data and any --config / --set), which follow.");
        List<Item> items = new ArrayList<>();
        for (RunResult run : table.runs()) {
            String varying = run.varying().isEmpty() ? "the base settings"
                    : run.varying().entrySet().stream().map(e -> "`" + e.getKey() + " = " + e.getValue() + "`")
                    .collect(Collectors.joining(", "));
            items.add(new Item(run.runId() + ":", "conditions " + String.join(", ", run.conditionIds()) + "; "
                    + varying + "; ", "config.conf", run.configPath()));
        }
        doc.add(new Bullets(items));
        doc.heading(3, "Base settings");
        doc.add(new Code(plan.base().render()));
    }
}
