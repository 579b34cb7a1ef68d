package bml.config;

/**
 * How the k nearest neighbours of the probe vote for a class ({@code probe.weighting}).
 *
 * <p>{@link #MAJORITY} is the paper's rule (sklearn {@code KNeighborsClassifier}, uniform weights);
 * {@link #TEMPERATURE} is DINO's {@code exp(sim / T)} weighting, kept as an explicit, named alternative.
 */
public enum Weighting implements ConfigEnum {
    /** One vote per neighbour; ties go to the lowest class index. */
    MAJORITY,
    /** Each neighbour votes {@code exp(similarity / temperature)}; ties go to the lowest class index. */
    TEMPERATURE;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
