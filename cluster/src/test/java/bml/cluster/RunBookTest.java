package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.SettingsLoader;
import bml.reproduce.Condition;
import bml.reproduce.PlannedRun;
import bml.reproduce.RunRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The coordinator's ledger: a lost worker's runs go back, stale attempts are ignored, nothing is counted twice. */
class RunBookTest {
    private static PlannedRun run(String id) {
        Condition condition = new Condition(id, id, Condition.Group.BASELINES, Double.NaN, List.of());
        return new PlannedRun(id, SettingsLoader.load(Optional.empty(), List.of()), List.of(condition), Map.of());
    }

    private static RunRecord finished(RunBook.Entry entry) {
        return new RunRecord(entry.run, RunRecord.State.FINISHED, null, 100, 1.0);
    }

    @Test
    void aLostWorkersRunGoesBackToThePlanAndItsOldAttemptIsStale() {
        RunBook book = new RunBook(List.of(run("a"), run("b")), Map.of());
        Object w1 = "w1";
        Object w2 = "w2";
        RunBook.Entry a = book.assign(w1, "w1").orElseThrow();
        RunBook.Entry b = book.assign(w2, "w2").orElseThrow();
        assertEquals("a", a.run.id());
        assertEquals("b", b.run.id());
        assertTrue(book.assign(w2, "w2").isEmpty(), "nothing left to hand out");

        for (RunBook.Entry held : book.heldBy(w1)) {
            assertTrue(book.release(held, "worker w1 was lost"));
        }
        RunBook.Entry again = book.assign(w2, "w2").orElseThrow();
        assertEquals("a", again.run.id());
        assertEquals(2, again.attempt);
        assertTrue(book.current("a", 1, w1).isEmpty(), "the lost attempt is stale");
        assertTrue(book.current("a", 2, w1).isEmpty(), "and belongs to another worker now");
        assertTrue(book.current("a", 2, w2).isPresent());

        book.home(again, finished(again));
        book.home(b, finished(b));
        assertTrue(book.allHome());
        List<RunRecord> records = book.records("not run");
        assertEquals(List.of("a", "b"), records.stream().map(r -> r.run().id()).toList());
        assertEquals(List.of(RunRecord.State.FINISHED, RunRecord.State.FINISHED),
                records.stream().map(RunRecord::state).toList());
    }

    @Test
    void aRunLostTooOftenIsRecordedFailedNotDropped() {
        RunBook book = new RunBook(List.of(run("a")), Map.of());
        for (int i = 1; i < RunBook.MAX_ATTEMPTS; i++) {
            RunBook.Entry entry = book.assign("w" + i, "w" + i).orElseThrow();
            assertTrue(book.release(entry, "lost"));
        }
        RunBook.Entry last = book.assign("w9", "w9").orElseThrow();
        assertFalse(book.release(last, "lost again"));
        assertTrue(book.allHome());
        RunRecord record = book.records("not run").get(0);
        assertEquals(RunRecord.State.FAILED, record.state());
        assertTrue(record.error().contains("lost again"), record.error());
    }

    @Test
    void runsAlreadyHomeAreNotHandedOutAgainAndTheRestAreNotRunUntilTheyCome() {
        PlannedRun a = run("a");
        RunBook book = new RunBook(List.of(a, run("b")),
                Map.of("a", new RunRecord(a, RunRecord.State.FINISHED, null, 10, 2.0)));
        assertEquals(1, book.homeCount());
        assertEquals("b", book.assign("w", "w").orElseThrow().run.id());
        assertEquals(List.of(RunRecord.State.FINISHED, RunRecord.State.NOT_RUN),
                book.records("stopped").stream().map(RunRecord::state).toList());
    }

    private static RunBook.CheckpointHome copy(long step, int attempt) {
        return new RunBook.CheckpointHome(step, Path.of("out/.checkpoints/a/step-" + step + "." + attempt),
                List.of(new FileEntry(ResultFiles.CHECKPOINT, 10, "00".repeat(32))));
    }

    @Test
    void checkpointCopiesComeHomeOneAtATimeEachNewerAndTheNewestResumesTheRunElsewhere() {
        RunBook book = new RunBook(List.of(run("a")), Map.of());
        RunBook.Entry a = book.assign("w1", "w1").orElseThrow();
        assertEquals(-1, a.resumeStep, "a first attempt starts from the start");

        assertNull(book.checkpointRefusal(a, 20));
        book.checkpointIncoming(a, 20);
        assertTrue(book.checkpointRefusal(a, 40).contains("still on its way"), "one copy in flight per run");
        assertEquals(Optional.empty(), book.checkpointArrived(a, 20, copy(20, 1)), "nothing to replace yet");
        assertTrue(book.checkpointRefusal(a, 20).contains("home already"), "only a newer step is worth a copy");

        book.checkpointIncoming(a, 40);
        book.checkpointLost(a, 40);
        assertNull(book.checkpointRefusal(a, 40), "a copy that failed lets the next one come");
        book.checkpointIncoming(a, 40);
        assertEquals(Optional.of(copy(20, 1)), book.checkpointArrived(a, 40, copy(40, 1)),
                "the newer copy replaces the older, which is deleted");

        book.checkpointIncoming(a, 60);
        assertTrue(book.release(a, "worker w1 was lost"));
        assertEquals(Optional.of(copy(60, 1)), book.checkpointArrived(a, 60, copy(60, 1)),
                "a copy landing after its attempt was taken back is not kept");

        RunBook.Entry again = book.assign("w2", "w2").orElseThrow();
        assertEquals(2, again.attempt);
        assertEquals(40, again.resumeStep, "the run resumes from the newest copy home");
        assertTrue(book.current("a", 1, "w1").isEmpty());
        assertNull(book.checkpointRefusal(again, 60), "the resumed attempt copies its own newer checkpoints");

        book.receiving(again);
        assertTrue(book.checkpointRefusal(again, 80).contains("not training"), "no copy once the results come");
        assertEquals(Optional.of(copy(40, 1)), book.dropCheckpoint(again), "the copy goes once the run is home");
        assertEquals(Optional.empty(), book.dropCheckpoint(again));
    }

    @Test
    void aRunWithoutACopyHomeStartsAgainFromTheStart() {
        RunBook book = new RunBook(List.of(run("a")), Map.of());
        RunBook.Entry a = book.assign("w1", "w1").orElseThrow();
        book.checkpointIncoming(a, 20);
        assertTrue(book.release(a, "lost before its first copy came home"));
        assertEquals(-1, book.assign("w2", "w2").orElseThrow().resumeStep);
    }
}
