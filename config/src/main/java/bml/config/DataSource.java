package bml.config;

/** The image set an experiment uses ({@code data.source}). */
public enum DataSource implements ConfigEnum {
    /** Shapes generated from the seed. */
    SHAPES,
    /** Fashion-MNIST. */
    FASHION_MNIST,
    /** MNIST. */
    MNIST,
    /** CIFAR-10. */
    CIFAR10,
    /** CIFAR-100. */
    CIFAR100;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
