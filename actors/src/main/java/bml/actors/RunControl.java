package bml.actors;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The control protocol of a running experiment, answered by the {@link Guardian}: status, hot-reload patches,
 * pause, resume, checkpoint and stop. The HTTP API, {@code bml set} and the {@code live.conf} watcher all speak it.
 */
public final class RunControl {
    private RunControl() {}

    /** What clients may send a running experiment: the guardian's public face. */
    public sealed interface Request extends Guardian.Command permits GetStatus, GetLatest, ApplyPatch, Control {}

    /** Ask for the run's current status. */
    public record GetStatus(ActorRef<Status> replyTo) implements Request {}

    /**
     * The run's status.
     *
     * @param settingsJson the current settings (after every accepted patch) as JSON of the {@code bml} subtree
     */
    public record Status(RunState state, long step, long totalSteps, double samplesPerSecond, double viewsPerSecond,
                         long queueLag, String settingsJson) {}

    /** Ask for the latest value of every metric (for Prometheus). */
    public record GetLatest(ActorRef<Latest> replyTo) implements Request {}

    /**
     * The latest metric values.
     *
     * @param knn               latest k-NN accuracy per layer, in layer order
     * @param knnStep           the snapshot step those accuracies were measured at (-1 before the first probe)
     */
    public record Latest(long step, double loss, double trainAccuracy, double samplesPerSecond, double viewsPerSecond,
                         long queueLag, Map<String, Double> knn, long knnStep, long probesCompleted) {}

    /** Apply a hot-reload patch (HOCON or JSON, keys relative to {@code bml}) at the next step boundary. */
    public record ApplyPatch(String body, String origin, ActorRef<PatchOutcome> replyTo) implements Request {}

    /** The answer to a patch. */
    public sealed interface PatchOutcome {}

    /**
     * The patch took effect: {@code step} is the first training step run with the new values. Augmentation keys apply
     * to views rendered from now on, which reach training later: the metrics stream records them at the first step
     * that trained on such views.
     *
     * @param changes key (relative to bml) to {old, new} rendered values
     */
    public record Accepted(long step, Map<String, List<String>> changes) implements PatchOutcome {}

    /** The patch was refused; nothing changed. */
    public record Rejected(String error, boolean conflict) implements PatchOutcome {}

    public enum Action { PAUSE, RESUME, CHECKPOINT, STOP }

    /** Pause, resume, checkpoint or stop the run. */
    public record Control(Action action, ActorRef<ControlOutcome> replyTo) implements Request {}

    /** The answer to a control request: the step at which it took effect, or why it could not. */
    public record ControlOutcome(boolean ok, long step, String message) {}
}
