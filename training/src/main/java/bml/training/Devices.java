package bml.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import bml.config.DeviceChoice;

/**
 * Turns the {@code training.device} setting into a DJL {@link Device}.
 *
 * <p>Why: {@code auto} must pick the GPU only when the loaded engine can use one (a CPU-only PyTorch native
 * library reports none), and an explicit {@code gpu} without one must fail loudly instead of falling back.
 */
public final class Devices {

    private Devices() {
    }

    /**
     * Resolves {@code auto}, {@code cpu} or {@code gpu}.
     *
     * @throws IllegalArgumentException for {@code gpu} when the engine reports no GPU
     */
    public static Device resolve(DeviceChoice choice) {
        return switch (choice) {
            case AUTO -> gpuCount() > 0 ? Device.gpu() : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpuCount() == 0) {
                    throw new IllegalArgumentException("training.device: expected a usable GPU, got none: the "
                            + Engine.getInstance().getEngineName() + " engine reports 0 GPUs (a CUDA build of the "
                            + "native library must be on the classpath); use auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }

    private static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }
}
