package bml.probing;

import java.util.Locale;

/**
 * How the k nearest neighbours vote for a class.
 *
 * <p>{@link #MAJORITY} is the paper's rule (sklearn {@code KNeighborsClassifier}, uniform weights);
 * {@link #TEMPERATURE} is DINO's {@code exp(sim / T)} weighting, kept as an explicit, named alternative.
 */
public enum Weighting {
    /** One vote per neighbour; ties go to the lowest class index. */
    MAJORITY,
    /** Each neighbour votes {@code exp(similarity / temperature)}; ties go to the lowest class index. */
    TEMPERATURE;

    /**
     * Parses the configuration spelling ({@code majority} or {@code temperature}, case-insensitive).
     *
     * @param name the configured value
     * @return the matching weighting
     * @throws IllegalArgumentException naming the expected values and the value received
     */
    public static Weighting parse(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "majority":
                    return MAJORITY;
                case "temperature":
                    return TEMPERATURE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "k-NN weighting: expected majority or temperature, got " + (name == null ? "null" : "'" + name + "'"));
    }
}
