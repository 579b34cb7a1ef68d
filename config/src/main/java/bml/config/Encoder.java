package bml.config;

/** The encoder architecture ({@code model.encoder}). */
public enum Encoder implements ConfigEnum {
    /** Four conv-BN-ReLU blocks. */
    CNN,
    /** The CIFAR-stem ResNet-18. */
    RESNET18,
    /** Three fully connected layers. */
    MLP;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
