package bml.app.http;

import bml.actors.Guardian;
import bml.actors.RunControl;
import bml.actors.RunState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A guardian that answers the {@link RunControl} protocol with canned values, for the HTTP tests. */
final class FakeGuardian {
    static final RunControl.Status STATUS = new RunControl.Status(RunState.RUNNING, 120, 1000, 512.5, 2048.0, 37,
            "{\"seed\":7,\"training\":{\"lr\":0.001,\"steps\":1000}}");
    static final long PATCH_STEP = 121;
    static final String REJECTED = "PATCH /api/config: bml.training.steps: key training.steps cannot change while "
            + "the experiment runs";
    static final String FINISHED = "the run has finished: nothing can change";
    static final String NOT_PAUSED = "the run is not paused";

    private FakeGuardian() {}

    /**
     * Patches naming training.steps are refused (400), probe.* conflict (409), anything else is accepted. Each
     * message is added to {@code seen} before it is answered, so a test that got its response can inspect it.
     */
    static Behavior<Guardian.Command> create(Queue<Guardian.Command> seen) {
        return Behaviors.receive(Guardian.Command.class)
                .onMessage(RunControl.GetStatus.class, ask -> reply(seen, ask, () -> ask.replyTo().tell(STATUS)))
                .onMessage(RunControl.GetLatest.class, ask -> reply(seen, ask, () -> ask.replyTo().tell(latest())))
                .onMessage(RunControl.ApplyPatch.class,
                        ask -> reply(seen, ask, () -> ask.replyTo().tell(patch(ask.body()))))
                .onMessage(RunControl.Control.class,
                        ask -> reply(seen, ask, () -> ask.replyTo().tell(control(ask.action()))))
                .build();
    }

    static RunControl.Latest latest() {
        Map<String, Double> knn = new LinkedHashMap<>();
        knn.put("b4", 0.25);
        knn.put("encoder", 0.5);
        return new RunControl.Latest(120, Double.NaN, 0.75, 512.5, 2048.0, 37, knn, 100, 3);
    }

    private static RunControl.PatchOutcome patch(String body) {
        if (body.contains("steps")) {
            return new RunControl.Rejected(REJECTED, false);
        }
        if (body.contains("probe")) {
            return new RunControl.Rejected(FINISHED, true);
        }
        return new RunControl.Accepted(PATCH_STEP, Map.of("training.lr", List.of("0.001", "0.01")));
    }

    private static RunControl.ControlOutcome control(RunControl.Action action) {
        if (action == RunControl.Action.RESUME) {
            return new RunControl.ControlOutcome(false, 120, NOT_PAUSED);
        }
        return new RunControl.ControlOutcome(true, 120, action.name().toLowerCase() + " done at step 120");
    }

    private static Behavior<Guardian.Command> reply(Queue<Guardian.Command> seen, Guardian.Command message,
                                                    Runnable answer) {
        seen.add(message);
        answer.run();
        return Behaviors.same();
    }
}
