package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * C3, layer separation: across memorizing regimes (label noise above 0) the encoder's per-layer k-NN profile stays
 * put while the last layers move, and in the random-label run the last layers lose ground against the best encoder
 * layer, each measured from its own untrained value.
 *
 * <p>Why not the deepest encoder layer against supervised training (noise 0), as before: that mostly measures how
 * much supervision can add on the data set, and it held or failed for reasons unrelated to memorization.
 */
public final class LayerSeparationRule implements ClaimRule {
    /**
     * Share of its random labels each memorizing regime must have fitted: with noise p, every seed's clean fit must
     * be at least {@code (1 - p) + p * 0.5}, the true-labelled share plus half the random one. Why: a run whose last
     * layers have not memorised cannot show where memorization lives (0.5 as for C1).
     */
    public static final double MIN_RANDOM_SHARE_FITTED = 0.5;
    /**
     * Largest change of any encoder layer's final k-NN between two memorizing regimes. Why 10 points: "largely
     * unaffected by the label noise"; the old rule's bound, and under the 25–30 points the reference's output layer
     * moved between memorizing and not.
     */
    public static final double MAX_ENCODER_MOVE = 0.10;
    /**
     * How much more the most-moving last layer (head or logits) must move between the regimes than the most-moving
     * encoder layer. Why 10 points: "only the very last layers are used for memorization" means the change is theirs,
     * and by a margin the queries' noise cannot make.
     */
    public static final double MIN_LAST_LAYER_EXTRA_MOVE = 0.10;
    /**
     * In the random-label run, how far the last layer that loses most must fall behind the best encoder layer, each
     * measured as its final k-NN minus its own recalibrated untrained value. Why from their own step-0 values: an
     * untrained network's logits already sit below its encoder, so "logits below the encoder" holds without any
     * training; 5 points as C1's smallest meaningful change.
     */
    public static final double MIN_RELATIVE_DROP = 0.05;

    @Override
    public String claim() {
        return "C3";
    }

    @Override
    public String title() {
        return "only the last layers memorize";
    }

    @Override
    public String quote() {
        return "\"only the very last layers are used for memorization, while preceding layers encode performant "
                + "features which remain largely unaffected by the label noise.\" (abstract)";
    }

