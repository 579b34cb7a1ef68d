package bml.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The replicates of the conditions a rule compares directly, and the checks every such rule makes before it reads a
 * number: planned, enough seeds planned, figures recorded, enough seeds finished.
 */
final class Replicates {
    /**
     * Seeds a directly compared condition needs before a rule calls a verdict on it. Why 3: one seed proves nothing
     * at this scale (the reference saw best-layer k-NN of 0.55 and 0.67 for two seeds of one setting, and one seed
     * that had not fitted its labels at all), and with fewer than three the min–max is not a spread.
     */
    static final int MIN = 3;

    private Replicates() {}

    /**
     * Why the sweep cannot test a rule on {@code ids}, or empty: a condition that is not in the sweep, or fewer than
     * {@code needed} replicates of it planned.
     */
    static Optional<String> notTestable(ResultTable table, int needed, String... ids) {
        for (String id : ids) {
            if (!table.planned(id)) {
                return Optional.of(id + " is not in this sweep");
            }
        }
        for (String id : ids) {
            int planned = table.replicates(id).size();
            if (planned < needed) {
                return Optional.of("the sweep planned " + planned + " seed" + (planned == 1 ? "" : "s") + " of " + id
                        + "; a verdict on it needs " + needed + " (bml reproduce --seeds " + needed + ")");
            }
        }
        return Optional.empty();
    }

    /** Why a rule cannot decide because fewer than {@code needed} replicates of a condition finished, or empty. */
    static Optional<String> tooFewFinished(ResultTable table, int needed, String... ids) {
        List<String> parts = new ArrayList<>();
        for (String id : ids) {
            List<RunResult> all = table.replicates(id);
            if (table.finishedReplicates(id).size() < needed) {
                List<String> states = all.stream().filter(run -> !run.finished())
                        .map(run -> run.runId() + " " + ClaimRules.state(run)).toList();
                parts.add(id + ": " + table.finishedReplicates(id).size() + " of " + all.size()
                        + " seeds finished, " + needed + " needed (" + String.join("; ", states) + ")");
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /** The finished runs among those of {@code ids} that lack a figure ({@code has} false), named, or empty. */
    static Optional<String> lacking(ResultTable table, java.util.function.Predicate<RunResult> has, String what,
                                    String... ids) {
        List<String> runs = new ArrayList<>();
        for (String id : ids) {
            table.finishedReplicates(id).stream().filter(run -> !has.test(run)).map(RunResult::runId)
                    .filter(runId -> !runs.contains(runId)).forEach(runs::add);
        }
        return runs.isEmpty() ? Optional.empty() : Optional.of(what + " (runs " + String.join(", ", runs)
                + " recorded none)");
    }

    /** {@code figure} of every finished replicate of {@code id}. */
    static Estimate each(ResultTable table, String id, Function<RunResult, Measure> figure) {
        return new Estimate(table.finishedReplicates(id).stream().map(figure).toList());
    }

    /**
     * {@code figure(a_r, b_r)} for every replicate index r finished in both {@code a} and {@code b}: replicate r of
     * each condition has the same label and initial-weight seeds, so they pair.
     */
    static Estimate paired(ResultTable table, String a, String b,
                           java.util.function.BiFunction<RunResult, RunResult, Measure> figure) {
        Map<Integer, RunResult> first = byReplicate(table, a);
        Map<Integer, RunResult> second = byReplicate(table, b);
        List<Measure> measures = new ArrayList<>();
        first.forEach((replicate, run) -> {
            if (second.containsKey(replicate)) {
                measures.add(figure.apply(run, second.get(replicate)));
            }
        });
        return new Estimate(measures);
    }

    private static Map<Integer, RunResult> byReplicate(ResultTable table, String id) {
        Map<Integer, RunResult> runs = new TreeMap<>();
        table.finishedReplicates(id).forEach(run -> runs.put(run.replicate(), run));
        return runs;
    }
}
