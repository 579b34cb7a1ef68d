package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.BmlSettings;
import bml.config.DataSource;
import bml.config.Pipeline;
import bml.config.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning a sweep: every condition resolved, identical configurations run once, user overrides on top. */
class SweepPlanTest {
    @TempDir
    Path tmp;

    private SweepPlan plan(List<String> overrides) {
        return SweepPlan.create(Budget.QUICK, "shapes", tmp, Optional.empty(), overrides);
    }

    private static PlannedRun run(SweepPlan plan, String condition) {
        return plan.runFor(condition).orElseThrow();
    }

    @Test
    void identicalConfigurationsRunOnceAndKeepEveryConditionTheyStandFor() {
        SweepPlan plan = plan(List.of());
        assertEquals(21, plan.conditions().size());
        assertEquals(15, plan.runs().size());
        assertEquals(List.of("random-full", "views-fresh", "noise-1", "head-512"),
                run(plan, "random-full").conditionIds());
        assertEquals(List.of("true-full", "noise-0"), run(plan, "noise-0").conditionIds());
        assertEquals(List.of("views-8", "shared-8"), run(plan, "shared-8").conditionIds());
        assertEquals(List.of("shared-256"), run(plan, "shared-256").conditionIds());
        // Distinct apart from their run directories: what each run changes over the sweep's base settings.
        assertEquals(plan.runs().size(), plan.runs().stream().map(PlannedRun::varying).distinct().count());
        Set<String> ids = plan.runs().stream().map(PlannedRun::id).collect(Collectors.toSet());
        assertEquals(plan.runs().size(), ids.size());
    }

    @Test
    void conditionsSetTheirLabelsAugmentationAndHeadOverTheBudget() {
        SweepPlan plan = plan(List.of());
        BmlSettings none = run(plan, "random-none").settings();
        assertEquals(Pipeline.NONE, none.augmentation().pipeline());
        assertEquals(1.0, none.labels().noise());
        BmlSettings perView = run(plan, "per-view-64").settings();
        assertTrue(perView.labels().perView());
        assertEquals(64, perView.augmentation().viewsPerSample());
        assertEquals(0.8, run(plan, "random-mixup").settings().augmentation().mixup());
        assertEquals(0.0, run(plan, "random-full").settings().augmentation().mixup());
        assertEquals(0.5, run(plan, "noise-0.5").settings().labels().noise());
        assertEquals(8, run(plan, "iid-8").settings().augmentation().viewsPerSample());
        assertEquals(Pipeline.IID, run(plan, "iid-8").settings().augmentation().pipeline());
        assertEquals(Path.of(tmp.toString(), "runs", "iid-8").toString(), run(plan, "iid-8").settings().run().dir());
        assertEquals(800, none.training().steps());
        assertEquals(16, none.model().width());
        assertFalse(none.http().enabled(), "runs of a sweep serve no HTTP API");
        assertEquals(java.util.Map.of("augmentation.pipeline", "\"iid\"", "augmentation.views-per-sample", "2"),
                run(plan, "iid-2").varying());
        assertTrue(run(plan, "random-full").varying().isEmpty(), run(plan, "random-full").varying().toString());
    }

    @Test
    void userSetsAndConfigFileApplyOnTopOfEveryCondition() throws Exception {
        Path file = tmp.resolve("user.conf");
        Files.writeString(file, "bml { training { lr = 0.002 }, model.width = 8 }\n");
        SweepPlan plan = SweepPlan.create(Budget.QUICK, "fashion-mnist", tmp, Optional.of(file),
                List.of("training.steps=30", "http.enabled=true"));
        for (PlannedRun run : plan.runs()) {
            assertEquals(30, run.settings().training().steps());
            assertEquals(0.002, run.settings().training().lr());
            assertEquals(8, run.settings().model().width());
            assertEquals(DataSource.FASHION_MNIST, run.settings().data().source());
            assertFalse(run.settings().http().enabled());
        }
    }

    @Test
    void anOverrideOfAConditionKeyWinsAndMergesTheConditionsItEqualises() {
        SweepPlan plan = plan(List.of("augmentation.pipeline=full", "labels.noise=1.0"));
        assertEquals(List.of("random-none", "random-full", "true-full", "views-fresh", "noise-0", "noise-0.5",
                "noise-1", "head-512"), run(plan, "random-none").conditionIds());
        assertEquals(11, plan.runs().size(), "iid-8 with pipeline full is views-8");
    }

    @Test
    void aBadOverrideIsRejectedBeforeAnythingRuns() {
        ConfigError error = assertThrows(ConfigError.class, () -> plan(List.of("training.steps=abc")));
        assertTrue(error.getMessage().contains("--set training.steps=abc"), error.getMessage());
        assertThrows(ConfigError.class, () -> plan(List.of("model.widht=8")));
    }

