package bml.cluster;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a sweep on the cluster, for its live view: every run's state and where it is, the workers, and
 * the workers that were refused.
 *
 * @param over true once the report is written
 */
public record SweepView(List<RunView> runs, int workers, List<String> refusals, boolean stopping, boolean over) {

    /**
     * One run.
     *
     * @param state   {@code pending}, {@code running}, {@code receiving} (its files are on their way home), or the
     *                state it ended in ({@code finished}, {@code failed}, {@code stopped})
     * @param worker  the worker that holds (or held) it, "" while pending
     * @param knn     the latest k-NN accuracy per layer, measured at {@code knnStep} (-1: none yet)
     * @param url     the run's own HTTP API on its worker while it trains, "" when not served
     */
    public record RunView(String id, List<String> conditions, String state, String worker, int attempt, long step,
                          long totalSteps, Map<String, Double> knn, long knnStep, String url) {}

    public SweepView {
        runs = List.copyOf(runs);
        refusals = List.copyOf(refusals);
    }

    static SweepView of(RunBook book, int workers, List<String> refusals, boolean stopping, boolean over) {
        List<RunView> runs = book.entries().stream().map(SweepView::view).toList();
        return new SweepView(runs, workers, refusals, stopping, over);
    }

    private static RunView view(RunBook.Entry e) {
        String state = e.phase == RunBook.Phase.HOME ? e.record.state().toString() : e.phase.name().toLowerCase();
        return new RunView(e.run.id(), e.run.conditionIds(), state, e.workerName, e.attempt, e.step,
                e.run.settings().training().steps(), e.knn, e.knnStep, e.phase == RunBook.Phase.RUNNING ? e.url : "");
    }
}
