package bml.config;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Derives every named sub-seed of an experiment from its one root seed.
 *
 * <p>Why: bml has no global RNG. Each random choice (labels, the view stream, augmentation of view
 * (sample, view), weight initialisation) asks for its own generator by purpose and indices, so results do
 * not depend on which thread or worker made the choice, or in which order. The scheme folds the seed, the
 * purpose's {@link String#hashCode()} and each index through the SplitMix64 finaliser; it is part of the
 * reproducibility contract and must not change.
 */
public final class Seeds {

    /** The golden-ratio increment of SplitMix64. */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /**
     * The sub-seed for {@code purpose} and {@code indices} under the experiment seed.
     * Distinct purposes, indices or index orders give (with overwhelming probability) distinct seeds; for a
     * fixed seed and purpose, distinct values of the last index always give distinct seeds.
     */
    public static long derive(long seed, String purpose, long... indices) {
        Objects.requireNonNull(purpose, "purpose");
        long h = mix(seed + GAMMA);
        h = fold(h, purpose.hashCode());
        for (long index : indices) {
            h = fold(h, index);
        }
        return h;
    }

    /** A new generator seeded with {@link #derive(long, String, long...)}. */
    public static SplittableRandom random(long seed, String purpose, long... indices) {
        return new SplittableRandom(derive(seed, purpose, indices));
    }

    private static long fold(long h, long value) {
        return mix(h ^ mix(value + GAMMA));
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijection that spreads every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
