package bml.app.cli;

import bml.runfiles.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bml set}: sends a hot-reload patch to a running experiment and says at which step it took effect. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Change settings of a running experiment (e.g. bml set runs/x training.lr=0.0003). Only keys "
                + "that can change while it runs are accepted (training.lr, training.momentum, augmentation.*, "
                + "probe.every, probe.k, probe.weighting, probe.temperature). Uses the run's HTTP server, found "
                + "through RUN_DIR/http.json and RUN_DIR/token.")
final class SetCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory of the running experiment.")
    Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Settings to change, keys relative to bml.")
    List<String> assignments;

    @Override
    public Integer call() throws Exception {
        for (String assignment : assignments) {
            if (!assignment.contains("=") || assignment.startsWith("=")) {
                throw new BadInputException("expected KEY=VALUE, got '" + assignment + "'", null);
            }
        }
        RunDirectory directory = new RunDirectory(runDir);
        Path address = directory.httpAddress();
        Path tokenFile = directory.token();
        if (!Files.isRegularFile(address) || !Files.isRegularFile(tokenFile)) {
            throw new BadInputException(runDir + " has no http.json/token: the run is not serving HTTP "
                    + "(edit " + directory.liveConfig() + " instead)", null);
        }
        String url = JSON.readTree(address.toFile()).path("url").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/config"))
                .header("Authorization", "Bearer " + Files.readString(tokenFile).trim())
                .header("Content-Type", "application/hocon")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(String.join("\n", assignments)))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new BadInputException("no bml run answers at " + url + ": is the run in " + runDir + " still going?", e);
        } catch (IOException e) {
            throw new BadInputException("cannot reach " + url + ": " + e.getMessage(), e);
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            System.out.println("took effect at step " + body.path("step").asLong() + ": " + body.path("changes"));
            return 0;
        }
        System.err.println("bml: refused (HTTP " + response.statusCode() + "): " + body.path("error").asText());
        return 1;
    }
}
