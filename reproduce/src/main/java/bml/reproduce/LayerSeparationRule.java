package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * C3, layer separation: the last layers memorise (their k-NN falls) while the encoder keeps good features, and the
 * encoder's features are largely unaffected by the label noise while the last layers are not.
 */
public final class LayerSeparationRule implements ClaimRule {
    /** random-full must have fitted this much of its random labels for its last layers to have memorised. */
    public static final double MIN_FIT = 0.5;
    /** In random-full, logits k-NN must sit at least this far below the best encoder layer. */
    public static final double MIN_LOGITS_DROP = 0.05;
    /** Across the noise sweep, the best encoder k-NN may vary (max - min) by at most this. */
    public static final double MAX_ENCODER_RANGE = 0.10;

    @Override
    public String claim() {
        return "C3";
    }

    @Override
    public String title() {
        return "only the last layers memorize";
    }

    @Override
    public String describe() {
        return "Supported when (a) in random-full the `logits` layer's final k-NN accuracy is at least "
                + pts(MIN_LOGITS_DROP) + " points below the best encoder layer's, and (b) across the label-noise "
                + "sweep (every noise-* run, full augmentation) the best encoder k-NN varies (max - min) by at most "
                + pts(MAX_ENCODER_RANGE) + " points while the `logits` k-NN varies by more than the encoder's. "
                + "Inconclusive when random-full fitted less than " + pct(MIN_FIT) + " of its random labels, or a "
                + "run of the noise sweep did not finish; not supported when (a) or (b) fails.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<String> needed = new ArrayList<>(List.of(Conditions.RANDOM_FULL));
        table.group(Condition.Group.NOISE).forEach(c -> needed.add(c.id()));
        if (needed.stream().anyMatch(id -> table.finished(id).isEmpty())) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.missing(table, needed.toArray(String[]::new)));
        }
        if (needed.size() < 3) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "the noise sweep has fewer than 2 runs");
        }
        RunResult full = table.finished(Conditions.RANDOM_FULL).orElseThrow();
        double fit = evidence.add("random-full final train accuracy (random labels)", full.finalTrainAccuracy());
        double encoder = evidence.add("random-full best encoder k-NN, end (" + full.bestEncoderLayer() + ")",
                full.bestEncoderFinal());
        double logits = evidence.add("random-full logits k-NN, end", full.finalKnn(EncoderLayers.LOGITS));
        double encoderMin = Double.POSITIVE_INFINITY;
        double encoderMax = Double.NEGATIVE_INFINITY;
        double logitsMin = Double.POSITIVE_INFINITY;
        double logitsMax = Double.NEGATIVE_INFINITY;
        for (Condition noise : table.group(Condition.Group.NOISE)) {
            RunResult run = table.finished(noise.id()).orElseThrow();
            double e = evidence.add(noise.id() + " best encoder k-NN, end", run.bestEncoderFinal());
            double l = evidence.add(noise.id() + " logits k-NN, end", run.finalKnn(EncoderLayers.LOGITS));
            encoderMin = Math.min(encoderMin, e);
            encoderMax = Math.max(encoderMax, e);
            logitsMin = Math.min(logitsMin, l);
            logitsMax = Math.max(logitsMax, l);
        }
        double encoderRange = evidence.add("noise sweep: best encoder k-NN range", encoderMax - encoderMin);
        double logitsRange = evidence.add("noise sweep: logits k-NN range", logitsMax - logitsMin);
        if (!(fit >= MIN_FIT)) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.unfitted("random-full", fit, MIN_FIT)
                    + ": its last layers have not memorised yet");
        }
        boolean drop = encoder - logits >= MIN_LOGITS_DROP;
        boolean stable = encoderRange <= MAX_ENCODER_RANGE && logitsRange > encoderRange;
        String numbers = "logits sit " + Evidence.points(logits - encoder) + " from the best encoder layer (needs -"
                + pts(MIN_LOGITS_DROP) + " or lower); over the noise sweep the encoder varies by "
                + Evidence.points(encoderRange) + " (at most " + pts(MAX_ENCODER_RANGE) + ") and the logits by "
                + Evidence.points(logitsRange) + " (must exceed the encoder's)";
        return drop && stable
                ? verdict(Outcome.SUPPORTED, evidence, numbers)
                : verdict(Outcome.NOT_SUPPORTED, evidence, (drop ? "" : "(a) fails; ") + (stable ? "" : "(b) fails; ")
                        + numbers);
    }
}
