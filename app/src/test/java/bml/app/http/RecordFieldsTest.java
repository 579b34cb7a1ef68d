package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.Weighting;
import bml.runfiles.EndRecord;
import bml.runfiles.EndState;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import bml.runfiles.ViewsRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE filters peek at the records the run's codec writes: type and layer are found without parsing them. */
class RecordFieldsTest {

    @Test
    void findsTheTypeOfEveryRecordAndTheLayerOfAProbeAsTheCodecWritesThem() {
        List<MetricRecord> records = List.of(new TrainRecord(3, 1.0, 0.5, 0.25, 100.0),
                new ProbeRecord(2, 1.0, "b4", 0.5, 20, Weighting.TEMPERATURE, 2, 0.1, 0.45, 0.55),
                new ViewsRecord(3, 1.0, 64, 32.0, 5), EndRecord.of(3, 1.0, EndState.STOPPED));
        for (MetricRecord record : records) {
            String layer = record instanceof ProbeRecord probe ? probe.layer() : null;
            assertEquals(new RecordFields(record.type(), layer), RecordFields.read(RunJson.line(record), true));
            assertEquals(new RecordFields(record.type(), null), RecordFields.read(RunJson.line(record), false));
        }
    }
}
