package bml.actors;

import bml.runfiles.RunDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Watches {@code RUN_DIR/live.conf} and sends its content to the guardian as a hot-reload patch whenever the file
 * changes: editing it has the same effect as {@code bml set}. A file with errors is reported and ignored, so the
 * values in force stay.
 *
 * <p>Owns only the last modification time it has seen. Runs on the I/O dispatcher because it reads a file.
 */
public final class LiveConfigWatcher extends AbstractBehavior<LiveConfigWatcher.Command> {

    public sealed interface Command {}

    private enum Poll implements Command { INSTANCE }

    private record Outcome(RunControl.PatchOutcome outcome) implements Command {}

    public static final String FILE = RunDirectory.LIVE_CONF;
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);

    public static Behavior<Command> create(Path runDir, ActorRef<Guardian.Command> guardian, PrintStream terminal) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Poll.INSTANCE, POLL_EVERY);
            return new LiveConfigWatcher(context, runDir.resolve(FILE), guardian, terminal);
        }));
    }

    private final Path file;
    private final ActorRef<Guardian.Command> guardian;
    private final PrintStream terminal;
    private final ActorRef<RunControl.PatchOutcome> outcomes;
    private FileTime seen;

    private LiveConfigWatcher(ActorContext<Command> context, Path file, ActorRef<Guardian.Command> guardian,
                              PrintStream terminal) {
        super(context);
        this.file = file;
        this.guardian = guardian;
        this.terminal = terminal;
        this.outcomes = context.messageAdapter(RunControl.PatchOutcome.class, Outcome::new);
        this.seen = modified();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Poll.class, notUsed -> onPoll())
                .onMessage(Outcome.class, this::onOutcome)
                .build();
    }

    private Behavior<Command> onPoll() {
        FileTime modified = modified();
        if (modified == null || modified.equals(seen)) {
            return this;
        }
        seen = modified;
        try {
            guardian.tell(new RunControl.ApplyPatch(Files.readString(file), file.toString(), outcomes));
        } catch (IOException e) {
            terminal.println("live.conf: cannot read " + file + ": " + e.getMessage());
        }
        return this;
    }

    private Behavior<Command> onOutcome(Outcome message) {
        if (message.outcome() instanceof RunControl.Rejected rejected) {
            terminal.println("live.conf ignored, the previous values stay: " + rejected.error());
        }
        return this;
    }

    private FileTime modified() {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
