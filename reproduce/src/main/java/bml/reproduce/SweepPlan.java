package bml.reproduce;

import bml.config.BmlSettings;
import bml.config.ConfigError;
import bml.config.Seeds;
import bml.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The distinct runs of a sweep: every condition's settings resolved (budget, data, condition, replicate seeds, then
 * the user's {@code --config} and {@code --set}), validated, and deduplicated so that identical configurations run
 * once.
 *
 * <p>Why all of it up front: a bad override must fail before any run starts, not at the seventh run.
 *
 * <p>Replicates: the conditions of a {@linkplain Condition.Group#replicated() replicated} group run once per seed;
 * seed k (from the second on) sets {@code seeds.labels} and {@code seeds.init} to sub-seeds of the base seed
 * ({@code Seeds.derive(seed, "replicate-labels", k - 1)} and {@code "replicate-init"}), so its labels and initial
 * weights are independent of the other seeds' while data, views and augmentation stay the same. The first seed
 * keeps the base settings' own seeds.
 *
 * @param base  the settings every condition starts from (budget, data and user overrides, no condition)
 * @param seeds replicates of the directly compared conditions
 */
public record SweepPlan(Budget budget, String data, int seeds, Path outDir, BmlSettings base,
                        List<Condition> conditions, List<PlannedRun> runs) {

    /** Keys the sweep sets last, whatever the user asks: runs are watched through the report, not over HTTP. */
    static final List<String> SWEEP_OWNED = List.of("http.enabled=false");

    public SweepPlan {
        conditions = List.copyOf(conditions);
        runs = List.copyOf(runs);
    }

    /** A plan of {@code budget}'s default number of seeds. */
    public SweepPlan(Budget budget, String data, Path outDir, BmlSettings base, List<Condition> conditions,
                     List<PlannedRun> runs) {
        this(budget, data, budget.defaultSeeds(), outDir, base, conditions, runs);
    }

    /** Plans every condition of {@code budget} with its default number of seeds. */
    public static SweepPlan create(Budget budget, String data, Path outDir, Optional<Path> userConfig,
                                   List<String> userOverrides) {
        return create(budget, data, budget.defaultSeeds(), outDir, userConfig, userOverrides, condition -> true);
    }

    /** Plans the conditions of {@code budget} that {@code include} accepts, with its default number of seeds. */
    public static SweepPlan create(Budget budget, String data, Path outDir, Optional<Path> userConfig,
                                   List<String> userOverrides, Predicate<Condition> include) {
        return create(budget, data, budget.defaultSeeds(), outDir, userConfig, userOverrides, include);
    }

    /**
     * Plans the conditions of {@code budget} that {@code include} accepts, the replicated ones {@code seeds} times.
     *
     * @throws ConfigError when the user's settings, or a condition with them applied, are invalid (a condition's
     *                     problems carry its id in their origin), or when the user fixes both seeds while asking
     *                     for more than one replicate
     * @throws IllegalArgumentException when {@code seeds} is below 1
     */
    public static SweepPlan create(Budget budget, String data, int seeds, Path outDir, Optional<Path> userConfig,
                                   List<String> userOverrides, Predicate<Condition> include) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds: expected >= 1, got " + seeds);
        }
        List<String> user = new UserSettings(userConfig, userOverrides).asOverrides();
        BmlSettings base = load("the sweep's base settings", layers(budget, data, List.of(), List.of(), user));
        if (seeds > 1 && base.seeds().labels().isPresent() && base.seeds().init().isPresent()) {
            throw new ConfigError(List.of(new ConfigError.Problem("seeds", "--seeds " + seeds,
                    "seeds.labels or seeds.init left derived, so that the " + seeds + " replicates differ",
                    "both set by --config / --set")));
        }
        Map<BmlSettings, Planned> distinct = new LinkedHashMap<>();
        Map<Condition, List<Planned>> replicatedRuns = new LinkedHashMap<>();
        List<Condition> included = new ArrayList<>();
        for (Condition condition : Conditions.of(budget)) {
            if (!include.test(condition)) {
                continue;
            }
            included.add(condition);
            int replicates = condition.group().replicated() ? seeds : 1;
            for (int replicate = 0; replicate < replicates; replicate++) {
                BmlSettings settings = load("condition " + condition.id() + (replicate == 0 ? ""
                        : ", seed " + (replicate + 1)), layers(budget, data, condition.settings(),
                        replicateSeeds(base.seed(), replicate), user));
                int r = replicate;
                Planned planned = distinct.computeIfAbsent(settings, s -> new Planned(r, new ArrayList<>()));
                planned.conditions().add(condition);
                if (condition.group().replicated()) {
                    replicatedRuns.computeIfAbsent(condition, c -> new ArrayList<>()).add(planned);
                }
            }
        }
        shareReplicates(replicatedRuns);
        List<PlannedRun> runs = new ArrayList<>();
        distinct.forEach((settings, planned) -> {
            String id = planned.conditions().get(0).id() + (planned.replicate() == 0 ? ""
                    : "-s" + (planned.replicate() + 1));
            runs.add(new PlannedRun(id, inDirectory(settings, runDirectory(outDir, id)), planned.conditions(),
                    varying(base, settings), planned.replicate()));
        });
        return new SweepPlan(budget, data, seeds, outDir, base, included, runs);
    }

    private record Planned(int replicate, List<Condition> conditions) {}

    /**
     * A one-seed condition whose settings are those of a replicated condition's first seed (views-fresh and head-512
     * are random-full) stands for that condition's other seeds too. Why: it is the same experiment, so its table row,
     * its plot point and the rules that read it should rest on every seed that ran, not on the first alone.
     */
    private static void shareReplicates(Map<Condition, List<Planned>> replicatedRuns) {
        replicatedRuns.values().forEach(seeds -> {
            List<Condition> sharing = seeds.get(0).conditions().stream()
                    .filter(condition -> !condition.group().replicated()).toList();
            for (Planned later : seeds.subList(1, seeds.size())) {
                sharing.stream().filter(condition -> !later.conditions().contains(condition))
                        .forEach(later.conditions()::add);
            }
        });
    }

    /** The overrides that make replicate {@code r} (0-based) draw its own labels and initial weights. */
    static List<String> replicateSeeds(long baseSeed, int replicate) {
        if (replicate == 0) {
            return List.of();
        }
        return List.of("seeds.labels=" + Seeds.derive(baseSeed, "replicate-labels", replicate),
                "seeds.init=" + Seeds.derive(baseSeed, "replicate-init", replicate));
    }

    /** Where the run {@code id} of a sweep writing to {@code outDir} keeps its files. */
    public static Path runDirectory(Path outDir, String id) {
        return outDir.resolve("runs").resolve(id);
    }

    /** The first replicate's planned run for condition {@code id}, if it was planned. */
    public Optional<PlannedRun> runFor(String conditionId) {
        return runs.stream().filter(run -> run.conditionIds().contains(conditionId)).findFirst();
    }

    /** Every planned run for condition {@code id}, one per replicate. */
    public List<PlannedRun> runsFor(String conditionId) {
        return runs.stream().filter(run -> run.conditionIds().contains(conditionId)).toList();
    }

    private static List<String> layers(Budget budget, String data, List<String> condition, List<String> seeds,
                                       List<String> user) {
        List<String> all = new ArrayList<>(budget.settings());
        all.add("data.source=" + data);
        all.addAll(condition);
        all.addAll(seeds);
        all.addAll(user);
        all.addAll(SWEEP_OWNED);
        return all;
    }

    private static BmlSettings load(String what, List<String> overrides) {
        try {
            return SettingsLoader.load(Optional.empty(), overrides);
        } catch (ConfigError e) {
            throw new ConfigError(e.problems().stream()
                    .map(p -> new ConfigError.Problem(p.key(), what + ", " + p.origin(), p.expected(), p.got()))
                    .toList());
        }
    }

    private static BmlSettings inDirectory(BmlSettings s, Path dir) {
        return s.withRunDir(dir.toString());
    }

    private static Map<String, String> varying(BmlSettings base, BmlSettings settings) {
        Map<String, String> changes = new LinkedHashMap<>();
        SettingsLoader.diff(base, settings).forEach((key, values) -> changes.put(key, values[1]));
        return changes;
    }
}
