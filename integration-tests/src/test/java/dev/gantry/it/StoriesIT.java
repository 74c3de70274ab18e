package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Stories and epics from JIRA: a saved search answer of a JIRA Server (REST v2, sprints as
 * strings, epics by the Epic Link field, found through {@code names}), and a project's connection
 * paging through recorded answers of JIRA Cloud's v3 search ({@code nextPageToken}, documents in
 * the Atlassian Document Format) and of a Data Center's v2 search ({@code startAt}, a personal
 * access token), served on loopback: nothing reaches the internet.
 */
class StoriesIT {
    static final Path RECORDED = Path.of("src", "test", "resources", "jira");

    static Farm farm;
    static Api operator;
    HttpServer jira;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
        operator = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterEach
    void stopJira() {
        if (jira != null) {
            jira.stop(0);
        }
    }

    @Test
    void aSavedServerSearchBecomesTheProjectsStoriesAndEpicsAndAnImportAgainUpdatesThem() throws IOException {
        Api api = Scenarios.tenant(operator, aTenant().named("stories")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "checkout")).id();
        String search = Files.readString(RECORDED.resolve("server-search-v2.json"));

        Api.Answer imported = api.send("POST", storiesOf(project) + "/import/jira", search, "application/json");
        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.body().get("issues").asInt()).isEqualTo(5);
        assertThat(imported.body().get("created").asInt()).isEqualTo(4);
        assertThat(imported.body().get("updated").asInt()).isZero();
        JsonNode skipped = imported.body().get("skipped");
        assertThat(skipped.size()).isEqualTo(1);
        assertThat(skipped.get(0).get("issue").asString()).isEqualTo("issues[4]");
        assertThat(skipped.get(0).get("key").asString()).isEqualTo("CTP-1302");
        assertThat(skipped.get(0).get("reason").asString()).contains("summary");

        Map<String, JsonNode> byKey = byKey(api.get(storiesOf(project)).body());
        assertThat(byKey.keySet()).containsExactly("CTP-100", "CTP-1234", "CTP-1235", "CTP-1301");
        JsonNode epic = byKey.get("CTP-100");
        assertThat(epic.get("epic").asBoolean()).isTrue();
        assertThat(epic.get("issueType").asString()).isEqualTo("Epic");
        assertThat(epic.get("description").asString()).startsWith("Business customers pay by invoice");
        JsonNode story = byKey.get("CTP-1234");
        assertThat(story.get("title").asString()).isEqualTo("As a buyer I can download my invoice as PDF");
        assertThat(story.get("status").asString()).isEqualTo("Ready for QA");
        assertThat(story.get("priority").asString()).isEqualTo("Medium");
        assertThat(story.get("sprint").asString()).isEqualTo("CTP Sprint 14");
        assertThat(story.get("epicKey").asString()).isEqualTo("CTP-100");
        assertThat(story.get("fixVersions").valueStream().map(JsonNode::asString))
                .containsExactly("R 2.90");
        assertThat(story.get("source").asString()).isEqualTo("IMPORT");
        assertThat(story.get("updatedInTracker").asString()).isEqualTo("2026-11-04T15:40:02Z");
        JsonNode bug = byKey.get("CTP-1301");
        assertThat(bug.get("epic").asBoolean()).isFalse();
        assertThat(bug.get("fixVersions").valueStream().map(JsonNode::asString)).containsExactly("R 2.90", "R 2.91");

        // an epic's stories; filters
        assertThat(keys(api.get("/api/v1/stories/" + epic.get("id").asString() + "/stories")
                        .body()))
                .containsExactly("CTP-1234", "CTP-1235");
        assertThat(keys(api.get(storiesOf(project) + "?epic=true").body())).containsExactly("CTP-100");
        assertThat(keys(api.get(storiesOf(project) + "?sprint=CTP%20Sprint%2013")
                        .body()))
                .containsExactly("CTP-1235");
        assertThat(keys(api.get(storiesOf(project) + "?fixVersion=R%202.91").body()))
                .containsExactly("CTP-1301");
        assertThat(keys(api.get(storiesOf(project) + "?q=invoice%20numbers").body()))
                .containsExactly("CTP-1235");
        assertThat(keys(api.get(storiesOf(project) + "?q=50%25").body())).isEmpty();

        // the same keys again update what changed in the tracker
        String moved = search.replace("\"Ready for QA\"", "\"Done\"");
        Api.Answer again = api.send("POST", storiesOf(project) + "/import/jira", moved, "application/json");
        assertThat(again.body().get("created").asInt()).isZero();
        assertThat(again.body().get("updated").asInt()).isEqualTo(4);
        assertThat(byKey(api.get(storiesOf(project)).body())
                        .get("CTP-1234")
                        .get("status")
                        .asString())
                .isEqualTo("Done");
        assertThat(api.get(storiesOf(project)).body().size()).isEqualTo(4);
    }

    @Test
    void aStoryListsItsLinkedCasesAndAReleasePicksCasesByStoryOrByEpic() throws IOException {
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("stories-cases"));
        Api api = tenant.api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "invoicing")).id();
        api.send(
                "POST",
                storiesOf(project) + "/import/jira",
                Files.readString(RECORDED.resolve("server-search-v2.json")),
                "application/json");
        UUID suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "invoices"))
                .id();
        String download = linkedCase(api, suite, "downloads the invoice PDF", List.of("CTP-1234"));
        String numbers = linkedCase(api, suite, "numbers invoices uniquely", List.of("CTP-1235"));
        String vat = linkedCase(api, suite, "shows the Austrian VAT rate", List.of());
        Map<String, Object> defect =
                RequestBodies.aCase("vat regression").get("/vat").build();
        defect.put("links", List.of(Map.of("kind", "DEFECT", "key", "CTP-1301")));
        assertThat(api.post("/api/v1/suites/" + suite + "/cases", defect).status())
                .isEqualTo(201);

        Map<String, JsonNode> stories = byKey(api.get(storiesOf(project)).body());
        JsonNode cases = api.get(
                        "/api/v1/stories/" + stories.get("CTP-1234").get("id").asString() + "/cases")
                .body();
        assertThat(cases.valueStream()
                        .map(c -> c.get("readableId").asString() + " "
                                + c.get("kind").asString()))
                .containsExactly(download + " STORY");
        assertThat(api.get("/api/v1/stories/"
                                + stories.get("CTP-1301").get("id").asString() + "/cases")
                        .body()
                        .get(0)
                        .get("kind")
                        .asString())
                .isEqualTo("DEFECT");
        assertThat(api.get("/api/v1/stories/" + stories.get("CTP-100").get("id").asString() + "/cases")
                        .body()
                        .size())
                .isZero();

        // a release picks the cases of a story, and of every story of an epic
        UUID environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        RequestBodies.anEnvironment("staging", "http://127.0.0.1:9"))
                .id();
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("version", "R 2.90");
        release.put("name", "Invoices");
        release.put("environmentId", environment);
        UUID byStory =
                api.post("/api/v1/projects/" + project + "/releases", release).id();
        Api.Answer picked =
                api.post("/api/v1/releases/" + byStory + "/cases", Map.of("storyKeys", List.of("ctp-1234")));
        assertThat(picked.status()).as(picked.raw()).isEqualTo(200);
        assertThat(readableIds(api, byStory)).containsExactly(download);
        release.put("version", "R 2.91");
        UUID byEpic =
                api.post("/api/v1/projects/" + project + "/releases", release).id();
        assertThat(api.post("/api/v1/releases/" + byEpic + "/cases", Map.of("storyKeys", List.of("CTP-100")))
                        .status())
                .isEqualTo(200);
        assertThat(readableIds(api, byEpic))
                .containsExactlyInAnyOrder(download, numbers)
                .doesNotContain(vat);
        Api.Answer refused =
                api.post("/api/v1/releases/" + byEpic + "/cases", Map.of("storyKeys", List.of("not a key")));
        assertRefused(refused, 400, "storyKeys[0]");
    }

    private static String linkedCase(Api api, UUID suite, String name, List<String> stories) {
        Map<String, Object> body = RequestBodies.aCase(name).get("/invoices").build();
        body.put(
                "links",
                stories.stream().map(k -> Map.of("kind", "STORY", "key", k)).toList());
        Api.Answer created = api.post("/api/v1/suites/" + suite + "/cases", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("readableId");
    }

    private static List<String> readableIds(Api api, UUID release) {
        Api.Answer answer = api.get("/api/v1/releases/" + release + "/cases");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body()
                .valueStream()
                .map(c -> c.get("readableId").asString())
                .toList();
    }

    @Test
    void aCloudConnectionPagesThroughTheSearchByTokenAndSignsInWithTheAccountsEmailAndToken() {
        Api api = Scenarios.tenant(operator, aTenant().named("stories-cloud")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "shop")).id();
        List<URI> asked = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        jira = TestTargets.start("/", exchange -> {
            asked.add(exchange.getRequestURI());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Map<String, String> query = query(exchange);
            if (!exchange.getRequestURI().getPath().equals("/rest/api/3/search/jql")) {
                TestTargets.json(exchange, 404, "{\"errorMessages\":[\"not found\"]}");
            } else if ("CAEaAggC".equals(query.get("nextPageToken"))) {
                TestTargets.json(exchange, 200, recorded("cloud-jql-page-2.json"));
            } else {
                TestTargets.json(exchange, 200, recorded("cloud-jql-page-1.json"));
            }
        });
        String jql = "project = SHOP AND issuetype in (Epic, Story) ORDER BY key";
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("baseUrl", Scenarios.baseUrlOf(jira) + "/");
        connection.put("apiVersion", 3);
        connection.put("username", "qa-bot@acme.example");
        connection.put("apiToken", "ATATT3xFfGF0-recorded-token");
        connection.put("jql", jql);
        Api.Answer saved = api.put("/api/v1/projects/" + project + "/jira", connection);
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.body().get("tokenSet").asBoolean()).isTrue();
        assertThat(saved.raw()).doesNotContain("ATATT3xFfGF0");

        Api.Answer synced = api.post("/api/v1/projects/" + project + "/jira/sync", Map.of());
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        assertThat(synced.body().get("issues").asInt()).isEqualTo(3);
        assertThat(synced.body().get("created").asInt()).isEqualTo(3);
        assertThat(asked).hasSize(2);
        assertThat(query(asked.get(0)).get("jql")).isEqualTo(jql);
        assertThat(query(asked.get(0))).doesNotContainKey("nextPageToken");
        assertThat(query(asked.get(0)).get("fields")).contains("summary", "customfield_10020", "parent");
        assertThat(query(asked.get(1)).get("nextPageToken")).isEqualTo("CAEaAggC");
        assertThat(authorizations)
                .containsOnly("Basic "
                        + Base64.getEncoder()
                                .encodeToString("qa-bot@acme.example:ATATT3xFfGF0-recorded-token"
                                        .getBytes(StandardCharsets.UTF_8)));

        Map<String, JsonNode> byKey = byKey(api.get(storiesOf(project)).body());
        assertThat(byKey.keySet()).containsExactly("SHOP-7", "SHOP-12", "SHOP-13");
        assertThat(byKey.get("SHOP-7").get("epic").asBoolean()).isTrue();
        assertThat(byKey.get("SHOP-7").get("description").asString())
                .isEqualTo("Buy without an account.\ne-mail only\nno password");
        JsonNode address = byKey.get("SHOP-12");
        assertThat(address.get("epicKey").asString()).isEqualTo("SHOP-7");
        assertThat(address.get("sprint").asString()).isEqualTo("SHOP Sprint 22");
        assertThat(address.get("source").asString()).isEqualTo("JIRA");
        assertThat(address.get("description").asString())
                .isEqualTo("Ask @Grace for the address rules.\nCountries: DE, AT.");
        JsonNode read = api.get("/api/v1/projects/" + project + "/jira").body();
        assertThat(read.get("lastSync").get("created").asInt()).isEqualTo(3);
        assertThat(read.get("lastSyncedAt").isNull()).isFalse();
    }

    @Test
    void aDataCenterConnectionPagesByStartAtWithAPersonalAccessToken() {
        Api api = Scenarios.tenant(operator, aTenant().named("stories-dc")).api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "invoices")).id();
        List<URI> asked = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        String all = recorded("server-search-v2.json");
        jira = TestTargets.start("/", exchange -> {
            asked.add(exchange.getRequestURI());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            // the instance caps pages at 3 issues whatever maxResults asks, as JIRA's own settings may
            int startAt = Integer.parseInt(query(exchange).getOrDefault("startAt", "0"));
            TestTargets.json(exchange, 200, page(all, startAt, 3));
        });
        Map<String, Object> connection = new HashMap<>(Map.of(
                "baseUrl",
                Scenarios.baseUrlOf(jira),
                "apiVersion",
                2,
                "apiToken",
                "NjM4-personal-access-token",
                "jql",
                "project = CTP AND fixVersion = \"R 2.90\""));
        assertThat(api.put("/api/v1/projects/" + project + "/jira", connection).status())
                .isEqualTo(200);

        Api.Answer synced = api.post("/api/v1/projects/" + project + "/jira/sync", Map.of());
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        assertThat(synced.body().get("issues").asInt()).isEqualTo(5);
        assertThat(synced.body().get("created").asInt()).isEqualTo(4);
        assertThat(synced.body().get("skipped").get(0).get("issue").asString()).isEqualTo("issues[4]");
        assertThat(asked).extracting(uri -> query(uri).get("startAt")).containsExactly("0", "3");
        assertThat(asked).allSatisfy(uri -> assertThat(uri.getPath()).isEqualTo("/rest/api/2/search"));
        assertThat(authorizations).containsOnly("Bearer NjM4-personal-access-token");
        assertThat(byKey(api.get(storiesOf(project)).body())
                        .get("CTP-1234")
                        .get("sprint")
                        .asString())
                .isEqualTo("CTP Sprint 14");
    }

    @Test
    void badSearchesConnectionsAndRefusingTrackersAnswer4xxOr502AndKeepNothing() throws IOException {
        Scenarios.Tenant tenant = Scenarios.tenant(operator, aTenant().named("stories-refused"));
        Api api = tenant.api();
        UUID project = api.post("/api/v1/projects", Map.of("name", "refusals")).id();
        String importPath = storiesOf(project) + "/import/jira";

        assertRefused(api.send("POST", importPath, "{\"values\": []}", "application/json"), 400, "issues");
        assertRefused(api.send("POST", importPath, "{\"issues\": [", "application/json"), 400, "issues");
        assertRefused(
                api.send("POST", importPath + "?sprintField=Sprint", "{\"issues\": []}", "application/json"),
                400,
                "sprintField");
        // a search answer over the limit is refused as declared, before a byte of it is sent
        try (RawConnection connection = new RawConnection(farm.baseUrl())) {
            RawConnection.Answer huge = connection
                    .head(
                            "POST",
                            importPath,
                            Map.of(
                                    "X-Api-Key",
                                    tenant.apiKey(),
                                    "Content-Type",
                                    "application/json",
                                    "Expect",
                                    "100-continue",
                                    "Content-Length",
                                    Long.toString(16L * 1024 * 1024 + 1)))
                    .read();
            assertThat(huge.status()).isEqualTo(413);
            assertThat(huge.json().get("limit").asString()).isEqualTo("gantry.stories.import-max-bytes");
        }
        assertRefused(
                api.put("/api/v1/projects/" + project + "/jira", Map.of("baseUrl", "ftp://jira", "jql", "x")),
                400,
                "baseUrl");
        assertRefused(
                api.put(
                        "/api/v1/projects/" + project + "/jira",
                        Map.of("baseUrl", "https://jira.example.com", "jql", "project = X")),
                400,
                "apiToken");
        assertRefused(
                api.put(
                        "/api/v1/projects/" + project + "/jira",
                        Map.of(
                                "baseUrl",
                                "https://jira.example.com",
                                "apiToken",
                                "t",
                                "jql",
                                "project = X",
                                "apiVersion",
                                4)),
                400,
                "apiVersion");
        assertThat(api.get("/api/v1/projects/" + project + "/jira").status()).isEqualTo(404);

        // a tracker that refuses the token: 502 with what it said, nothing kept
        jira = TestTargets.start("/", exchange -> TestTargets.json(exchange, 401, recorded("unauthorized.json")));
        assertThat(api.put(
                                "/api/v1/projects/" + project + "/jira",
                                Map.of(
                                        "baseUrl",
                                        Scenarios.baseUrlOf(jira),
                                        "apiVersion",
                                        2,
                                        "apiToken",
                                        "expired",
                                        "jql",
                                        "project = CTP"))
                        .status())
                .isEqualTo(200);
        Api.Answer refused = api.post("/api/v1/projects/" + project + "/jira/sync", Map.of());
        assertThat(refused.status()).as(refused.raw()).isEqualTo(502);
        assertThat(refused.text("code")).isEqualTo("jira-unreachable");
        assertThat(refused.text("detail")).contains("401").contains("Login Required");
        assertThat(api.get(storiesOf(project)).body().size()).isZero();
        assertThat(api.get("/api/v1/projects/" + project + "/jira")
                        .body()
                        .get("lastSync")
                        .get("error")
                        .asString())
                .contains("401");

        // another tenant's stories are not there
        Api stranger =
                Scenarios.tenant(operator, aTenant().named("stories-stranger")).api();
        UUID theirs =
                stranger.post("/api/v1/projects", Map.of("name", "theirs")).id();
        stranger.send(
                "POST", storiesOf(theirs) + "/import/jira", recorded("server-search-v2.json"), "application/json");
        String storyId = stranger.get(storiesOf(theirs)).body().get(0).get("id").asString();
        assertThat(api.get("/api/v1/stories/" + storyId).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/stories/" + storyId).status()).isEqualTo(404);
        assertThat(api.get(storiesOf(theirs)).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/stories/" + storyId).status()).isEqualTo(200);
    }

    private static void assertRefused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.body().get("errors").valueStream().map(e -> e.get("field")
                        .asString()))
                .as(answer.raw())
                .contains(field);
    }

    /** A page of the recorded search as a JIRA capping pages at {@code size} answers it. */
    private static String page(String all, int startAt, int size) {
        JsonNode whole =
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(all);
        var issues = whole.get("issues").valueStream().skip(startAt).limit(size).toList();
        var node = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        node.put("startAt", startAt);
        node.put("maxResults", size);
        node.put("total", whole.get("issues").size());
        node.putArray("issues").addAll(issues);
        node.set("names", whole.get("names"));
        return node.toString();
    }

    private static String storiesOf(UUID project) {
        return "/api/v1/projects/" + project + "/stories";
    }

    private static String recorded(String name) {
        try {
            return Files.readString(RECORDED.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode stories) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        stories.forEach(s -> byKey.put(s.get("key").asString(), s));
        return byKey;
    }

    private static List<String> keys(JsonNode stories) {
        return stories.valueStream().map(s -> s.get("key").asString()).toList();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return query(exchange.getRequestURI());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                values.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
