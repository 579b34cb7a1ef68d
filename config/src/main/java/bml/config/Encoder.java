package bml.config;

/** The encoder architecture ({@code model.encoder}). */
public enum Encoder implements ConfigEnum {
    /** Four conv-BN-ReLU blocks. */
    CNN("cnn"),
    /** The CIFAR-stem ResNet-18. */
    RESNET18("resnet18"),
    /** Three fully connected layers. */
    MLP("mlp");

    private final String configName;

    Encoder(String configName) {
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
