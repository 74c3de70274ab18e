package dev.gantry.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small typed client of Gantry's REST API, on the JDK's {@link HttpClient} and Jackson. Every call sends the
 * API key in {@value #API_KEY_HEADER}; an answer outside 2xx is a {@link GantryApiException} carrying the
 * problem detail, no answer at all a {@link GantryUnreachableException}. Answers are read into memory only up to
 * {@link Builder#maxAnswerBytes} (16 MiB by default); reports are streamed to a file instead.
 *
 * <p>Thread-safe; close it to release its HTTP client (unless the HTTP client was handed in).
 */
public final class GantryClient implements AutoCloseable {

    public static final String API_KEY_HEADER = "X-Api-Key";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous because a data set of many thousand rows is stored in one request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Far above any answer of the API but a run's reports, which are streamed to files and not bounded. */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 16L * 1024 * 1024;

    private static final String JSON_TYPE = "application/json";
    private static final int EXCERPT_CHARS = 200;

    private static final JsonMapper JSON = JsonMapper.builder()
            // the API grows fields; a client reads the ones it knows
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final URI baseUrl;
    private final String base;
    private final String apiKey;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final Duration requestTimeout;
    private final long maxAnswerBytes;

    private GantryClient(
            URI baseUrl,
            String apiKey,
            HttpClient http,
            boolean ownsHttp,
            Duration requestTimeout,
            long maxAnswerBytes) {
        this.baseUrl = baseUrl;
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.apiKey = apiKey;
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.requestTimeout = requestTimeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** A client of the control plane at {@code baseUrl}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The same client acting with another key (null: none), sharing this one's HTTP client. */
    public GantryClient withApiKey(String otherKey) {
        return new GantryClient(baseUrl, otherKey, http, false, requestTimeout, maxAnswerBytes);
    }

    /** The same client with another timeout per request, sharing this one's HTTP client. */
    public GantryClient withRequestTimeout(Duration timeout) {
        return new GantryClient(baseUrl, apiKey, http, false, Objects.requireNonNull(timeout), maxAnswerBytes);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The absolute address of an API path, for links a person can open. */
    public URI resolve(String path) {
        return URI.create(base + path);
    }

    // --- projects, environments, suites, cases, data sets -----------------------------------------------

    public UUID createProject(NewProject project) throws InterruptedException {
        return created("/api/v1/projects", project);
    }

    public List<Project> projects() throws InterruptedException {
        return read("GET", "/api/v1/projects", null, listOf(Project.class));
    }

    /** Deletes a project with everything in it. */
    public void deleteProject(UUID projectId) throws InterruptedException {
        read("DELETE", "/api/v1/projects/" + projectId, null, null);
    }

    public UUID createEnvironment(UUID projectId, NewEnvironment environment) throws InterruptedException {
        return created("/api/v1/projects/" + projectId + "/environments", environment);
    }

    public List<Environment> environments(UUID projectId) throws InterruptedException {
        return read("GET", "/api/v1/projects/" + projectId + "/environments", null, listOf(Environment.class));
    }

    public UUID createSuite(UUID projectId, NewSuite suite) throws InterruptedException {
        return created("/api/v1/projects/" + projectId + "/suites", suite);
    }

    public List<Suite> suites(UUID projectId) throws InterruptedException {
        return read("GET", "/api/v1/projects/" + projectId + "/suites", null, listOf(Suite.class));
    }

    public Suite suite(UUID suiteId) throws InterruptedException {
        return read("GET", "/api/v1/suites/" + suiteId, null, type(Suite.class));
    }

    public UUID createCase(UUID suiteId, NewCase testCase) throws InterruptedException {
        return created("/api/v1/suites/" + suiteId + "/cases", testCase);
    }

    public UUID createDataSet(UUID suiteId, NewDataSet dataSet) throws InterruptedException {
        return created("/api/v1/suites/" + suiteId + "/data-sets", dataSet);
    }

    // --- runs -----------------------------------------------------------------------------------------------

    public TriggeredRun triggerRun(UUID suiteId, TriggerRun trigger) throws InterruptedException {
        return read("POST", "/api/v1/suites/" + suiteId + "/runs", trigger, type(TriggeredRun.class));
    }

    public Run run(UUID runId) throws InterruptedException {
        return read("GET", "/api/v1/runs/" + runId, null, type(Run.class));
    }

    /**
     * A long poll: the control plane answers as soon as the run has ended, or after {@code wait} (whole
     * seconds, at least one) with the run as it stands. The request's timeout is extended by the wait.
     */
    public Run run(UUID runId, Duration wait) throws InterruptedException {
        long seconds = Math.max(1, wait.toSeconds());
        return read(
                "GET",
                "/api/v1/runs/" + runId + "?wait=" + seconds + "s",
                null,
                type(Run.class),
                requestTimeout.plusSeconds(seconds));
    }

    /** A page of the run's step details with this status (e.g. {@code failed}), at most {@code size} of them. */
    public StepPage steps(UUID runId, String status, int size) throws InterruptedException {
        return read(
                "GET",
                "/api/v1/runs/" + runId + "/steps?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8)
                        + "&size=" + size,
                null,
                type(StepPage.class));
    }

    /**
     * Streams a run's report ({@code junit}, {@code html}, {@code json}, {@code csv}) into {@code file}, never
     * holding it in memory; the file's folder must exist. An error answer leaves the file untouched.
     */
    public void downloadReport(UUID runId, String format, Path file) throws InterruptedException {
        String path = "/api/v1/runs/" + runId + "/reports/" + format;
        HttpResponse<Download> response;
        try {
            response = http.send(
                    request(path, requestTimeout).GET().build(),
                    info -> info.statusCode() / 100 == 2
                            ? HttpResponse.BodySubscribers.mapping(
                                    HttpResponse.BodySubscribers.ofFile(
                                            file,
                                            StandardOpenOption.CREATE,
                                            StandardOpenOption.WRITE,
                                            StandardOpenOption.TRUNCATE_EXISTING),
                                    saved -> new Download(null))
                            : HttpResponse.BodySubscribers.mapping(new BoundedBody(maxAnswerBytes), Download::new));
        } catch (IOException e) {
            throw new GantryClientException(
                    "could not save " + path + " to " + file + " (" + GantryUnreachableException.describe(e) + ")", e);
        }
        if (response.body().error() != null) {
            throw failure("GET", path, response.statusCode(), response.body().error());
        }
    }

    private record Download(BoundedBody.Bytes error) {}

    // --- any request ----------------------------------------------------------------------------------------

    /**
     * Any request, answered as received whatever its status (for tests that check refusals). The body is sent
     * as is with {@code contentType} (both may be null); an answer past the bound is an error, not cut.
     */
    public RawAnswer exchange(String method, String path, String body, String contentType) throws InterruptedException {
        HttpRequest.Builder request = request(path, requestTimeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<BoundedBody.Bytes> response = send(request.build());
        if (response.body().cut()) {
            throw tooLarge(method, path);
        }
        return new RawAnswer(response.statusCode(), response.headers(), text(response.body()));
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    // --- plumbing -------------------------------------------------------------------------------------------

    private record Created(UUID id) {}

    private UUID created(String path, Object body) throws InterruptedException {
        Created created = read("POST", path, body, type(Created.class));
        if (created == null || created.id() == null) {
            throw new GantryClientException("POST " + path + " answered without an id");
        }
        return created.id();
    }

    private <T> T read(String method, String path, Object body, JavaType answerType) throws InterruptedException {
        return read(method, path, body, answerType, requestTimeout);
    }

    private <T> T read(String method, String path, Object body, JavaType answerType, Duration timeout)
            throws InterruptedException {
        HttpRequest.Builder request = request(path, timeout).header("Accept", JSON_TYPE);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", JSON_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<BoundedBody.Bytes> response = send(request.build());
        if (response.statusCode() / 100 != 2) {
            throw failure(method, path, response.statusCode(), response.body());
        }
        if (response.body().cut()) {
            throw tooLarge(method, path);
        }
        byte[] content = response.body().content();
        if (answerType == null || content.length == 0) {
            return null;
        }
        try {
            return JSON.readValue(content, answerType);
        } catch (JacksonException e) {
            throw new GantryClientException(
                    method + " " + path + " answered unreadable JSON (" + e.getOriginalMessage() + "): "
                            + excerpt(text(response.body())),
                    e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path)).timeout(timeout);
        if (apiKey != null) {
            request.header(API_KEY_HEADER, apiKey);
        }
        return request;
    }

    private HttpResponse<BoundedBody.Bytes> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, info -> new BoundedBody(maxAnswerBytes));
        } catch (IOException e) {
            throw new GantryUnreachableException(baseUrl, e);
        }
    }

    private GantryApiException failure(String method, String path, int status, BoundedBody.Bytes answer) {
        String body = text(answer);
        return new GantryApiException(method, path, status, answer.cut() ? null : problem(body), body);
    }

    /** The problem detail in an error answer, or null when the answer is not one. */
    private static Problem problem(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (!node.isObject() || !(node.has("title") || node.has("detail") || node.has("code"))) {
                return null;
            }
            return JSON.treeToValue(node, Problem.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private GantryClientException tooLarge(String method, String path) {
        return new GantryClientException(method + " " + path + " answered more than " + maxAnswerBytes
                + " bytes, the client's bound for an answer held in memory");
    }

    private static String text(BoundedBody.Bytes bytes) {
        return new String(bytes.content(), StandardCharsets.UTF_8);
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "…";
    }

    private static JavaType type(Class<?> type) {
        return JSON.constructType(type);
    }

    private static JavaType listOf(Class<?> element) {
        return JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    /** Where the control plane is, the key, the timeouts and the bound on answers. */
    public static final class Builder {
        private final URI baseUrl;
        private String apiKey;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
        private HttpClient http;

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** The key sent with every request; null sends none (for tests of refusals). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long one request may take from sending to the last byte of its answer. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** The most bytes of one answer held in memory; a larger answer is an error (reports are streamed). */
        public Builder maxAnswerBytes(long maxAnswerBytes) {
            if (maxAnswerBytes < 1) {
                throw new IllegalArgumentException("maxAnswerBytes must be at least 1, was " + maxAnswerBytes);
            }
            this.maxAnswerBytes = maxAnswerBytes;
            return this;
        }

        /** An HTTP client to share (its connect timeout then applies); the client built will not close it. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        public GantryClient build() {
            if (http != null) {
                return new GantryClient(baseUrl, apiKey, http, false, requestTimeout, maxAnswerBytes);
            }
            return new GantryClient(
                    baseUrl, apiKey, newHttpClient(connectTimeout), true, requestTimeout, maxAnswerBytes);
        }
    }

    /**
     * HTTP/1.1 because the control plane speaks plain HTTP, where HTTP/2 would only add an upgrade attempt to
     * every first request.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }
}
