package bml.config;

/** The training objective ({@code training.loss}). */
public enum Loss implements ConfigEnum {
    /** Mean squared error on one-hot labels, as the paper. */
    MSE,
    /** Softmax cross-entropy. */
    CROSS_ENTROPY;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
