package bml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import bml.config.DeviceChoice;
import org.junit.jupiter.api.Test;

/**
 * What {@code training.device} does on a machine without a GPU (the build ships the CPU-only PyTorch library, so
 * that is every machine the tests run on unless a CUDA build was put in its place).
 */
class DevicesTest {

    private static void assumeNoGpu() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "these expectations are for a machine without a GPU");
    }

    @Test
    void autoFallsBackToTheCpuWhenTheEngineHasNoGpu() {
        assumeNoGpu();
        assertEquals(Device.cpu(), Devices.resolve(DeviceChoice.AUTO));
        assertEquals(Device.cpu(), Devices.resolve(DeviceChoice.CPU));
    }

    @Test
    void anExplicitGpuWithoutOneFailsInsteadOfFallingBack() {
        assumeNoGpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.resolve(DeviceChoice.GPU));
        assertTrue(e.getMessage().startsWith("training.device: expected a usable GPU, got none"), e.getMessage());
        assertTrue(e.getMessage().contains("use auto or cpu"), e.getMessage());
    }

    @Test
    void aTrainingSessionAskedForAMissingGpuRefusesToStart() {
        assumeNoGpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.session(
                Fixtures.cnn(4), new bml.config.TrainingSettings(0, Fixtures.BATCH, bml.config.Optimizer.ADAM, 1e-3,
                        0.9, bml.config.Loss.MSE, 0, DeviceChoice.GPU, 1), 3).close());
        assertTrue(e.getMessage().contains("training.device"), e.getMessage());
    }
}
