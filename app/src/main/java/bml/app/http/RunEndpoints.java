package bml.app.http;

import bml.actors.Guardian;
import bml.actors.RunControl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.util.ByteString;

/**
 * The endpoints that ask the guardian ({@link RunControl}) and render its answer: status, Prometheus gauges,
 * settings patches and pause/resume/checkpoint/stop.
 */
final class RunEndpoints {
    /** Status questions are answered from memory; a slower answer means the guardian is stuck. */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** Patches and control requests are answered at the next step boundary, or after a checkpoint. */
    static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    private static final ContentType PROMETHEUS = ContentTypes.parse(PrometheusText.CONTENT_TYPE);

    private final ActorRef<Guardian.Command> guardian;
    private final Scheduler scheduler;

    RunEndpoints(ActorRef<Guardian.Command> guardian, Scheduler scheduler) {
        this.guardian = guardian;
        this.scheduler = scheduler;
    }

    CompletionStage<HttpResponse> status() {
        return AskPattern.<Guardian.Command, RunControl.Status>ask(guardian, RunControl.GetStatus::new,
                STATUS_TIMEOUT, scheduler).thenApply(status -> Responses.json(StatusCodes.OK, statusJson(status)));
    }

    CompletionStage<HttpResponse> prometheus() {
        return AskPattern.<Guardian.Command, RunControl.Latest>ask(guardian, RunControl.GetLatest::new,
                STATUS_TIMEOUT, scheduler).thenApply(latest -> HttpResponse.create()
                .withEntity(PROMETHEUS, ByteString.fromString(PrometheusText.render(latest))));
    }

    CompletionStage<HttpResponse> patch(String body, String origin) {
        return AskPattern.<Guardian.Command, RunControl.PatchOutcome>ask(guardian,
                replyTo -> new RunControl.ApplyPatch(body, origin, replyTo), CHANGE_TIMEOUT, scheduler)
                .thenApply(RunEndpoints::patchResponse);
    }

    CompletionStage<HttpResponse> control(RunControl.Action action) {
        return AskPattern.<Guardian.Command, RunControl.ControlOutcome>ask(guardian,
                replyTo -> new RunControl.Control(action, replyTo), CHANGE_TIMEOUT, scheduler)
                .thenApply(RunEndpoints::controlResponse);
    }

    static ObjectNode statusJson(RunControl.Status status) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("state", status.state().label());
        node.put("step", status.step());
        node.put("total_steps", status.totalSteps());
        Responses.putNumber(node, "samples_per_s", status.samplesPerSecond());
        Responses.putNumber(node, "views_per_s", status.viewsPerSecond());
        node.put("queue_lag", status.queueLag());
        node.set("config", settings(status.settingsJson()));
        return node;
    }

    private static JsonNode settings(String settingsJson) {
        if (settingsJson == null || settingsJson.isBlank()) {
            return Responses.JSON.nullNode();
        }
        try {
            return Responses.JSON.readTree(settingsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the guardian's settings are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static HttpResponse patchResponse(RunControl.PatchOutcome outcome) {
        if (outcome instanceof RunControl.Accepted accepted) {
            ObjectNode body = Responses.JSON.createObjectNode();
            body.put("step", accepted.step());
            ObjectNode changes = body.putObject("changes");
            for (Map.Entry<String, List<String>> change : accepted.changes().entrySet()) {
                List<String> values = change.getValue();
                changes.putObject(change.getKey())
                        .put("old", values.isEmpty() ? null : values.get(0))
                        .put("new", values.size() < 2 ? null : values.get(1));
            }
            return Responses.json(StatusCodes.OK, body);
        }
        RunControl.Rejected rejected = (RunControl.Rejected) outcome;
        return Responses.error(rejected.conflict() ? StatusCodes.CONFLICT : StatusCodes.BAD_REQUEST,
                rejected.error());
    }

    private static HttpResponse controlResponse(RunControl.ControlOutcome outcome) {
        if (outcome.ok()) {
            ObjectNode body = Responses.JSON.createObjectNode().put("ok", true).put("step", outcome.step());
            body.put("message", outcome.message());
            return Responses.json(StatusCodes.OK, body);
        }
        ObjectNode body = Responses.errorBody(outcome.message()).put("ok", false).put("step", outcome.step());
        return Responses.json(StatusCodes.CONFLICT, body);
    }
}
