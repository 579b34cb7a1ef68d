package bml.reproduce;

import bml.reproduce.ReportDocument.Bullets;
import bml.reproduce.ReportDocument.Code;
import bml.reproduce.ReportDocument.Item;
import bml.reproduce.ReportDocument.Table;
import bml.config.BmlSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Lays out a sweep's report: header, verdicts, the per-condition table, plots, each claim's rule and settings. */
final class ReportContent {
    private ReportContent() {}

    static ReportDocument build(SweepPlan plan, ReportHeader header, ResultTable table, List<Verdict> verdicts,
                                List<Plot> plots, boolean stopped) {
        ReportDocument doc = new ReportDocument();
        doc.heading(1, "bml reproduce: benign memorization, " + plan.budget().name() + " budget on " + plan.data());
        header(doc, plan, header, table, stopped);
        verdictSummary(doc, verdicts);
        conditionTable(doc, table);
        plots(doc, plots);
        claims(doc, verdicts);
        settings(doc, plan, table);
        return doc;
    }

    private static void header(ReportDocument doc, SweepPlan plan, ReportHeader header, ResultTable table,
                               boolean stopped) {
        BmlSettings base = plan.base();
        Map<String, Long> states = table.runs().stream()
                .collect(Collectors.groupingBy(run -> run.state().toString(), java.util.TreeMap::new,
                        Collectors.counting()));
        List<Item> items = new ArrayList<>();
        items.add(new Item("Command:", "`" + header.commandLine() + "`", null, null));
        items.add(new Item("Git commit:", "`" + header.gitCommit() + "`", null, null));
        items.add(new Item("Machine:", header.cores() + " cores (Runtime.availableProcessors), " + header.os() + ", "
                + header.java() + ", device " + header.device(), null, null));
        items.add(new Item("Budget:", plan.budget().name() + ": " + plan.budget().description(), null, null));
        items.add(new Item("Data:", base.data().source() + (base.data().path().isBlank() ? ""
                : " from " + base.data().path()) + ", " + base.data().trainSize() + " train / "
                + base.data().testSize() + " test images requested (0 = all)", null, null));
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
                + base.probe().every() + " steps. The best encoder layer is the highest k-NN over the layers "
                + "before `head` (`input`, the raw pixels, excluded). Training accuracy is the mean batch accuracy "
                + "on the run's own training labels (random ones unless the condition says otherwise) over its "
                + "last 50 steps, on augmented views.");
    }

    private static void verdictSummary(ReportDocument doc, List<Verdict> verdicts) {
        doc.heading(2, "Verdicts");
        List<Item> items = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            items.add(new Item(verdict.claim() + " (" + verdict.title() + "): " + verdict.outcome().label() + ".",
                    verdict.reason(), null, null));
        }
        doc.add(new Bullets(items));
        doc.paragraph("In plain words: this sweep " + plainly(verdicts) + " The rules were fixed in the code "
                + "(package `bml.reproduce`) before any run started; each is stated with its numbers under "
                + "Claims below.");
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
                    case INCONCLUSIVE -> "cannot decide " + which + " at this budget (inconclusive)";
                });
            }
        }
        return String.join("; ", parts) + ".";
    }

    private static void conditionTable(ReportDocument doc, ResultTable table) {
        doc.heading(2, "Results per condition");
        Set<String> layerSet = new LinkedHashSet<>();
        table.runs().forEach(run -> layerSet.addAll(run.layers()));
        List<String> layers = List.copyOf(layerSet);
        List<String> header = new ArrayList<>(List.of("condition", "run", "state", "final train acc", "clean fit",
                "steps", "views per sample", "wall time (s)"));
        layers.forEach(layer -> header.add("`" + layer + "` step 0 (BN) → end"));
        List<List<String>> rows = new ArrayList<>();
        for (Condition condition : table.conditions()) {
            Optional<RunResult> found = table.run(condition.id());
            if (found.isEmpty()) {
                continue;
            }
            RunResult run = found.get();
            List<String> row = new ArrayList<>(List.of(condition.id() + ": " + condition.title(), run.runId(),
                    run.status(), Evidence.format(run.finalTrainAccuracy()), Evidence.format(run.finalCleanFit()),
                    Long.toString(run.steps()), f1(run.viewsPerSample()), f1(run.wallSeconds())));
            for (String layer : layers) {
                Double calibrated = run.knnStep0Calibrated().get(layer);
                row.add(Evidence.format(run.knnStep0().getOrDefault(layer, Double.NaN))
                        + (calibrated == null ? "" : " (" + Evidence.format(calibrated) + ")") + " → "
                        + Evidence.format(run.knnFinal().getOrDefault(layer, Double.NaN)));
            }
            rows.add(row);
        }
        doc.add(new Table(header, rows));
        doc.paragraph("Final train acc: batch accuracy on fresh augmented views over the last 50 steps, on the run's "
                + "own labels (random for every condition except true-full, noise-0 and the true half of noise-0.5). "
                + "Clean fit: eval-mode accuracy on the unaugmented training images against the same labels, at the "
                + "last probe (— with per-view labels). Step 0 (BN): the untrained network with its BatchNorm "
                + "statistics recomputed on the bank images, weights untouched. Views per sample = steps × batch size / training "
                + "images. Wall time: from the run's preparation to the end of its actors, as the sweep measured it. "
                + "A run that stands for several conditions appears once per condition.");
        List<Item> failures = table.runs().stream().filter(run -> run.error() != null)
                .map(run -> new Item(run.runId() + " " + run.state() + ":", run.error(), null, null)).toList();
        if (!failures.isEmpty()) {
            doc.paragraph("Runs that did not finish:");
            doc.add(new Bullets(failures));
        }
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
            doc.paragraph("Rule.", verdict.rule());
            if (verdict.numbers().isEmpty()) {
                doc.paragraph("Numbers.", "none: the runs it needs did not finish.");
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

    static String f1(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
}
