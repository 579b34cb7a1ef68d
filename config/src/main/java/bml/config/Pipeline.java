package bml.config;

/** The augmentation pipeline that makes each view ({@code augmentation.pipeline}). */
public enum Pipeline implements ConfigEnum {
    /** No augmentation: the malign case. */
    NONE,
    /** Padded random crop and flip. */
    STANDARD,
    /** The paper's set: random resized crop, flip, colour jitter, grayscale. */
    FULL,
    /** The official code's i.i.d. control: each view is another training image of the sample's true class. */
    IID;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
