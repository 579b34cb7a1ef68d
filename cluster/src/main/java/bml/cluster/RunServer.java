package bml.cluster;

import bml.actors.Guardian;
import bml.config.BmlSettings;
import bml.runfiles.RunDirectory;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Serves a run that a worker trains over HTTP, as {@code bml run} would (the implementation lives with the HTTP API
 * in the app module, above this one).
 */
public interface RunServer {

    /** A run being served: its base URL and bearer token, and how to stop serving it. */
    interface Served {
        String url();

        String token();

        CompletionStage<Done> close();
    }

    /** Starts serving {@code run}, whose files are in {@code directory}, with {@code settings.http()}. */
    CompletionStage<Served> serve(ActorSystem<?> system, ActorRef<Guardian.Command> run, RunDirectory directory,
                                  BmlSettings settings);
}