    @Test
    void anOverrideThatBreaksSomeConditionsNamesThem() {
        ConfigError error = assertThrows(ConfigError.class, () -> plan(List.of("augmentation.views-per-sample=0")));
        assertTrue(error.getMessage().contains("condition per-view-8"), error.getMessage());
        assertTrue(error.getMessage().contains("bml.labels.per-view"), error.getMessage());
        assertFalse(error.getMessage().contains("condition random-full"), error.getMessage());
    }

    @Test
    void aPlanFilterKeepsOnlyTheChosenConditions() {
        SweepPlan plan = SweepPlan.create(Budget.QUICK, "shapes", tmp, Optional.empty(), List.of(),
                c -> c.group() == Condition.Group.BASELINES);
        assertEquals(List.of("random-none", "random-full", "true-full"),
                plan.runs().stream().map(PlannedRun::id).toList());
    }

    @Test
    void directlyComparedConditionsRunOncePerSeedWithTheirOwnLabelAndInitialWeightSeeds() {
        SweepPlan plan = SweepPlan.create(Budget.STANDARD, "shapes", tmp, Optional.empty(), List.of());
        assertEquals(3, plan.seeds());
        List<PlannedRun> full = plan.runsFor("random-full");
        assertEquals(List.of("random-full", "random-full-s2", "random-full-s3"),
                full.stream().map(PlannedRun::id).toList());
        assertEquals(List.of(0, 1, 2), full.stream().map(PlannedRun::replicate).toList());
        assertEquals(List.of("random-full", "noise-1", "views-fresh", "head-512"), full.get(1).conditionIds(),
                "the trend points that are random-full have its every seed, without running more");
        assertEquals(full, plan.runsFor("views-fresh"));
        assertEquals(full, plan.runsFor("head-512"));
        BmlSettings first = full.get(0).settings();
        BmlSettings second = full.get(1).settings();
        BmlSettings third = full.get(2).settings();
        assertEquals(first.seed(), first.labelsSeed(), "the first seed keeps the base seeds");
        assertEquals(first.seed(), first.initSeed());
        assertEquals(first.seed(), second.seed(), "same data, views and augmentation");
        assertEquals(first.data(), second.data());
        java.util.Set<Long> labelSeeds = java.util.Set.of(first.labelsSeed(), second.labelsSeed(), third.labelsSeed());
        assertEquals(3, labelSeeds.size());
        assertEquals(3, java.util.Set.of(first.initSeed(), second.initSeed(), third.initSeed()).size());
        assertTrue(second.labelsSeed() != second.initSeed(), "labels and weights seeded apart");
        assertEquals(java.util.Set.of("seeds.labels", "seeds.init"), full.get(1).varying().keySet());
        for (String id : List.of("random-none", "true-full", "noise-0.5")) {
            assertEquals(3, plan.runsFor(id).size(), id);
        }
        for (String id : List.of("views-1", "per-view-8", "head-64", "random-mixup", "iid-4")) {
            assertEquals(1, plan.runsFor(id).size(), id);
        }
        assertEquals(24, plan.runs().size());
    }

    @Test
    void theSeedCountComesFromTheCommandAndTheUserMayFixOneSeedButNotBoth() {
        SweepPlan five = SweepPlan.create(Budget.QUICK, "shapes", 5, tmp, Optional.empty(), List.of(), c -> true);
        assertEquals(5, five.runsFor("random-none").size());
        SweepPlan sameLabels = SweepPlan.create(Budget.QUICK, "shapes", 3, tmp, Optional.empty(),
                List.of("seeds.labels=7"), c -> true);
        List<PlannedRun> none = sameLabels.runsFor("random-none");
        assertEquals(3, none.size());
        assertEquals(List.of(7L, 7L, 7L), none.stream().map(run -> run.settings().labelsSeed()).toList());
        assertEquals(3, none.stream().map(run -> run.settings().initSeed()).distinct().count());
        ConfigError error = assertThrows(ConfigError.class, () -> SweepPlan.create(Budget.QUICK, "shapes", 3, tmp,
                Optional.empty(), List.of("seeds.labels=7", "seeds.init=8"), c -> true));
        assertTrue(error.getMessage().contains("--seeds 3"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SweepPlan.create(Budget.QUICK, "shapes", 0, tmp,
                Optional.empty(), List.of(), c -> true));
    }

    @Test
    void budgetsAreFoundByNameAndAnUnknownOneIsRefused() {
        assertEquals(Budget.STANDARD, Budget.named("Standard"));
        assertEquals("cifar10", Budget.PAPER.defaultData());
        assertTrue(Budget.PAPER.settings().contains("model.head-width=65536"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Budget.named("huge"));
        assertTrue(error.getMessage().contains("quick, standard, paper"), error.getMessage());
        for (Budget budget : Budget.all()) {
            SweepPlan plan = SweepPlan.create(budget, budget.defaultData(), tmp, Optional.empty(), List.of());
            assertTrue(plan.runs().size() >= 11, budget.name() + " plans " + plan.runs().size() + " runs");
        }
    }
}
