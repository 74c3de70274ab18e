package dev.gantry.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client for the parts of the Gantry REST API the demo and the benchmark use. */
public final class GantryApi implements AutoCloseable {

    static final String API_KEY_HEADER = "X-Api-Key";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Generous because a data set of many thousand rows is stored in one request.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI controlPlane;
    private final String apiKey;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    public GantryApi(URI controlPlane, String apiKey) {
        this.controlPlane = controlPlane;
        this.apiKey = apiKey;
    }

    /** What triggering a run answers: its id and where to follow it. */
    record TriggeredRun(String runId, String status, String statusUrl, String stepsUrl) {}

    /** One page of failed steps and how many there are in all. */
    record FailedSteps(long total, List<FailedStep> items) {}

    private record NamedBody(String name, String description) {}

    private record EnvironmentBody(
            String name, String baseUrl, Map<String, String> variables, Map<String, String> headers) {}

    private record DataSetBody(String name, boolean enabled, List<DataRow> rows) {}

    private record TriggerBody(String environmentId) {}

    String createProject(String name, String description) throws InterruptedException {
        return id(post("/api/v1/projects", new NamedBody(name, description)));
    }

    String createEnvironment(String projectId, String name, URI baseUrl, Map<String, String> headers)
            throws InterruptedException {
        return id(post(
                "/api/v1/projects/" + projectId + "/environments",
                new EnvironmentBody(name, baseUrl.toString(), Map.of(), headers)));
    }

    String createSuite(String projectId, String name, String description) throws InterruptedException {
        return id(post("/api/v1/projects/" + projectId + "/suites", new NamedBody(name, description)));
    }

    String createCase(String suiteId, DemoSuite.CaseSpec spec) throws InterruptedException {
        return id(post("/api/v1/suites/" + suiteId + "/cases", spec));
    }

    String createDataSet(String suiteId, String name, List<DataRow> rows) throws InterruptedException {
        return id(post("/api/v1/suites/" + suiteId + "/data-sets", new DataSetBody(name, true, rows)));
    }

    TriggeredRun triggerRun(String suiteId, String environmentId) throws InterruptedException {
        JsonNode answer = post("/api/v1/suites/" + suiteId + "/runs", new TriggerBody(environmentId));
        return new TriggeredRun(
                Json.text(answer, "runId"),
                Json.text(answer, "status"),
                Json.text(answer, "statusUrl"),
                Json.text(answer, "stepsUrl"));
    }

    RunState run(String runId) throws InterruptedException {
        return RunState.from(get("/api/v1/runs/" + runId));
    }

    FailedSteps failedSteps(String runId, int size) throws InterruptedException {
        JsonNode page = get("/api/v1/runs/" + runId + "/steps?status=failed&size=" + size);
        List<FailedStep> items = StreamSupport.stream(page.path("items").spliterator(), false)
                .map(FailedStep::from)
                .toList();
        return new FailedSteps(page.path("total").asLong(0), items);
    }

    /** The absolute address of an API path, for links the user can open. */
    public URI resolve(String path) {
        return URI.create(controlPlane + path);
    }

    public JsonNode get(String path) throws InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode post(String path, Object body) throws InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
    }

    /** A request without a body, e.g. DELETE. */
    public JsonNode send(String method, String path) throws InterruptedException {
        return send(method, path, HttpRequest.BodyPublishers.noBody());
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header(API_KEY_HEADER, apiKey)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ControlPlaneUnreachableException(
                    "the control plane at " + controlPlane + " does not answer (" + describe(e) + ")", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(method, path, response.statusCode(), response.body());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return mapper.missingNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            throw new ApiException(method, path, response.statusCode(), "unreadable JSON answer: " + text);
        }
    }

    /** Saves what a GET answers (a report) to a file, streamed. */
    void download(String path, Path file) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header(API_KEY_HEADER, apiKey)
                .GET()
                .build();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() / 100 != 2) {
                String answer = Files.readString(file);
                Files.deleteIfExists(file);
                throw new ApiException("GET", path, response.statusCode(), answer);
            }
        } catch (IOException e) {
            throw new ControlPlaneUnreachableException(
                    "could not save " + path + " to " + file + " (" + describe(e) + ")", e);
        }
    }

    private static String id(JsonNode created) {
        String id = Json.text(created, "id");
        if (id == null) {
            throw new IllegalStateException("the control plane answered without an id: " + created);
        }
        return id;
    }

    // Connection failures often carry no message at all, so the exception type has to say what happened.
    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void close() {
        http.close();
    }
}
