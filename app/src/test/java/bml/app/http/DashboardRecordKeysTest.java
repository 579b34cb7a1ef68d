package bml.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Weighting;
import bml.runfiles.ConfigRecord;
import bml.runfiles.EndRecord;
import bml.runfiles.EndState;
import bml.runfiles.FitRecord;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import bml.runfiles.ViewsRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JavaScript reads metric records by their JSON keys, which no compiler checks: every key it reads
 * must be in the records the run writes, and every event it listens to must be a record type.
 */
class DashboardRecordKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Each record type the dashboard handles, one record of it, and the keys the dashboard reads from it: see
     * {@code onTrain}, {@code onViews}, {@code onProbe}, {@code onFit}, {@code onConfig}, the {@code end} listener and
     * {@code renderTable} in {@code dashboard/dashboard.js}, and {@code HeatMap} in {@code dashboard/charts.js}.
     * When the JavaScript reads a new key, add it here.
     */
    private static final Map<MetricRecord, Set<String>> READ_BY_THE_DASHBOARD = new LinkedHashMap<>();

    static {
        READ_BY_THE_DASHBOARD.put(new TrainRecord(3, 1.0, 0.5, 0.25, 100.0),
                Set.of("step", "loss", "train_acc", "samples_per_s"));
        READ_BY_THE_DASHBOARD.put(new ViewsRecord(3, 1.0, 64, 32.0, 5), Set.of("step", "views_per_s", "queue_lag"));
        READ_BY_THE_DASHBOARD.put(new ProbeRecord(2, 1.0, "b4", 0.5, 20, Weighting.MAJORITY, 2, 0.1, 0.45, 0.55),
                Set.of("step", "snapshot_step", "layer", "knn_acc", "k", "weighting"));
        READ_BY_THE_DASHBOARD.put(new ConfigRecord(3, 1.0, "PATCH /api/config",
                Map.of("training.lr", new ConfigRecord.Change("0.001", "5.0E-4"))), Set.of("step", "origin", "changes"));
        READ_BY_THE_DASHBOARD.put(EndRecord.of(3, 1.0, EndState.FINISHED), Set.of("step", "status"));
        READ_BY_THE_DASHBOARD.put(new FitRecord(2, 1.0, 0.75, 0.5), Set.of("step", "clean_fit"));
    }

    /** The keys of one changed setting inside {@code changes}, read by {@code describeChanges}. */
    private static final Set<String> CHANGE_KEYS = Set.of("old", "new");

    private static String asset(String name) throws IOException {
        try (InputStream in = DashboardRecordKeysTest.class.getClassLoader()
                .getResourceAsStream(DashboardAssets.ROOT + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyKeyTheDashboardReadsIsWrittenInItsRecord() throws IOException {
        for (Map.Entry<MetricRecord, Set<String>> entry : READ_BY_THE_DASHBOARD.entrySet()) {
            JsonNode written = JSON.readTree(RunJson.line(entry.getKey()));
            for (String key : entry.getValue()) {
                assertTrue(written.has(key), entry.getKey().type() + " records lack '" + key + "': " + written);
            }
            if (written.has("changes")) {
                written.get("changes").forEach(change -> CHANGE_KEYS.forEach(key ->
                        assertTrue(change.has(key), "a change lacks '" + key + "': " + written)));
            }
        }
    }

    /** {@code r} is a record and {@code c} a change in the dashboard's scripts: what they read must be listed above. */
    @Test
    void theListAboveHoldsEveryKeyTheScriptsRead() throws IOException {
        Set<String> listed = new TreeSet<>(CHANGE_KEYS);
        READ_BY_THE_DASHBOARD.values().forEach(listed::addAll);
        Pattern recordKey = Pattern.compile("\\b[rc]\\.([a-z_]+)\\b");
        for (String script : new String[] {"dashboard.js", "charts.js"}) {
            Set<String> read = matches(recordKey, asset(script));
            assertTrue(!read.isEmpty(), script + " reads no record key: the pattern no longer fits the script");
            read.removeAll(listed);
            assertEquals(Set.of(), read, script + " reads keys not listed in READ_BY_THE_DASHBOARD");
        }
    }

    @Test
    void everyEventTheDashboardListensToIsARecordType() throws IOException {
        String script = asset("dashboard.js");
        Set<String> events = new TreeSet<>();
        Matcher handlers = Pattern.compile("const handlers = \\{([^}]*)}").matcher(script);
        assertTrue(handlers.find(), "dashboard.js has no handlers table");
        events.addAll(matches(Pattern.compile("(\\w+):\\s*on\\w+"), handlers.group(1)));
        events.addAll(matches(Pattern.compile("source\\.addEventListener\\('(\\w+)'"), script));
        Set<String> types = new TreeSet<>();
        READ_BY_THE_DASHBOARD.keySet().forEach(record -> types.add(record.type()));
        assertEquals(types, events);
    }
}
