package bml.config;

/** The optimiser that updates the weights ({@code training.optimizer}). */
public enum Optimizer implements ConfigEnum {
    /** Adam, the paper's optimiser. */
    ADAM,
    /** Stochastic gradient descent with momentum. */
    SGD;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
