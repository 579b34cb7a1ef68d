package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBoardTagsTest {

    @Test
    void aTrainRecordBecomesLossFitAndThroughputPlusAnyExtraField() throws IOException {
        TensorBoardTags.Points points = TensorBoardTags.of(json(
                "{\"type\":\"train\",\"step\":7,\"time_s\":1.5,\"loss\":2.5,\"train_acc\":0.25,"
                        + "\"samples_per_s\":800.0,\"grad_norm\":3}"));
        assertEquals(7, points.step());
        assertEquals(List.of(new TensorBoardTags.Scalar("loss", 2.5), new TensorBoardTags.Scalar("fit/views", 0.25),
                new TensorBoardTags.Scalar("throughput/samples_per_s", 800.0),
                new TensorBoardTags.Scalar("train/grad_norm", 3.0)), points.scalars());
        assertTrue(points.texts().isEmpty());
    }

    @Test
    void aProbeRecordPlotsPerLayerAtTheSnapshotStep() throws IOException {
        TensorBoardTags.Points points = TensorBoardTags.of(json(
                "{\"type\":\"probe\",\"step\":30,\"time_s\":9,\"layer\":\"block1\",\"knn_acc\":0.5,\"k\":20,"
                        + "\"weighting\":\"uniform\",\"snapshot_step\":20,\"probe_s\":1.25,\"clean_fit\":0.75}"));
        assertEquals(20, points.step());
        assertEquals(List.of(new TensorBoardTags.Scalar("knn/block1", 0.5),
                new TensorBoardTags.Scalar("probe/seconds", 1.25),
                new TensorBoardTags.Scalar("clean_fit/block1", 0.75)), points.scalars());
    }

    @Test
    void theCleanFitAndTheRecalibratedBaselineGetTagsOfTheirOwn() throws IOException {
        TensorBoardTags.Points fit = TensorBoardTags.of(json(
                "{\"type\":\"fit\",\"step\":20,\"time_s\":9,\"clean_fit\":0.75,\"views_fit\":0.5}"));
        assertEquals(List.of(new TensorBoardTags.Scalar("fit/clean", 0.75),
                new TensorBoardTags.Scalar("fit/views_last50", 0.5)), fit.scalars());
        TensorBoardTags.Points baseline = TensorBoardTags.of(json(
                "{\"type\":\"baseline\",\"step\":0,\"time_s\":1,\"layer\":\"b4\",\"knn_acc\":0.25,"
                        + "\"calibration\":\"bn-recalibrated\",\"knn_ci_low\":0.2,\"knn_ci_high\":0.3}"));
        assertEquals(List.of(new TensorBoardTags.Scalar("baseline/knn/b4", 0.25),
                new TensorBoardTags.Scalar("baseline/knn_ci_low/b4", 0.2),
                new TensorBoardTags.Scalar("baseline/knn_ci_high/b4", 0.3)), baseline.scalars(),
                "never knn/b4, which is the raw step-0 probe's");
    }

    @Test
    void aViewsRecordBecomesThroughputLagAndProduced() throws IOException {
        TensorBoardTags.Points points = TensorBoardTags.of(json(
                "{\"type\":\"views\",\"step\":4,\"time_s\":2,\"produced\":512,\"views_per_s\":99.5,\"queue_lag\":12}"));
        assertEquals(List.of(new TensorBoardTags.Scalar("views/produced", 512.0),
                new TensorBoardTags.Scalar("throughput/views_per_s", 99.5),
                new TensorBoardTags.Scalar("queue/lag", 12.0)), points.scalars());
    }

    @Test
    void aConfigPatchBecomesAMarkdownTableInEitherChangeForm() throws IOException {
        String expected = "origin: live.conf\n\n| key | old | new |\n| --- | --- | --- |\n"
                + "| probe.k | 20 | 10 |\n| a | x \\| y | z |\n";
        String asObjects = "{\"type\":\"config\",\"step\":5,\"origin\":\"live.conf\",\"changes\":"
                + "{\"probe.k\":{\"old\":\"20\",\"new\":\"10\"},\"a\":{\"old\":\"x | y\",\"new\":\"z\"}}}";
        String asPairs = "{\"type\":\"config\",\"step\":5,\"origin\":\"live.conf\",\"changes\":"
                + "{\"probe.k\":[\"20\",\"10\"],\"a\":[\"x | y\",\"z\"]}}";
        for (String record : List.of(asObjects, asPairs)) {
            TensorBoardTags.Points points = TensorBoardTags.of(json(record));
            assertEquals(List.of(new TensorBoardTags.Text("config", expected)), points.texts());
            assertTrue(points.scalars().isEmpty());
        }
    }

    @Test
    void theEndStatusAndOtherMessagesBecomeTexts() throws IOException {
        assertEquals(List.of(new TensorBoardTags.Text("end", "status: failed")), TensorBoardTags.of(json(
                "{\"type\":\"end\",\"step\":9,\"message\":\"failed\",\"status\":\"failed\"}")).texts());
        assertEquals(List.of(new TensorBoardTags.Text("probe_failed", "out of memory")), TensorBoardTags.of(json(
                "{\"type\":\"probe_failed\",\"step\":9,\"time_s\":1,\"message\":\"out of memory\"}")).texts());
    }

    @Test
    void anUnknownTypeKeepsItsNumbersUnderItsName() throws IOException {
        assertEquals(List.of(new TensorBoardTags.Scalar("gc/pause_ms", 12.0)), TensorBoardTags.of(json(
                "{\"type\":\"gc\",\"step\":3,\"time_s\":1,\"pause_ms\":12,\"collector\":\"G1\",\"full\":false}"))
                .scalars());
    }

    @Test
    void nonFiniteValuesWrittenAsTextAreNumbers() throws IOException {
        List<TensorBoardTags.Scalar> scalars = TensorBoardTags.of(json(
                "{\"type\":\"train\",\"step\":1,\"loss\":\"NaN\",\"train_acc\":\"Infinity\"}")).scalars();
        assertTrue(Double.isNaN(scalars.get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, scalars.get(1).value());
    }

    private static JsonNode json(String text) throws IOException {
        return MetricsFile.JSON.readTree(text);
    }
}
