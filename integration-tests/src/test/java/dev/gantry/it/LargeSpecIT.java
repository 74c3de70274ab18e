package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The largest real specification we know imports with the default settings, in a control plane
 * process as production runs it (C1 only) with its heap capped, and its suite is generated as a job.
 * GitHub's REST description ({@link GitHubRestDescription}: 13 MB, 1,223 operations) was refused by
 * the former 8 MiB limit, and generating its suite held one request open for minutes. The import's
 * time and the heap it took (from the process's GC log) are printed.
 */
class LargeSpecIT {
    /** The cap the import and the generation must fit in, with the control plane's own needs. */
    static final String HEAP = "-Xmx256m";

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern GC_PAUSE =
            Pattern.compile("GC\\(\\d+\\) Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    static Farm farm;
    static Process controlPlane;
    static String baseUrl;
    static Path gcLog;
    static Path document;

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.get();
        document = GitHubRestDescription.document();
        int port = AppProcesses.freePort();
        int managementPort = AppProcesses.freePort();
        gcLog = Path.of("target", "large-spec-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        controlPlane = AppProcesses.start(
                "control-plane",
                "control-plane-large-spec",
                managementPort,
                List.of(HEAP, "-XX:TieredStopAtLevel=1", "-Xlog:gc:file=" + gcLog),
                // the farm's settings, nothing of gantry.specs: the defaults are what is tested
                farm.controlPlaneProcessArguments(port, managementPort, Map.of()));
        baseUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void tearDown() {
        if (controlPlane != null) {
            controlPlane.destroyForcibly();
        }
    }

    /** Operations counted on the document itself, apart from the parser. */
    static int operations(Path document) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(document)) {
            root = Api.JSON.readTree(in);
        }
        int count = 0;
        for (JsonNode item : root.get("paths")) {
            for (String method : METHODS) {
                count += item.has(method) ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void githubsRestDescriptionImportsWithTheDefaultsAndItsSuiteIsGeneratedAsAJob() throws Exception {
        assertThat(operations(document)).as("operations of " + document).isEqualTo(1_223);
        Api operator = new Api(baseUrl, farm.adminKey);
        // 1,223 endpoints: beyond the Pro plan's 1,000 per project
        Scenarios.Tenant tenant =
                Scenarios.tenant(operator, aTenant().named("github").onPlan("Enterprise"));
        Api api = operator.as(tenant.apiKey());
        UUID project = api.post("/api/v1/projects", Map.of("name", "github")).id();
        byte[] bytes = Files.readAllBytes(document);

        long gcBefore = Files.size(gcLog);
        long started = System.nanoTime();
        Api.Answer imported = SpecImportIT.upload(baseUrl, tenant.apiKey(), project, "rest", bytes, "application/json");
        long importMillis = (System.nanoTime() - started) / 1_000_000;
        Heap heap = heapSince(gcBefore);
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        JsonNode spec = imported.body();
        assertThat(spec.get("endpoints").asInt()).isEqualTo(1_223);
        assertThat(spec.get("apiVersion").asString()).isEqualTo(GitHubRestDescription.VERSION);
        System.out.printf(
                "import of GitHub's REST description (%s %s, %,d bytes): %d operations, %d parameters, %d responses,"
                        + " %s, in %d ms; control plane heap (%s, C1): %s%n",
                GitHubRestDescription.PACKAGE,
                GitHubRestDescription.VERSION,
                bytes.length,
                spec.get("endpoints").asInt(),
                spec.get("parameters").asInt(),
                spec.get("responses").asInt(),
                spec.get("parseStatus").asString(),
                importMillis,
                HEAP,
                heap);

        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "github"))
                .id();
        gcBefore = Files.size(gcLog);
        started = System.nanoTime();
        Api.Answer generated = api.generate(suite, Map.of(), Duration.ofMinutes(3));
        long generationMillis = (System.nanoTime() - started) / 1_000_000;
        heap = heapSince(gcBefore);
        assertThat(generated.text("state")).as(generated.raw()).isEqualTo("COMPLETED");
        JsonNode counts = generated.body().get("report").get("counts");
        int created = counts.get("created").asInt();
        assertThat(created + counts.get("skipped").asInt())
                .isEqualTo(generated.body().get("progress").get("total").asInt());
        assertThat(api.get("/api/v1/suites/" + suite + "/generated").body().size())
                .isEqualTo(created);
        Map<String, Integer> byKind = new TreeMap<>();
        generated
                .body()
                .get("report")
                .get("created")
                .forEach(c -> byKind.merge(c.get("kind").asString(), 1, Integer::sum));
        assertThat(byKind.get("happy") + counts.get("skipped").asInt()).isGreaterThanOrEqualTo(1_223);
        System.out.printf(
                "generation of its suite as a job: %d cases %s, %d skipped, in %d ms from the request to COMPLETED"
                        + " (%d ms queued to finished); control plane heap: %s%n",
                created,
                byKind,
                counts.get("skipped").asInt(),
                generationMillis,
                Duration.between(
                                Instant.parse(generated.text("createdAt")), Instant.parse(generated.text("finishedAt")))
                        .toMillis(),
                heap);
    }

    /** The heap as the process's collections saw it: the most in use before one, the most left after one. */
    record Heap(long peakBeforeGcMb, long liveAfterGcMb, long committedMb, int collections) {
        @Override
        public String toString() {
            return collections == 0
                    ? "no collection"
                    : "at most " + peakBeforeGcMb + " MB in use before a collection, at most " + liveAfterGcMb
                            + " MB left after one, " + committedMb + " MB committed (" + collections
                            + " collections)";
        }
    }

    /** From the GC log lines written since {@code offset}. */
    static Heap heapSince(long offset) throws IOException {
        String log;
        try (InputStream in = Files.newInputStream(gcLog)) {
            in.skipNBytes(offset);
            log = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        long before = 0;
        long after = 0;
        long committed = 0;
        int collections = 0;
        Matcher m = GC_PAUSE.matcher(log);
        while (m.find()) {
            before = Math.max(before, megabytes(m.group(1), m.group(2)));
            after = Math.max(after, megabytes(m.group(3), m.group(4)));
            committed = Math.max(committed, megabytes(m.group(5), m.group(6)));
            collections++;
        }
        return new Heap(before, after, committed, collections);
    }

    private static long megabytes(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> n / 1024;
            case "G" -> n * 1024;
            default -> n;
        };
    }
}
