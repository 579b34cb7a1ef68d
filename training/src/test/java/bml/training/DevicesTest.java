package bml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void resolvesCpuAndPicksTheGpuForAutoOnlyWhenTheEngineHasOne() {
        assertEquals(Device.cpu(), Devices.resolve("CPU"));
        Device expected = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        assertEquals(expected, Devices.resolve("auto"));
    }

    @Test
    void rejectsAnUnknownDeviceNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu"));
        assertTrue(e.getMessage().contains("training.device") && e.getMessage().contains("tpu"), e.getMessage());
    }
}