    @Override
    public String describe() {
        return "Over the memorizing regimes of the label-noise sweep (every noise-p run with p > 0, full "
                + "augmentation; noise-1 is random-full; noise-0 is shown beside, not judged, since against "
                + "supervised training the encoder mostly measures how much supervision can add on the data): "
                + "(a) between noise-1 and each other memorizing regime, paired by seed, no encoder layer's final "
                + "k-NN accuracy changes by more than " + pts(MAX_ENCODER_MOVE) + " points, and the last layer "
                + "(`head` or `logits`) that changes most changes at least " + pts(MIN_LAST_LAYER_EXTRA_MOVE)
                + " points more than the encoder layer that changes most; (b) in noise-1, the last layer that "
                + "gains least from its recalibrated untrained value gains at least " + pts(MIN_RELATIVE_DROP)
                + " points less than the best encoder layer gains from its own. Decided once every seed of each "
                + "regime with noise p has a clean fit of at least (1 - p) + p x " + pct(MIN_RANDOM_SHARE_FITTED)
                + " (its true-labelled share plus half its random share). " + ClaimRules.INTERVALS + " Not tested "
                + "when the sweep has fewer than two memorizing regimes or no noise-1, fewer than "
                + Replicates.MIN + " seeds of each planned, or no clean fit or (for noise-1) no calibrated baseline "
                + "recorded; inconclusive when fewer seeds finished or a regime has not fitted.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<Condition> regimes = table.group(Condition.Group.NOISE).stream().filter(c -> c.x() > 0).toList();
        Optional<Condition> random = regimes.stream().filter(c -> c.x() == 1).findFirst();
        if (regimes.size() < 2 || random.isEmpty()) {
            return verdict(Outcome.NOT_TESTED, evidence, "the noise sweep needs noise-1 and at least one other "
                    + "memorizing regime (noise > 0); it has " + regimes.stream().map(Condition::id).toList());
        }
        String randomId = random.get().id();
        String[] ids = regimes.stream().map(Condition::id).toArray(String[]::new);
        Optional<String> untestable = Replicates.notTestable(table, Replicates.MIN, ids)
                .or(() -> Replicates.lacking(table, RunResult::hasCleanFit, "no clean fit recorded", ids))
                .or(() -> Replicates.lacking(table, RunResult::hasCalibratedBaseline, "no calibrated baseline",
                        randomId));
        if (untestable.isPresent()) {
            return verdict(Outcome.NOT_TESTED, evidence, untestable.get());
        }
        Optional<String> missing = Replicates.tooFewFinished(table, Replicates.MIN, ids);
        if (missing.isPresent()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "needs runs that did not finish: " + missing.get());
        }
        List<String> unfitted = new ArrayList<>();
        for (Condition regime : regimes) {
            double needed = (1 - regime.x()) + regime.x() * MIN_RANDOM_SHARE_FITTED;
            evidence.add(regime.id() + " clean fit (needs " + Evidence.format(needed) + ")",
                    Replicates.each(table, regime.id(), run -> Measure.point(run.cleanFit())));
            evidence.note(regime.id() + " final k-NN per layer, median over seeds: " + profile(table, regime.id()));
            for (RunResult run : table.finishedReplicates(regime.id())) {
                if (!(run.cleanFit() >= needed - Estimate.TOLERANCE)) {
                    unfitted.add(ClaimRules.unfitted(run.runId(), run.cleanFit(), needed));
                }
            }
        }
        table.finishedReplicates("noise-0").stream().findFirst().ifPresent(supervised -> evidence.note(
                "noise-0 (true labels; beside, not judged) final k-NN per layer, median over seeds: "
                        + profile(table, "noise-0")));
        List<Check> checks = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (Condition regime : regimes) {
            if (regime.id().equals(randomId)) {
                continue;
            }
            Estimate encoderMove = evidence.add("(a) largest encoder-layer change, " + regime.id() + " vs "
                    + randomId, Replicates.paired(table, regime.id(), randomId, LayerSeparationRule::encoderMove));
            Estimate extra = evidence.add("(a) largest last-layer change minus largest encoder-layer change, "
                    + regime.id() + " vs " + randomId, Replicates.paired(table, regime.id(), randomId,
                    (a, b) -> lastMove(a, b).minus(encoderMove(a, b))));
            if (extra.count() < Replicates.MIN) {
                return verdict(Outcome.INCONCLUSIVE, evidence, "only " + extra.count() + " seeds finished in both "
                        + regime.id() + " and " + randomId + ", " + Replicates.MIN + " needed");
            }
            Check still = encoderMove.atMost(MAX_ENCODER_MOVE);
            Check moves = extra.atLeast(MIN_LAST_LAYER_EXTRA_MOVE);
            checks.add(still);
            checks.add(moves);
            parts.add("(a) " + regime.id() + " vs " + randomId + ": encoder layers change at most "
                    + ClaimRules.interval(encoderMove) + " (needs <= " + pts(MAX_ENCODER_MOVE) + " points: "
                    + still.word() + "), the last layers " + ClaimRules.interval(extra) + " more (needs >= "
                    + pts(MIN_LAST_LAYER_EXTRA_MOVE) + " points: " + moves.word() + ")");
        }
        Estimate drop = evidence.add("(b) " + randomId + ": best encoder layer's gain minus the smallest last-layer "
                + "gain, from the recalibrated untrained network", Replicates.each(table, randomId,
                LayerSeparationRule::relativeDrop));
        Check falls = drop.atLeast(MIN_RELATIVE_DROP);
        checks.add(falls);
        parts.add("(b) in " + randomId + " the last layers gain " + ClaimRules.interval(drop) + " less than the best "
                + "encoder layer (needs >= " + pts(MIN_RELATIVE_DROP) + " points: " + falls.word() + ")");
        if (!unfitted.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, String.join("; ", unfitted)
                    + ": its last layers have not memorised yet");
        }
        return verdict(Check.outcome(checks), evidence, String.join("; ", parts));
    }

    /** The largest change of an encoder layer's final k-NN between two runs (absolute, with its interval). */
    private static Measure encoderMove(RunResult a, RunResult b) {
        return largestChange(a, b, EncoderLayers.of(a.layers()));
    }

    /** The largest change of a last layer's final k-NN between two runs. */
    private static Measure lastMove(RunResult a, RunResult b) {
        return largestChange(a, b, EncoderLayers.last(a.layers()));
    }

    private static Measure largestChange(RunResult a, RunResult b, List<String> layers) {
        List<Measure> changes = new ArrayList<>();
        for (String layer : layers) {
            changes.add(a.finalMeasure(layer).minus(b.finalMeasure(layer)).abs());
        }
        return Measure.max(changes);
    }

    /** The best encoder layer's gain from its untrained value minus the smallest last-layer gain from theirs. */
    private static Measure relativeDrop(RunResult run) {
        String best = run.bestEncoderLayer();
        Measure bestGain = run.finalMeasure(best).minus(run.calibratedStep0Measure(best));
        List<Measure> lastGains = new ArrayList<>();
        for (String layer : EncoderLayers.last(run.layers())) {
            lastGains.add(run.finalMeasure(layer).minus(run.calibratedStep0Measure(layer)));
        }
        return bestGain.minus(Measure.min(lastGains));
    }

    /** {@code b1 0.301, b2 0.402, ...}: each layer's median final k-NN over the finished seeds. */
    private static String profile(ResultTable table, String id) {
        List<RunResult> runs = table.finishedReplicates(id);
        List<String> parts = new ArrayList<>();
        for (String layer : runs.get(0).layers()) {
            Estimate e = new Estimate(runs.stream().map(run -> Measure.point(run.finalKnn(layer))).toList());
            parts.add(layer + " " + String.format(Locale.ROOT, "%.3f", e.median()));
        }
        return String.join(", ", parts);
    }
}
