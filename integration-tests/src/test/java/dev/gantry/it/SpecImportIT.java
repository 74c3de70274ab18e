package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static dev.gantry.testsupport.Waiting.throughout;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.controlplane.specs.SpecsProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Specification import through the REST API against the real PostgreSQL: exact counts of real public
 * documents, versions with one active, tenancy, remote references never fetched, and a few hundred
 * hostile documents that never answer 500 nor leave a partial row.
 */
class SpecImportIT {
    /** The real documents are kept once, with the control plane's parser tests. */
    static final Path SPECS = Path.of("..", "control-plane", "src", "test", "resources", "specs");

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Farm farm;
    static Api api;
    static String apiKey;
    static UUID project;
    static HttpServer remote;
    static final AtomicInteger remoteHits = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Tenant tenant = Scenarios.tenant(admin, aTenant().named("specs"));
        apiKey = tenant.apiKey();
        api = tenant.api();
        project = api.post("/api/v1/projects", Map.of("name", "specs")).id();
        remote = TestTargets.start("/", exchange -> {
            remoteHits.incrementAndGet();
            TestTargets.json(exchange, 200, "{\"Pet\": {\"type\": \"object\"}}");
        });
    }

    @AfterAll
    static void tearDown() {
        if (remote != null) {
            remote.stop(0);
        }
    }

    static byte[] spec(String name) {
        try {
            return Files.readAllBytes(SPECS.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Api.Answer upload(UUID projectId, String label, byte[] document, String contentType) {
        return upload(farm, apiKey, projectId, label, document, contentType);
    }

    /** Uploads raw bytes (the API helper sends strings only). */
    static Api.Answer upload(
            Farm farm, String apiKey, UUID projectId, String label, byte[] document, String contentType) {
        return upload(farm.baseUrl(), apiKey, projectId, label, document, contentType);
    }

    /** The same to the control plane at {@code baseUrl}. */
    static Api.Answer upload(
            String baseUrl, String apiKey, UUID projectId, String label, byte[] document, String contentType) {
        // as curl does for large bodies: one over the limit is refused before it is sent
        return upload(baseUrl, apiKey, projectId, label, document, contentType, true, false);
    }

    /**
     * The same, asking first ({@code Expect: 100-continue}) or sending the body at once, with its
     * length declared or streamed (chunked).
     */
    static Api.Answer upload(
            String baseUrl,
            String apiKey,
            UUID projectId,
            String label,
            byte[] document,
            String contentType,
            boolean expectContinue,
            boolean chunked) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + specsPath(projectId, label)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("X-Api-Key", apiKey)
                .expectContinue(expectContinue)
                .POST(
                        chunked
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(document))
                                : HttpRequest.BodyPublishers.ofByteArray(document))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            return new Api.Answer(
                    response.statusCode(),
                    raw == null || raw.isBlank() ? null : Api.JSON.readTree(raw),
                    raw,
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String specsPath(UUID projectId, String label) {
        return "/api/v1/projects/" + projectId + "/specs?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8);
    }

    static long count(String sql) throws Exception {
        try (var db = farm.database()) {
            ResultSet rs = db.createStatement().executeQuery(sql);
            rs.next();
            return rs.getLong(1);
        }
    }

    static void assertCounts(JsonNode summary, int endpoints, int parameters, int responses, int schemes) {
        assertThat(summary.get("endpoints").asInt()).as(summary.toString()).isEqualTo(endpoints);
        assertThat(summary.get("parameters").asInt()).isEqualTo(parameters);
        assertThat(summary.get("responses").asInt()).isEqualTo(responses);
        assertThat(summary.get("securitySchemes").asInt()).isEqualTo(schemes);
    }

    @Test
    void realDocumentsAreStoredWithExactCountsAndOneActiveVersion() throws Exception {
        UUID own = api.post("/api/v1/projects", Map.of("name", "real-" + UUID.randomUUID()))
                .id();
        Api.Answer petstore = upload(own, "petstore-3.0", spec("petstore-3.0.yaml"), "application/yaml");
        assertThat(petstore.status()).as(petstore.raw()).isEqualTo(201);
        assertCounts(petstore.body(), 3, 3, 6, 0);
        assertThat(petstore.text("parseStatus")).isEqualTo("PARSED");
        assertThat(petstore.text("sourceFormat")).isEqualTo("YAML");

        Api.Answer swagger = upload(own, "petstore-2.0", spec("petstore-expanded-2.0.json"), "application/json");
        assertThat(swagger.status()).as(swagger.raw()).isEqualTo(201);
        assertCounts(swagger.body(), 4, 5, 8, 0);
        assertThat(swagger.text("sourceVersion")).isEqualTo("2.0");

        Api.Answer museum = upload(own, "museum-3.1", spec("museum-3.1.yaml"), "text/yaml");
        assertThat(museum.status()).as(museum.raw()).isEqualTo(201);
        assertCounts(museum.body(), 8, 14, 25, 1);
        UUID museumId = museum.id();
        assertThat(count("select count(*) from spec_endpoint_security s join spec_endpoints e on e.id = s.endpoint_id"
                        + " where e.spec_id = '" + museumId + "' and s.scheme_name = 'MuseumPlaceholderAuth'"))
                .isEqualTo(8);

        Api.Answer more = upload(own, "petstore-3.1-more", spec("petstore-3.1-more.yaml"), "application/octet-stream");
        assertThat(more.status()).as(more.raw()).isEqualTo(201);
        assertCounts(more.body(), 3, 2, 6, 0);
        assertThat(more.text("parseStatus")).isEqualTo("PARSED_WITH_ERRORS");
        assertThat(more.body().get("errors").toString())
                .contains("/components/schemas/DiscriminatorExtension/oneOf/0/$ref");

        // the last upload is the active one, and only one is
        JsonNode versions = api.get("/api/v1/projects/" + own + "/specs").body();
        assertThat(versions.size()).isEqualTo(4);
        List<String> active = new ArrayList<>();
        versions.forEach(v -> {
            if (v.get("active").asBoolean()) {
                active.add(v.get("label").asString());
            }
        });
        assertThat(active).containsExactly("petstore-3.1-more");
        assertThat(api.post("/api/v1/specs/" + museumId + "/activate", "").status())
                .isEqualTo(200);
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "' and active"))
                .isEqualTo(1);
        assertThat(api.get("/api/v1/specs/" + museumId)
                        .body()
                        .get("spec")
                        .get("active")
                        .asBoolean())
                .isTrue();

        // endpoints read back with their parameters and responses
        JsonNode detail = api.get("/api/v1/specs/" + museumId).body();
        JsonNode hours = detail.get("endpoints").get(0);
        assertThat(hours.get("path").asString()).isEqualTo("/museum-hours");
        assertThat(hours.get("parameters").size()).isEqualTo(3);
        assertThat(hours.get("parameters").get(2).get("schema").get("maximum").asInt())
                .isEqualTo(30);
        assertThat(hours.get("security").get(0).has("MuseumPlaceholderAuth")).isTrue();

        // a second upload with the same label conflicts and stores nothing more
        Api.Answer again = upload(own, "museum-3.1", spec("museum-3.1.yaml"), "text/yaml");
        assertThat(again.status()).isEqualTo(409);
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isEqualTo(4);

        // another tenant sees nothing
        Api admin = new Api(farm.baseUrl(), farm.adminKey);
        Api other = Scenarios.tenant(admin, aTenant().named("o")).api();
        assertThat(other.get("/api/v1/specs/" + museumId).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/specs/" + museumId + "/activate", "").status())
                .isEqualTo(404);
        assertThat(other.delete("/api/v1/specs/" + museumId).status()).isEqualTo(404);

        assertThat(api.delete("/api/v1/specs/" + museumId).status()).isEqualTo(204);
        assertThat(count("select count(*) from spec_endpoints where spec_id = '" + museumId + "'"))
                .isZero();
    }

    @Test
    void aRemoteReferenceIsRefusedAndNeverFetched() throws Exception {
        String base = "http://127.0.0.1:" + remote.getAddress().getPort();
        String doc = new String(spec("petstore-3.0.yaml"), StandardCharsets.UTF_8)
                .replace("\"#/components/schemas/Pets\"", "\"" + base + "/schemas.yaml#/Pets\"")
                .replace("'#/components/schemas/Pet'", "'" + base + "/pet.json'");
        long before = count("select count(*) from api_specs where project_id = '" + project + "'");
        Api.Answer answer = upload(project, "remote", doc.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(422);
        assertThat(answer.text("code")).isEqualTo("invalid-spec");
        assertThat(answer.body().get("errors").get(0).get("field").asString())
                .isEqualTo("/paths/~1pets/get/responses/200/content/application~1json/schema/$ref");
        assertThat(answer.body().get("errors").size()).isEqualTo(2);
        throughout("the remote reference never fetched", Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(remoteHits.get()).isZero());
        assertThat(count("select count(*) from api_specs where project_id = '" + project + "'"))
                .isEqualTo(before);
    }

    /** Acceptance: at least 200 malformed or hostile documents, never a 500, never a partial row. */
    @Test
    void hostileDocumentsNeverAnswer500NorLeavePartialRows() throws Exception {
        UUID own = api.post("/api/v1/projects", Map.of("name", "fuzz-" + UUID.randomUUID()))
                .id();
        List<byte[]> documents = HostileSpecs.generate(
                List.of(
                        spec("petstore-3.0.yaml"),
                        spec("petstore-expanded-2.0.json"),
                        spec("museum-3.1.yaml"),
                        spec("petstore-3.1-more.yaml")),
                "http://127.0.0.1:" + remote.getAddress().getPort(),
                new Random(20261122));
        assertThat(documents).hasSizeGreaterThanOrEqualTo(200);
        int created = 0;
        long endpointsCreated = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Api.Answer answer = upload(own, "fuzz-" + i, documents.get(i), "application/octet-stream");
            statuses.merge(answer.status(), 1, Integer::sum);
            assertThat(answer.status()).as("document %d: %s", i, answer.raw()).isIn(201, 400, 413, 422);
            if (answer.status() == 201) {
                created++;
                endpointsCreated += answer.body().get("endpoints").asLong();
            } else {
                assertThat(answer.body().get("detail").asString())
                        .as("document %d", i)
                        .isNotBlank();
            }
        }
        // every refused document left nothing; every accepted one is whole
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isEqualTo(created);
        assertThat(count(
                        "select count(*) from spec_endpoints e join api_specs s on s.id = e.spec_id where s.project_id = '"
                                + own + "'"))
                .isEqualTo(endpointsCreated);
        assertThat(statuses.getOrDefault(422, 0)).as(statuses.toString()).isGreaterThan(documents.size() / 2);
        assertThat(remoteHits.get()).isZero();
    }

    // --- a refusal found while the upload is still coming ------------------------------------

    static final int MAX_BYTES = SpecsProperties.DEFAULT_MAX_BYTES;
    static final byte NOT_UTF8 = (byte) 0xFF;

    /** A document refused in its first bytes, then {@code rest} bytes of whitespace it will never need. */
    static byte[] refusedUpFront(byte[] head, int rest) {
        byte[] document = new byte[head.length + rest];
        Arrays.fill(document, (byte) ' ');
        System.arraycopy(head, 0, document, 0, head.length);
        return document;
    }

    static void assertRefused(int status, JsonNode problem, String raw, String detail) {
        assertThat(status).as(raw).isEqualTo(422);
        assertThat(problem.get("code").asString()).isEqualTo("invalid-spec");
        assertThat(problem.get("detail").asString()).as(raw).contains(detail);
    }

    UUID freshProject(String name) {
        return api.post("/api/v1/projects", Map.of("name", name + "-" + UUID.randomUUID()))
                .id();
    }

    /**
     * Refused in its first bytes while megabytes of it are still on their way: the answer waits until
     * the rest of the upload is read, so the client reads its 422 instead of a reset connection,
     * whether it asked to continue first (and was told to) or sent at once, declared its length or
     * streamed it. Each upload is made three times; the JDK client keeps its connections between.
     */
    @ParameterizedTest(name = "expectContinue={0}, chunked={1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void aDocumentRefusedInItsFirstBytesIsAnsweredOnceTheRestOfTheUploadIsRead(boolean expectContinue, boolean chunked)
            throws Exception {
        UUID own = freshProject("early");
        int rest = 8 * 1024 * 1024;
        Map<String, byte[]> refusals = Map.of(
                "the document is not UTF-8 text",
                refusedUpFront(new byte[] {NOT_UTF8}, rest),
                "nesting depth",
                refusedUpFront(HostileSpecs.bytes("{\"openapi\": \"3.0.3\", \"x\": " + "[".repeat(200)), rest));
        for (int attempt = 0; attempt < 3; attempt++) {
            for (Map.Entry<String, byte[]> refused : refusals.entrySet()) {
                Api.Answer answer = upload(
                        farm.baseUrl(),
                        apiKey,
                        own,
                        "early-" + attempt,
                        refused.getValue(),
                        "application/octet-stream",
                        expectContinue,
                        chunked);
                assertRefused(answer.status(), answer.body(), answer.raw(), refused.getKey());
            }
        }
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isZero();
    }

    /**
     * A client that sends slowly: its first byte is refused, the rest comes in 64 KiB pieces over
     * about a second. It reads the 422 after sending everything, and the same connection then carries
     * its next request.
     */
    @ParameterizedTest(name = "expectContinue={0}")
    @ValueSource(booleans = {true, false})
    void aSlowClientReadsTheRefusalAndKeepsItsConnection(boolean expectContinue) throws Exception {
        UUID own = freshProject("slow");
        long rest = 4L * 1024 * 1024;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", apiKey);
        headers.put("Content-Type", "application/octet-stream");
        headers.put("Content-Length", Long.toString(1 + rest));
        if (expectContinue) {
            headers.put("Expect", "100-continue");
        }
        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            connection.head("POST", specsPath(own, "slow"), headers);
            if (expectContinue) {
                assertThat(connection.read().status()).isEqualTo(100);
            }
            connection.send(new byte[] {NOT_UTF8}).sendPaced((byte) ' ', rest, 64 * 1024, Duration.ofMillis(15));
            RawConnection.Answer refused = connection.read();
            assertRefused(refused.status(), refused.json(), refused.body(), "the document is not UTF-8 text");
            assertThat(refused.closesConnection())
                    .as(refused.headers().toString())
                    .isFalse();

            connection.head("GET", "/api/v1/projects/" + own + "/specs", Map.of("X-Api-Key", apiKey));
            RawConnection.Answer next = connection.read();
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            assertThat(next.json().size()).isZero();
        }
    }

    /**
     * Only a body over the byte limit is answered 413 and has its connection closed: declared so, it is
     * refused before a byte is sent (no {@code 100 Continue}); streamed, a document already refused
     * for its content is read on to the limit and answered 413 at the first byte past it. A body of
     * exactly the limit is read whole and answered 422 on a connection that stays open.
     */
    @Test
    void aBodyOverTheLimitIsAnswered413AndOnlyThenIsTheConnectionClosed() throws Exception {
        UUID own = freshProject("limit");
        Map<String, String> asking =
                Map.of("X-Api-Key", apiKey, "Content-Type", "application/octet-stream", "Expect", "100-continue");

        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            Map<String, String> declared = new LinkedHashMap<>(asking);
            declared.put("Content-Length", Long.toString(MAX_BYTES + 1L));
            RawConnection.Answer answer = connection
                    .head("POST", specsPath(own, "declared"), declared)
                    .read();
            assertBodyTooLarge(answer);
        }

        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            Map<String, String> streamed = new LinkedHashMap<>(asking);
            streamed.put("Transfer-Encoding", "chunked");
            connection.head("POST", specsPath(own, "streamed"), streamed);
            assertThat(connection.read().status()).isEqualTo(100);
            connection.chunk(new byte[] {NOT_UTF8}, 1);
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            // exactly one byte past the limit, and no more: the server reads all that was sent
            for (long sent = 1; sent < MAX_BYTES + 1L; sent += spaces.length) {
                connection.chunk(spaces, (int) Math.min(spaces.length, MAX_BYTES + 1L - sent));
            }
            assertBodyTooLarge(connection.read());
        }

        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            Map<String, String> atLimit = new LinkedHashMap<>(asking);
            atLimit.put("Content-Length", Integer.toString(MAX_BYTES));
            connection.head("POST", specsPath(own, "at-limit"), atLimit);
            assertThat(connection.read().status()).isEqualTo(100);
            connection.send(new byte[] {NOT_UTF8}).sendPaced((byte) ' ', MAX_BYTES - 1L, 1024 * 1024, Duration.ZERO);
            RawConnection.Answer refused = connection.read();
            assertRefused(refused.status(), refused.json(), refused.body(), "the document is not UTF-8 text");
            assertThat(refused.closesConnection()).isFalse();
            connection.head("GET", "/api/v1/projects/" + own + "/specs", Map.of("X-Api-Key", apiKey));
            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isZero();
    }

    /**
     * curl, as a CI script runs it: {@code --data-binary @file} sends {@code Expect: 100-continue}
     * above 1 MiB and not below, and can be told not to. Every way, curl prints the refused document's
     * problem detail and ends without an error, and its next request ({@code --next}) goes on the same
     * connection ({@code num_connects} 0): the refusal did not cost the connection.
     */
    @Test
    void curlReadsTheRefusalOfADocumentRefusedInItsFirstBytesAndKeepsItsConnection(@TempDir Path files)
            throws Exception {
        UUID own = freshProject("curl");
        Path small = Files.write(files.resolve("small.yaml"), refusedUpFront(new byte[] {NOT_UTF8}, 600 * 1024));
        Path large = Files.write(files.resolve("large.yaml"), refusedUpFront(new byte[] {NOT_UTF8}, 8 * 1024 * 1024));
        String written = "\n@@ %{http_code} %{num_connects}\n";
        for (List<String> way : List.of(
                List.of("--data-binary", "@" + small),
                List.of("--data-binary", "@" + large),
                List.of("--data-binary", "@" + large, "-H", "Expect:"))) {
            List<String> command = new ArrayList<>(
                    List.of("-w", written, "-H", "X-Api-Key: " + apiKey, "-H", "Content-Type: application/yaml"));
            command.addAll(way);
            command.add(farm.baseUrl() + specsPath(own, "curl"));
            command.addAll(List.of("--next", "-w", written, "-H", "X-Api-Key: " + apiKey));
            command.add(farm.baseUrl() + "/api/v1/projects/" + own + "/specs");
            String output = curl(command);
            String[] transfers = output.split("\n@@ ");
            assertThat(transfers).as(output).hasSize(3);
            String[] upload = transfers[1].split("\n", 2);
            assertRefused(
                    Integer.parseInt(upload[0].split(" ")[0]),
                    Api.JSON.readTree(transfers[0]),
                    output,
                    "the document is not UTF-8 text");
            assertThat(upload[1].trim()).as("the list of specifications").isEqualTo("[]");
            assertThat(transfers[2].trim())
                    .as("the list's status and new connections: %s", way)
                    .isEqualTo("200 0");
        }
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isZero();
    }

    /**
     * curl's {@code --data-binary @file} without a {@code Content-Type} sends the document as a form
     * ({@code application/x-www-form-urlencoded}). The upload takes any type, and the document is read
     * as itself, never searched for form parameters: a valid one is stored, above the 64 KiB a form may
     * weigh too, and a refused one answers its 422.
     */
    @Test
    void anUploadSentAsCurlsDefaultFormIsReadAsTheDocument(@TempDir Path files) throws Exception {
        UUID own = freshProject("form");
        byte[] petstore = spec("petstore-3.0.yaml");
        String padding = "# padding to weigh more than a form may\n".repeat(3_000);
        Path small = Files.write(files.resolve("small.yaml"), petstore);
        Path large = Files.write(
                files.resolve("large.yaml"),
                (new String(petstore, StandardCharsets.UTF_8) + "\n" + padding).getBytes(StandardCharsets.UTF_8));
        assertThat(Files.size(large)).isGreaterThan(64 * 1024);
        Path refused = Files.write(files.resolve("refused.yaml"), refusedUpFront(new byte[] {NOT_UTF8}, 200 * 1024));
        int label = 0;
        for (Path document : List.of(small, large, refused)) {
            String output = curl(List.of(
                    "-w",
                    "\n@@ %{http_code}",
                    "-H",
                    "X-Api-Key: " + apiKey,
                    "--data-binary",
                    "@" + document,
                    farm.baseUrl() + specsPath(own, "form-" + label++)));
            String[] answer = output.split("\n@@ ");
            JsonNode body = Api.JSON.readTree(answer[0]);
            if (document == refused) {
                assertRefused(Integer.parseInt(answer[1].trim()), body, output, "the document is not UTF-8 text");
            } else {
                assertThat(answer[1].trim()).as(output).isEqualTo("201");
                assertCounts(body, 3, 3, 6, 0);
            }
        }
        assertThat(count("select count(*) from api_specs where project_id = '" + own + "'"))
                .isEqualTo(2);
    }

    /** What curl printed (answer and {@code -w} output); it must end without an error. */
    static String curl(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(arguments);
        Process curl;
        try {
            curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("this test runs curl, which must be on the PATH", e);
        }
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as("curl's exit code: %s", output).isZero();
        return output;
    }

    static void assertBodyTooLarge(RawConnection.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        JsonNode problem = answer.json();
        assertThat(problem.get("code").asString()).isEqualTo("body-too-large");
        assertThat(problem.get("limit").asString()).isEqualTo(SpecsProperties.MAX_BYTES);
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(MAX_BYTES);
        assertThat(answer.closesConnection()).as(answer.headers().toString()).isTrue();
    }
}
