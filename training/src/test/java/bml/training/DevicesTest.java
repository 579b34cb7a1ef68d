package bml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

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
        assertEquals(Device.cpu(), Devices.resolve("auto"));
    }

    @Test
    void anExplicitGpuWithoutOneFailsInsteadOfFallingBack() {
        assumeNoGpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu"));
        assertTrue(e.getMessage().startsWith("training.device: expected a usable GPU, got none"), e.getMessage());
        assertTrue(e.getMessage().contains("use auto or cpu"), e.getMessage());
    }

    @Test
    void aTrainingSessionAskedForAMissingGpuRefusesToStart() {
        assumeNoGpu();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.session(
                Fixtures.cnn(4), new bml.config.TrainingSettings(0, Fixtures.BATCH, "adam", 1e-3, 0.9, "mse", 0,
                        "gpu", 1), 3).close());
        assertTrue(e.getMessage().contains("training.device"), e.getMessage());
    }

    @Test
    void acceptsAnyCaseAndSurroundingSpaces() {
        assertEquals(Device.cpu(), Devices.resolve(" CPU "));
        assertEquals(Devices.resolve("auto"), Devices.resolve("Auto"));
    }

    @Test
    void rejectsAnUnknownOrMissingDeviceNamingTheSetting() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Devices.resolve("tpu"));
        assertEquals("training.device: expected auto, cpu or gpu, got 'tpu'", unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Devices.resolve(null));
        assertEquals("training.device: expected auto, cpu or gpu, got 'null'", missing.getMessage());
    }
}
