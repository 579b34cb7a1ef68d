package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Seeds of the random labels and of the initial weights, when they are not the experiment's root seed
 * ({@code bml.seeds}).
 *
 * <p>Why: replicates of a condition need independent labels and initial weights on the same data and views, and the
 * official code seeds its labels apart from everything else ({@code --randomdataset-seed}). Unset ("derived"), each
 * is the root seed, so the labels come from {@code Seeds.random(seed, "labels")} and the weights from
 * {@code Seeds.random(seed, "init", i)} exactly as before these keys existed.
 *
 * @param labels the seed {@code RandomLabels.draw} takes; empty = the root seed
 * @param init   the seed of the initial weights; empty = the root seed
 */
public record SeedSettings(OptionalLong labels, OptionalLong init) {

    /** The value that leaves a seed to the root seed. */
    public static final String DERIVED = "derived";

    /** Both seeds left to the root seed. */
    public static final SeedSettings FROM_ROOT = new SeedSettings(OptionalLong.empty(), OptionalLong.empty());

    static SeedSettings read(SettingsReader r) {
        return new SeedSettings(r.wholeNumberOr("labels", DERIVED), r.wholeNumberOr("init", DERIVED));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels.isPresent() ? (Object) labels.getAsLong() : DERIVED);
        m.put("init", init.isPresent() ? (Object) init.getAsLong() : DERIVED);
        return m;
    }
}
