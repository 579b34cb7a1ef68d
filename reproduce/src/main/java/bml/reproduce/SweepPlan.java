package bml.reproduce;

import bml.config.BmlSettings;
import bml.config.ConfigError;
import bml.config.RunSettings;
import bml.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The distinct runs of a sweep: every condition's settings resolved (budget, data, condition, then the user's
 * {@code --config} and {@code --set}), validated, and deduplicated so that identical configurations run once.
 *
 * <p>Why all of it up front: a bad override must fail before any run starts, not at the seventh run.
 *
 * @param base the settings every condition starts from (budget, data and user overrides, no condition)
 */
public record SweepPlan(Budget budget, String data, Path outDir, BmlSettings base, List<Condition> conditions,
                        List<PlannedRun> runs) {

    /** Keys the sweep sets last, whatever the user asks: runs are watched through the report, not over HTTP. */
    static final List<String> SWEEP_OWNED = List.of("http.enabled=false");

    public SweepPlan {
        conditions = List.copyOf(conditions);
        runs = List.copyOf(runs);
    }

    /** Plans every condition of {@code budget}. */
    public static SweepPlan create(Budget budget, String data, Path outDir, Optional<Path> userConfig,
                                   List<String> userOverrides) {
        return create(budget, data, outDir, userConfig, userOverrides, condition -> true);
    }

    /**
     * Plans the conditions of {@code budget} that {@code include} accepts.
     *
     * @throws ConfigError when the user's settings, or a condition with them applied, are invalid; a condition's
     *                     problems carry its id in their origin
     */
    public static SweepPlan create(Budget budget, String data, Path outDir, Optional<Path> userConfig,
                                   List<String> userOverrides, Predicate<Condition> include) {
        List<String> user = new UserSettings(userConfig, userOverrides).asOverrides();
        BmlSettings base = load("the sweep's base settings", layers(budget, data, List.of(), user));
        Map<BmlSettings, List<Condition>> distinct = new LinkedHashMap<>();
        List<Condition> included = new ArrayList<>();
        for (Condition condition : Conditions.of(budget)) {
            if (!include.test(condition)) {
                continue;
            }
            included.add(condition);
            BmlSettings settings = load("condition " + condition.id(),
                    layers(budget, data, condition.settings(), user));
            distinct.computeIfAbsent(settings, s -> new ArrayList<>()).add(condition);
        }
        List<PlannedRun> runs = new ArrayList<>();
        distinct.forEach((settings, conditions) -> {
            String id = conditions.get(0).id();
            runs.add(new PlannedRun(id, inDirectory(settings, runDirectory(outDir, id)), conditions,
                    varying(base, settings)));
        });
        return new SweepPlan(budget, data, outDir, base, included, runs);
    }

    /** Where the run {@code id} of a sweep writing to {@code outDir} keeps its files. */
    public static Path runDirectory(Path outDir, String id) {
        return outDir.resolve("runs").resolve(id);
    }

    /** The planned run that stands for condition {@code id}, if it was planned. */
    public Optional<PlannedRun> runFor(String conditionId) {
        return runs.stream().filter(run -> run.conditionIds().contains(conditionId)).findFirst();
    }

    private static List<String> layers(Budget budget, String data, List<String> condition, List<String> user) {
        List<String> all = new ArrayList<>(budget.settings());
        all.add("data.source=" + data);
        all.addAll(condition);
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
        return new BmlSettings(s.seed(), s.data(), s.labels(), s.augmentation(), s.model(), s.training(), s.probe(),
                s.queue(), new RunSettings(dir.toString(), s.run().progressSeconds()), s.http());
    }

    private static Map<String, String> varying(BmlSettings base, BmlSettings settings) {
        Map<String, String> changes = new LinkedHashMap<>();
        SettingsLoader.diff(base, settings).forEach((key, values) -> changes.put(key, values[1]));
        return changes;
    }
}
