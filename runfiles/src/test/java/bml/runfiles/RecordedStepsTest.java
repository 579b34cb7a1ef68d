package bml.runfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Weighting;
import org.junit.jupiter.api.Test;

/** What metrics records say a run recorded: its last train step, the probes that ended, and whether it ended. */
class RecordedStepsTest {
    private static String train(long step) {
        return RunJson.line(new TrainRecord(step, step, 1.0, 0.5, 100));
    }

    private static String probe(long step) {
        return RunJson.line(new ProbeRecord(step, step, "b1", 0.5, 20, Weighting.MAJORITY, step, 0.1, Double.NaN,
                Double.NaN));
    }

    @Test
    void theLastTrainStepTheEndedProbesAndTheFirstDueProbeMissing() {
        RecordedSteps recorded = new RecordedSteps();
        assertEquals(-1, recorded.lastTrainStep());
        assertEquals(-1, recorded.firstMissingProbe(10));
        recorded.accept(probe(0));
        for (long step = 1; step <= 25; step++) {
            recorded.accept(train(step));
        }
        recorded.accept(RunJson.line(new ProbeFailedRecord(20, 20, "out of memory")));
        assertEquals(25, recorded.lastTrainStep());
        assertEquals(10, recorded.firstMissingProbe(10), "the probe of 10 never ended");
        assertEquals(20, recorded.lastProbedStep(), "a failed probe ended too");
        assertTrue(recorded.probed(0) && recorded.probed(20) && !recorded.probed(10));
        assertFalse(recorded.ended());
        recorded.accept(RunJson.line(new EndRecord(25, 26, "done", EndState.FINISHED)));
        assertTrue(recorded.ended());
    }

    @Test
    void aLineThatIsNoRecordIsRefusedWithItsText() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RecordedSteps().accept("{\"type\":\"train\",\"st"));
        assertTrue(error.getMessage().contains("not a bml metric record"), error.getMessage());
    }
}
