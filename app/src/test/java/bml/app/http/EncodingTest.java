package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.actors.RunControl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure pieces of the API: SSE frames, record fields, filters, resume points, Prometheus text, tokens. */
class EncodingTest {

    @Test
    void sseFrameSplitsMultiLineDataIntoDataLines() {
        StringBuilder out = new StringBuilder();
        SseFrames.append(out, 42, "probe", "{\"a\":1,\r\n\"b\":2}");
        assertEquals("id: 42\nevent: probe\ndata: {\"a\":1,\ndata: \"b\":2}\n\n", out.toString());
    }

    @Test
    void sseFrameWithoutATypeIsUnnamed() {
        StringBuilder out = new StringBuilder();
        SseFrames.append(out, 7, null, "x");
        assertEquals("id: 7\ndata: x\n\n", out.toString());
    }

    @Test
    void recordFieldsSkipNestedValuesAndSurviveNonJson() {
        assertEquals(new RecordFields("probe", "b4"),
                RecordFields.read("{\"step\":1,\"nested\":{\"type\":\"no\"},\"type\":\"probe\",\"layer\":\"b4\"}", true));
        assertEquals(new RecordFields("train", null), RecordFields.read("{\"type\":\"train\",\"layer\":\"b4\"}", false));
        assertEquals(new RecordFields(null, null), RecordFields.read("not json", true));
    }

    @Test
    void filterTakesCommaSeparatedAndRepeatedParameters() {
        EventFilter filter = EventFilter.of(List.of("probe, train", "views"), List.of());
        assertTrue(filter.accepts("views", null));
        assertFalse(filter.accepts("probe_failed", null));
        assertFalse(filter.accepts(null, null));
        assertTrue(EventFilter.ALL.accepts(null, "b1"));
    }

    @Test
    void resumePointReadsFromInclusiveAndLastEventIdExclusive() {
        assertEquals(Optional.of(new ResumePoint(9)), ResumePoint.of(Optional.of("10"), Optional.empty()));
        assertEquals(Optional.of(new ResumePoint(10)), ResumePoint.of(Optional.empty(), Optional.of("10")));
        assertEquals(Optional.empty(), ResumePoint.of(Optional.empty(), Optional.empty()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResumePoint.of(Optional.of("-3"), Optional.empty()));
        assertTrue(e.getMessage().startsWith("from must be a metrics queue index"), e.getMessage());
    }

    @Test
    void prometheusRendersNaNBeforeTheFirstProbeAndEscapesLabels() {
        String text = PrometheusText.render(new RunControl.Latest(5, Double.NaN, 0.5, Double.POSITIVE_INFINITY,
                1.0, 0, Map.of("we\"ird\\", 0.5), -1, 0));
        assertTrue(text.contains("\nbml_train_loss NaN\n"), text);
        assertTrue(text.contains("\nbml_samples_per_second +Inf\n"), text);
        assertTrue(text.contains("\nbml_probe_staleness_steps NaN\n"), text);
        assertTrue(text.contains("\nbml_knn_accuracy{layer=\"we\\\"ird\\\\\"} 0.5\n"), text);
        assertTrue(text.contains("# TYPE bml_probes_completed_total counter\nbml_probes_completed_total 0\n"), text);
    }

    @Test
    void tokenAdmitsOnlyItsOwnBearerValue() {
        BearerToken token = new BearerToken("abc");
        assertTrue(token.admits(Optional.of("Bearer abc")));
        assertTrue(token.admits(Optional.of("bearer  abc ")));
        assertFalse(token.admits(Optional.of("Bearer abd")));
        assertFalse(token.admits(Optional.of("Basic abc")));
        assertFalse(token.admits(Optional.empty()));
    }
}
