package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.Optional;

/** C2, malign memorization: without augmentation the network fits random labels and its features do not improve. */
public final class MalignMemorizationRule implements ClaimRule {
    /** random-none must have fitted this much of its random labels: the claim is about a network that memorised. */
    public static final double MIN_FIT = 0.9;
    /** The best encoder k-NN at the end may exceed its step-0 value by less than this. */
    public static final double MAX_GAIN_OVER_INIT = 0.03;

    @Override
    public String claim() {
        return "C2";
    }

    @Override
    public String title() {
        return "malign memorization without augmentation";
    }

    @Override
    public String describe() {
        return "Supported when random-none (random labels, no augmentation) fitted at least " + pct(MIN_FIT)
                + " of its random labels and its best encoder layer's k-NN accuracy at the end is less than "
                + pts(MAX_GAIN_OVER_INIT) + " points above its step-0 value. Inconclusive when random-none fitted "
                + "less than " + pct(MIN_FIT) + " (it has not memorised yet) or did not finish.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        Optional<RunResult> none = table.finished(Conditions.RANDOM_NONE);
        if (none.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.missing(table, Conditions.RANDOM_NONE));
        }
        double fit = evidence.add("random-none final train accuracy (random labels)",
                none.get().finalTrainAccuracy());
        double init = evidence.add("random-none best encoder k-NN, step 0", none.get().bestEncoderStep0());
        double end = evidence.add("random-none best encoder k-NN, end (" + none.get().bestEncoderLayer() + ")",
                none.get().bestEncoderFinal());
        if (!(fit >= MIN_FIT)) {
            return verdict(Outcome.INCONCLUSIVE, evidence, ClaimRules.unfitted("random-none", fit, MIN_FIT));
        }
        String change = "its best encoder k-NN changed " + Evidence.points(end - init)
                + " from step 0 (must stay below +" + pts(MAX_GAIN_OVER_INIT) + ")";
        return end - init < MAX_GAIN_OVER_INIT
                ? verdict(Outcome.SUPPORTED, evidence, "random-none memorised " + Evidence.format(fit)
                        + " of its labels and " + change)
                : verdict(Outcome.NOT_SUPPORTED, evidence, "random-none memorised " + Evidence.format(fit)
                        + " of its labels but " + change);
    }
}
