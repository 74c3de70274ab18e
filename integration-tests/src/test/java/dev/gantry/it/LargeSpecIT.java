package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The largest real specification we know, GitHub's REST description ({@link GitHubRestDescription}:
 * 13 MB, 1,223 operations), imports with the default settings and its suite is generated as a job.
 * It was refused by the former 8 MiB limit, and generating its suite held one request open for
 * minutes. Times and heap are printed: in the farm's JVM here, and (the long suite) in a control plane
 * process run as production runs it, on C1 alone, with its heap capped.
 */
class LargeSpecIT {
    /** The heap the capped control plane gets: its own needs, one import, one generation. */
    static final String CAPPED_HEAP = "-Xmx256m";

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern GC_PAUSE =
            Pattern.compile("GC\\(\\d+\\) Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    static Farm farm;
    static Path document;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        document = GitHubRestDescription.document();
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
        importAndGenerate(farm.baseUrl(), "the farm's JVM", HeapWatch::new);
    }

    /**
     * The same in a control plane process with production's JVM options (C1 alone) and a capped heap,
     * whose GC log tells the heap: that it fits is the bound.
     */
    @Test
    @Tag("long")
    void inAControlPlaneRunAsInProductionWithItsHeapCapped() throws Exception {
        int port = AppProcesses.freePort();
        int managementPort = AppProcesses.freePort();
        Path gcLog = Path.of("target", "large-spec-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        Process controlPlane = AppProcesses.start(
                "control-plane",
                "control-plane-large-spec",
                managementPort,
                List.of(CAPPED_HEAP, "-XX:TieredStopAtLevel=1", "-Xlog:gc:file=" + gcLog),
                // the farm's settings, nothing of gantry.specs: the defaults are what is tested
                farm.controlPlaneProcessArguments(port, managementPort, Map.of()));
        try {
            String baseUrl = "http://127.0.0.1:" + port;
            importAndGenerate(baseUrl, "a control plane process, " + CAPPED_HEAP + ", C1", () -> new GcLog(gcLog));
            generateAThousandOperations(baseUrl);
        } finally {
            controlPlane.destroyForcibly();
        }
    }

    /** The yardstick, on C1: a 1,000-operation specification's suite (SpecGenerationIT's) as a job. */
    private static void generateAThousandOperations(String baseUrl) {
        Api operator = new Api(baseUrl, farm.adminKey);
        Scenarios.Tenant tenant =
                Scenarios.tenant(operator, aTenant().named("many").onPlan("Enterprise"));
        Api api = operator.as(tenant.apiKey());
        UUID project = api.post("/api/v1/projects", Map.of("name", "many")).id();
        byte[] document = SpecGenerationIT.manyOperations(250).getBytes(StandardCharsets.UTF_8);
        Api.Answer imported =
                SpecImportIT.upload(baseUrl, tenant.apiKey(), project, "v1", document, "application/json");
        assertThat(imported.body().get("endpoints").asInt()).as(imported.raw()).isEqualTo(1_000);
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "many"))
                .id();
        long started = System.nanoTime();
        Api.Answer generated = api.generate(suite, Map.of(), Duration.ofMinutes(3));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(generated.text("state")).as(generated.raw()).isEqualTo("COMPLETED");
        int created =
                generated.body().get("report").get("counts").get("created").asInt();
        assertThat(api.get("/api/v1/suites/" + suite + "/generated").body().size())
                .isEqualTo(created);
        System.out.printf(
                "generation of 1,000 operations in a control plane process, %s, C1: %d cases in %d ms from the"
                        + " request to COMPLETED (%d ms queued to finished)%n",
                CAPPED_HEAP,
                created,
                millis,
                Duration.between(
                                Instant.parse(generated.text("createdAt")), Instant.parse(generated.text("finishedAt")))
                        .toMillis());
    }

    /** {@code heap} makes a measure of the heap from then on, which its {@code toString} reports. */
    private static void importAndGenerate(String baseUrl, String where, Supplier<AutoCloseable> heap) throws Exception {
        assertThat(operations(document)).as("operations of " + document).isEqualTo(1_223);
        Api operator = new Api(baseUrl, farm.adminKey);
        // 1,223 endpoints: beyond the Pro plan's 1,000 per project
        Scenarios.Tenant tenant =
                Scenarios.tenant(operator, aTenant().named("github").onPlan("Enterprise"));
        Api api = operator.as(tenant.apiKey());
        UUID project = api.post("/api/v1/projects", Map.of("name", "github")).id();
        byte[] bytes = Files.readAllBytes(document);

        Api.Answer imported;
        long importMillis;
        String importHeap;
        try (AutoCloseable watch = heap.get()) {
            long started = System.nanoTime();
            imported = SpecImportIT.upload(baseUrl, tenant.apiKey(), project, "rest", bytes, "application/json");
            importMillis = (System.nanoTime() - started) / 1_000_000;
            importHeap = watch.toString();
        }
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
        JsonNode spec = imported.body();
        assertThat(spec.get("endpoints").asInt()).isEqualTo(1_223);
        assertThat(spec.get("apiVersion").asString()).isEqualTo(GitHubRestDescription.VERSION);
        System.out.printf(
                "import of GitHub's REST description (%s %s, %,d bytes) in %s: %d operations, %d parameters,"
                        + " %d responses, %s, in %d ms; heap: %s%n",
                GitHubRestDescription.PACKAGE,
                GitHubRestDescription.VERSION,
                bytes.length,
                where,
                spec.get("endpoints").asInt(),
                spec.get("parameters").asInt(),
                spec.get("responses").asInt(),
                spec.get("parseStatus").asString(),
                importMillis,
                importHeap);

        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "github"))
                .id();
        Api.Answer generated;
        long generationMillis;
        String generationHeap;
        try (AutoCloseable watch = heap.get()) {
            long started = System.nanoTime();
            generated = api.generate(suite, Map.of(), Duration.ofMinutes(3));
            generationMillis = (System.nanoTime() - started) / 1_000_000;
            generationHeap = watch.toString();
        }
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
        // a happy path per operation, unless it had to be skipped
        assertThat(byKind.get("happy") + counts.get("skipped").asInt()).isGreaterThanOrEqualTo(1_223);
        System.out.printf(
                "generation of its suite as a job in %s: %d cases %s, %d skipped, in %d ms from the request to"
                        + " COMPLETED (%d ms queued to finished); heap: %s%n",
                where,
                created,
                byKind,
                counts.get("skipped").asInt(),
                generationMillis,
                Duration.between(
                                Instant.parse(generated.text("createdAt")), Instant.parse(generated.text("finishedAt")))
                        .toMillis(),
                generationHeap);
    }

    /** The heap as a process's GC log tells it, from the lines written since this was made. */
    static final class GcLog implements AutoCloseable {
        private final Path log;
        private final long offset;

        GcLog(Path log) {
            this.log = log;
            try {
                this.offset = Files.size(log);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
            String lines;
            try (InputStream in = Files.newInputStream(log)) {
                in.skipNBytes(offset);
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long before = 0;
            long after = 0;
            long committed = 0;
            int collections = 0;
            Matcher m = GC_PAUSE.matcher(lines);
            while (m.find()) {
                before = Math.max(before, megabytes(m.group(1), m.group(2)));
                after = Math.max(after, megabytes(m.group(3), m.group(4)));
                committed = Math.max(committed, megabytes(m.group(5), m.group(6)));
                collections++;
            }
            return collections == 0
                    ? "no collection"
                    : "at most " + before + " MB in use before a collection, at most " + after + " MB left after one, "
                            + committed + " MB committed (" + collections + " collections)";
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
}
