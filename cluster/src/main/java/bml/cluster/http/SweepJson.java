package bml.cluster.http;

import bml.cluster.SweepView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sweep's state as the API's JSON: snake_case keys like the run's API, no worker tokens. */
final class SweepJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private SweepJson() {}

    static ObjectNode sweep(SweepView view) {
        ObjectNode root = JSON.createObjectNode();
        root.put("over", view.over());
        root.put("stopping", view.stopping());
        root.put("workers", view.workers());
        root.putPOJO("refused", view.refusals());
        var runs = root.putArray("runs");
        view.runs().forEach(run -> runs.add(run(run)));
        return root;
    }

    static ObjectNode run(SweepView.RunView run) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", run.id());
        node.putPOJO("conditions", run.conditions());
        node.put("state", run.state());
        node.put("worker", run.worker());
        node.put("attempt", run.attempt());
        node.put("step", run.step());
        node.put("total_steps", run.totalSteps());
        node.put("knn_step", run.knnStep());
        ObjectNode knn = node.putObject("knn");
        run.knn().forEach(knn::put);
        if (!run.url().isEmpty()) {
            node.put("dashboard", RunProxy.PREFIX + run.id() + "/");
        }
        return node;
    }
}
