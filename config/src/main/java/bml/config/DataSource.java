package bml.config;

/** The image set an experiment uses ({@code data.source}). */
public enum DataSource implements ConfigEnum {
    /** Shapes generated from the seed. */
    SHAPES("shapes"),
    /** Fashion-MNIST. */
    FASHION_MNIST("fashion-mnist"),
    /** MNIST. */
    MNIST("mnist"),
    /** CIFAR-10. */
    CIFAR10("cifar10"),
    /** CIFAR-100. */
    CIFAR100("cifar100");

    private final String configName;

    DataSource(String configName) {
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
