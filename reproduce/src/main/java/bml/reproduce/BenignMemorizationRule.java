package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.Optional;

/**
 * C1, benign memorization: fitting random labels under full augmentation leaves the encoder with features far
 * better than at initialisation and better than memorising without augmentation.
 */
public final class BenignMemorizationRule implements ClaimRule {
    /** random-full must have fitted this much of its random labels for the claim to be tested at all. */
    public static final double MIN_FIT = 0.5;
    /** Gain of random-full's best encoder k-NN over its own step-0 value. */
    public static final double MIN_GAIN_OVER_INIT = 0.05;
    /** Lead of random-full's best encoder k-NN over random-none's. */
    public static final double MIN_LEAD_OVER_NO_AUGMENTATION = 0.03;

    @Override
    public String claim() {
        return "C1";
    }

    @Override
    public String title() {
        return "benign memorization with augmentation";
    }

    @Override
    public String describe() {
        return "Supported when, in random-full (random labels, full augmentation, fresh views), the best encoder "
                + "layer's k-NN accuracy at the end is at least " + pts(MIN_GAIN_OVER_INIT) + " points above its "
                + "step-0 value and at least " + pts(MIN_LEAD_OVER_NO_AUGMENTATION) + " points above the best encoder "
                + "layer of random-none (random labels, no augmentation). Decided only when random-full fitted at "
                + "least " + pct(MIN_FIT) + " of its random labels (mean batch accuracy over its last 50 steps): "
                + "otherwise inconclusive, since the features appear only once the labels are largely fitted "
                + "(as PyTorch reference runs on 2 CPU cores showed). Best encoder layer = the highest k-NN over the layers before `head`, `input` "
                + "excluded.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        Optional<RunResult> full = table.finished(Conditions.RANDOM_FULL);
        Optional<RunResult> none = table.finished(Conditions.RANDOM_NONE);
        if (full.isEmpty() || none.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.missing(table, Conditions.RANDOM_FULL,
                    Conditions.RANDOM_NONE));
        }
        double fit = evidence.add("random-full final train accuracy (random labels)", full.get().finalTrainAccuracy());
        double init = evidence.add("random-full best encoder k-NN, step 0", full.get().bestEncoderStep0());
        double end = evidence.add("random-full best encoder k-NN, end (" + full.get().bestEncoderLayer() + ")",
                full.get().bestEncoderFinal());
        double malign = evidence.add("random-none best encoder k-NN, end (" + none.get().bestEncoderLayer() + ")",
                none.get().bestEncoderFinal());
        if (!(fit >= MIN_FIT)) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.unfitted("random-full", fit, MIN_FIT)
                    + ": at this budget the network has not memorised yet");
        }
        boolean overInit = end - init >= MIN_GAIN_OVER_INIT;
        boolean overNone = end - malign >= MIN_LEAD_OVER_NO_AUGMENTATION;
        String numbers = "gain over step 0 " + Evidence.points(end - init) + " (needs " + pts(MIN_GAIN_OVER_INIT)
                + "), lead over random-none " + Evidence.points(end - malign) + " (needs "
                + pts(MIN_LEAD_OVER_NO_AUGMENTATION) + ")";
        return overInit && overNone
                ? verdict(Outcome.SUPPORTED, evidence, "random-full memorised " + Evidence.format(fit)
                        + " of its labels and its encoder improved: " + numbers)
                : verdict(Outcome.NOT_SUPPORTED, evidence, "random-full memorised " + Evidence.format(fit)
                        + " of its labels but " + numbers);
    }
}
