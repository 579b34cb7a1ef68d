package bml.config;

/** Where the network computes ({@code training.device}). */
public enum DeviceChoice implements ConfigEnum {
    /** The GPU when the engine has one, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** The GPU; failing when there is none. */
    GPU;

    /** The configured name, so logs, messages and reports read as the user wrote the setting. */
    @Override
    public String toString() {
        return configName();
    }
}
