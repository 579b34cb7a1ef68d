package bml.config;

/** The optimiser that updates the weights ({@code training.optimizer}). */
public enum Optimizer implements ConfigEnum {
    /** Adam, the paper's optimiser. */
    ADAM("adam"),
    /** Stochastic gradient descent with momentum. */
    SGD("sgd");

    private final String configName;

    Optimizer(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName;
    }
}
