package bml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import bml.config.DeviceChoice;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void resolvesCpuAndPicksTheGpuForAutoOnlyWhenTheEngineHasOne() {
        assertEquals(Device.cpu(), Devices.resolve(DeviceChoice.CPU));
        Device expected = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        assertEquals(expected, Devices.resolve(DeviceChoice.AUTO));
    }
}
