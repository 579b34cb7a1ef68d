package bml.actors;

import bml.actors.queue.DiskGuard;
import bml.actors.queue.ViewRetention;
import bml.config.BmlSettings;
import bml.data.ImageSet;
import bml.runfiles.RunDirectory;
import bml.training.Checkpoints;
import bml.training.Devices;
import bml.training.Mixup;
import bml.training.TrainingSession;
import java.time.Duration;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/** The real children of a run's {@link Guardian}: metrics hub, probes, augmentation pool and trainer. */
final class RunChildren implements Guardian.Children {
    private final Guardian.Setup setup;

    RunChildren(Guardian.Setup setup) {
        this.setup = setup;
    }

    @Override
    public Behavior<MetricsHub.Command> metricsHub(ChronicleQueue metricsQueue) {
        BmlSettings settings = setup.settings();
        return MetricsHub.create(new MetricsHub.Setup(setup.runDir(), metricsQueue, setup.resumeFrom() != null,
                settings.training().steps(), Duration.ofMillis(Math.round(settings.run().progressSeconds() * 1000)),
                setup.terminal(), settings.export().tensorboard() ? setup.runDir().tensorBoard() : null));
    }

    @Override
    public Behavior<ProbeCoordinator.Command> probes(ActorRef<MetricsHub.Command> hub) {
        BmlSettings settings = setup.settings();
        ImageSet train = setup.data().train();
        ImageSet test = setup.data().test();
        ImageSet queries = test.head(Math.min(settings.probe().querySize(), test.size()));
        return ProbeCoordinator.create(settings.probe().workers(),
                new ProbeCoordinator.LayerKnn(settings.model(), train.channels(), train.height(), train.width(),
                        train.numClasses(), train, setup.labels().perSampleTrainingLabels().orElse(null), queries,
                        Devices.resolve(settings.training().device())),
                settings.probe(), hub);
    }

    @Override
    public Behavior<AugmentationPool.Command> augmentation(ChronicleQueue views, int firstSettingsVersion,
                                                           ActorRef<MetricsHub.Command> hub) {
        BmlSettings settings = setup.settings();
        RunDirectory runDir = setup.runDir();
        // A resumed or forked run renders the stream again from its checkpoint's cut: views are a function of the
        // seed and their stream position, and the trainer reads them in stream order (BatchReader).
        long firstView = setup.resumeFrom() != null ? Checkpoints.position(setup.resumeFrom()).resume().viewsRead()
                : 0;
        return AugmentationPool.create(settings.augmentation(), settings.queue().maxLag(), firstView,
                firstSettingsVersion, DiskGuard.floor(runDir.root(), settings.queue().minFreeDiskMb()),
                (id, pool) -> AugmentationWorker.create(new AugmentationWorker.Setup(id, setup.data().train(),
                        setup.labels(), settings.seed(), views, hub, setup.data().beyond()), pool));
    }

    @Override
    public Behavior<Trainer.Command> trainer(ChronicleQueue views, int firstSettingsVersion,
                                             ActorRef<MetricsHub.Command> hub,
                                             ActorRef<ProbeCoordinator.Command> probes,
                                             ActorRef<AugmentationPool.Command> augmentation,
                                             ActorRef<Trainer.Outcome> reportTo,
                                             ActorRef<ViewRetention.RetainFrom> retention,
                                             ActorRef<Trainer.AugmentationReached> augmentationReached) {
        BmlSettings settings = setup.settings();
        ImageSet train = setup.data().train();
        return Trainer.create(new Trainer.Setup(
                () -> TrainerSession.of(new TrainingSession(settings.model(), settings.training(), train.channels(),
                        train.height(), train.width(), train.numClasses(), settings.initSeed(),
                        new Mixup(settings.augmentation().mixup(), settings.seed()))),
                settings.training(), settings.probe(), train.imageBytes(), views, setup.runDir().checkpoint(), hub,
                probes, augmentation, reportTo, retention, setup.resumeFrom(), settings.render(),
                firstSettingsVersion, augmentationReached));
    }
}
