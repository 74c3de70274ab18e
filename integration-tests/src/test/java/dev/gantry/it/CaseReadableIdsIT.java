package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Readable case ids ({@code TC_API_001}) are numbered per project, on every path that creates cases,
 * never twice: not by concurrent creations, not after a delete.
 */
class CaseReadableIdsIT {
    static Farm farm;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        admin = new Api(farm.baseUrl(), farm.adminKey);
    }

    private static UUID suite(Api api, UUID project, String name) {
        return api.post("/api/v1/projects/" + project + "/suites", Map.of("name", name))
                .id();
    }

    private static String create(Api api, UUID suite, String name) {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/cases", aCase(name).get("/ping").build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("readableId");
    }

    private static List<String> readableIds(Api api, UUID suite) {
        List<String> ids = new ArrayList<>();
        for (JsonNode c : api.get("/api/v1/suites/" + suite + "/cases").body()) {
            ids.add(c.get("readableId").asString());
        }
        return ids;
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(n -> "TC_API_%03d".formatted(n))
                .toList();
    }

    @Test
    void concurrentCreationsInOneProjectGetDistinctConsecutiveIds() throws Exception {
        Api api = Scenarios.tenant(admin, aTenant().named("ids-concurrent")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "ids")).id();
        // two suites of one project: the counter is the project's, not the suite's
        UUID first = suite(api, project, "first");
        UUID second = suite(api, project, "second");
        int creations = 16;
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < creations; i++) {
            UUID target = i % 2 == 0 ? first : second;
            String name = "case-" + i;
            tasks.add(() -> create(api, target, name));
        }
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<String> f : pool.invokeAll(tasks)) {
                ids.add(f.get());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(numbered(1, creations));

        // another project numbers from 1 again
        UUID other = api.post("/api/v1/projects", Map.of("name", "other")).id();
        assertThat(create(api, suite(api, other, "s"), "one")).isEqualTo("TC_API_001");
    }

    @Test
    void aDeletedCasesIdIsNotHandedOutAgain() {
        Api api = Scenarios.tenant(admin, aTenant().named("ids-deleted")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "ids")).id();
        UUID suite = suite(api, project, "s");
        create(api, suite, "a");
        create(api, suite, "b");
        Api.Answer last = api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("c").get("/ping").build());
        assertThat(last.text("readableId")).isEqualTo("TC_API_003");
        assertThat(api.delete("/api/v1/cases/" + last.id()).status()).isEqualTo(204);

        assertThat(create(api, suite, "d")).isEqualTo("TC_API_004");
        Api.Answer read = api.get("/api/v1/cases/"
                + api.get("/api/v1/suites/" + suite + "/cases")
                        .body()
                        .get(0)
                        .get("id")
                        .asString());
        assertThat(read.text("readableId")).isEqualTo("TC_API_001");
        // an update keeps the id
        Api.Answer renamed = api.put(
                "/api/v1/cases/" + read.id(), aCase("a renamed").get("/ping").build());
        assertThat(renamed.text("readableId")).isEqualTo("TC_API_001");
    }

    @Test
    void aRefusedCaseTakesNoNumber() {
        Api api = Scenarios.tenant(admin, aTenant().named("ids-refused")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "ids")).id();
        UUID suite = suite(api, project, "s");
        create(api, suite, "a");
        Api.Answer duplicate = api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("a").get("/ping").build());
        assertThat(duplicate.status()).as(duplicate.raw()).isEqualTo(409);
        assertThat(create(api, suite, "b")).isEqualTo("TC_API_002");
    }

    @Test
    void importedCasesAreNumberedAfterTheProjectsOthers() {
        Api api = Scenarios.tenant(admin, aTenant().named("ids-import")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "ids")).id();
        UUID original = suite(api, project, "original");
        create(api, original, "a");
        create(api, original, "b");
        create(api, original, "c");
        Api.Answer exported = api.getText("/api/v1/suites/" + original + "/export/postman");
        assertThat(exported.status()).as(exported.raw()).isEqualTo(200);
        UUID copy = suite(api, project, "copy");
        Api.Answer imported = api.post("/api/v1/suites/" + copy + "/import/postman", exported.raw());
        assertThat(imported.status()).as(imported.raw()).isEqualTo(201);

        assertThat(readableIds(api, copy)).containsExactlyInAnyOrderElementsOf(numbered(4, 6));
    }
}
