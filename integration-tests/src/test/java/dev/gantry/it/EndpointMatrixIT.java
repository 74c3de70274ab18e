package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.RequestBodies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint the control plane maps, read from its own request mappings (so one added later
 * cannot be forgotten), called by every kind of caller, each path spelled six ways. The expected
 * answers follow from the policy written here, independently of the application's rule table: a
 * mapping the application has no rule for is refused to everyone, and this test then fails for it.
 */
class EndpointMatrixIT {
    /** Who calls: nobody, the three roles of tenant A, the farm's operator, the administrator of tenant B. */
    enum Who {
        NO_KEY,
        VIEWER,
        TESTER,
        ADMIN,
        OPERATOR,
        OTHER_TENANT
    }

    /** How the path is spelled. */
    enum Spelling {
        AS_WRITTEN,
        PERCENT_ENCODED_LETTERS,
        SEMICOLON_SEGMENT,
        DOUBLED_SLASH,
        DOT_SEGMENTS,
        UPPER_CASE
    }

    /** What the policy asks of a caller, as this test states it. */
    enum Access {
        NOBODY,
        PUBLIC,
        VIEWER,
        TESTER,
        ADMIN,
        OPERATOR
    }

    record Endpoint(String method, String pattern, List<String> params) {
        @Override
        public String toString() {
            return method + " " + pattern + (params.isEmpty() ? "" : "?" + String.join("&", params));
        }
    }

    record Cell(Endpoint endpoint, Who who, Spelling spelling, String path, int status, String code, String body) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Set<String> SECURITY_CODES = Set.of("unauthenticated", "forbidden", "firewall");

    static Farm farm;
    static HttpServer target;
    static final Map<Who, String> keys = new LinkedHashMap<>();
    /** Tenant A's resources by the path segment that names their kind ({@code projects}, {@code runs}, …). */
    static final Map<String, String> ownIds = new LinkedHashMap<>();
    /** The id of each tenant A user's own key. */
    static final Map<Who, String> ownKeyIds = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        farm = Farm.get();
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{\"ok\": true}"));
        Api operator = new Api(farm.baseUrl(), farm.adminKey);
        keys.put(Who.OPERATOR, farm.adminKey);

        Scenarios.Tenant tenantA = Scenarios.tenant(operator, aTenant().named("matrix-a"));
        UUID a = tenantA.id();
        keys.put(Who.ADMIN, tenantA.apiKey());
        for (Who role : List.of(Who.VIEWER, Who.TESTER)) {
            Api.Answer user = operator.post("/api/v1/admin/tenants/" + a + "/users", RequestBodies.aUser(role.name()));
            assertThat(user.status()).as(user.raw()).isEqualTo(201);
            keys.put(role, user.text("apiKey"));
            ownIds.putIfAbsent("users", user.text("userId"));
        }
        keys.put(
                Who.OTHER_TENANT,
                Scenarios.tenant(operator, aTenant().named("matrix-b")).apiKey());

        Api api = operator.as(keys.get(Who.ADMIN));
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        UUID kase = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/cases",
                        aCase("ping").get("/ping").build())
                .id();
        UUID dataSet = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/data-sets",
                        Map.of("name", "rows", "rows", List.of(Map.of("n", 1))))
                .id();
        UUID schedule = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/schedules",
                        Map.of("name", "nightly", "environmentId", workspace.environment(), "cron", "0 2 * * *"))
                .id();
        UUID hook = api.post("/api/v1/projects/" + workspace.project() + "/hooks", Map.of("name", "ci"))
                .id();
        assertThat(api.put(
                                "/api/v1/projects/" + workspace.project() + "/jira",
                                Map.of("baseUrl", "https://jira.example.com", "apiToken", "t", "jql", "project = M"))
                        .status())
                .isEqualTo(200);
        Api.Answer stories = api.send(
                "POST",
                "/api/v1/projects/" + workspace.project() + "/stories/import/jira",
                "{\"issues\": [{\"key\": \"M-1\", \"fields\": {\"summary\": \"matrix\"}}]}",
                "application/json");
        assertThat(stories.status()).as(stories.raw()).isEqualTo(200);
        Api.Answer diagram = api.send(
                "POST",
                "/api/v1/projects/" + workspace.project() + "/processes",
                ProcessImportIT.read("order-fulfilment.bpmn"),
                "application/xml");
        assertThat(diagram.status()).as(diagram.raw()).isEqualTo(201);
        // the workspace's suite is a process suite of the diagram, so that its runs have results per element
        farm.controlPlane
                .getBean(dev.gantry.controlplane.processes.ProcessScenarios.class)
                .record(
                        a,
                        workspace.suite(),
                        diagram.id(),
                        1,
                        tenantA.adminUser(),
                        Map.of(),
                        List.of(new dev.gantry.controlplane.processes.ProcessScenarios.CaseElement(
                                kase, "Activity_create_order", "matrix", "HAPPY", List.of("Flow_0k1x9ab"))));
        String story = api.get("/api/v1/projects/" + workspace.project() + "/stories")
                .body()
                .get(0)
                .get("id")
                .asString();
        UUID module = api.post("/api/v1/projects/" + workspace.project() + "/modules", Map.of("name", "Billing"))
                .id();
        String petstore = Files.readString(Path.of("../control-plane/src/test/resources/specs/petstore-3.0.yaml"));
        Api.Answer spec = api.send(
                "POST", "/api/v1/projects/" + workspace.project() + "/specs?label=v1", petstore, "application/yaml");
        assertThat(spec.status()).as(spec.raw()).isEqualTo(201);
        UUID step = api.post(
                        "/api/v1/projects/" + workspace.project() + "/steps",
                        Map.of(
                                "keyword",
                                "when",
                                "pattern",
                                "I ping",
                                "request",
                                Map.of("method", "GET", "path", "/ping")))
                .id();
        UUID feature = api.post(
                        "/api/v1/projects/" + workspace.project() + "/features",
                        Map.of("content", "Feature: Ping\n  Scenario: ping\n    When I ping\n"))
                .id();
        UUID generatedSuite = api.post(
                        "/api/v1/projects/" + workspace.project() + "/suites", Map.of("name", "generated"))
                .id();
        Api.Answer generation = api.generate(generatedSuite, Map.of("kinds", List.of("happy")));
        assertThat(generation.text("state")).as(generation.raw()).isEqualTo("COMPLETED");
        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        api.waitForEnd(run, Duration.ofSeconds(60));
        api.put("/api/v1/suites/" + workspace.suite() + "/quarantine/" + kase, Map.of("reason", "matrix"));
        Api.Answer release = api.post(
                "/api/v1/projects/" + workspace.project() + "/releases",
                Map.of("version", "R 1.0", "environmentId", workspace.environment()));
        assertThat(release.status()).as(release.raw()).isEqualTo(201);
        assertThat(api.post("/api/v1/releases/" + release.id() + "/cases", Map.of("caseIds", List.of(kase)))
                        .status())
                .isEqualTo(200);
        for (Who own : List.of(Who.VIEWER, Who.TESTER, Who.ADMIN)) {
            JsonNode listed = operator.as(keys.get(own)).get("/api/v1/keys").body();
            for (JsonNode key : listed) {
                if (keys.get(own).startsWith(key.get("prefix").asString())) {
                    ownKeyIds.putIfAbsent(own, key.get("id").asString());
                }
            }
        }
        String viewerKey = ownKeyIds.get(Who.VIEWER);
        // a second run, so that the diff has a base
        UUID second = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        api.waitForEnd(second, Duration.ofSeconds(60));

        ownIds.put("tenants", a.toString());
        ownIds.put("projects", workspace.project().toString());
        ownIds.put("environments", workspace.environment().toString());
        ownIds.put("suites", workspace.suite().toString());
        ownIds.put("cases", kase.toString());
        ownIds.put("quarantine", kase.toString());
        ownIds.put("data-sets", dataSet.toString());
        ownIds.put("schedules", schedule.toString());
        ownIds.put("hooks", hook.toString());
        ownIds.put("modules", module.toString());
        ownIds.put("stories", story);
        ownIds.put("processes", diagram.id().toString());
        ownIds.put("steps", step.toString());
        ownIds.put("features", feature.toString());
        ownIds.put("ci", hook.toString());
        ownIds.put("specs", spec.id().toString());
        ownIds.put("generations", generation.id().toString());
        ownIds.put("runs", second.toString());
        ownIds.put("keys", String.valueOf(viewerKey));
        // a suite's versions are numbers; "latest" names the newest of tenant A's suite
        ownIds.put("versions", "latest");
        ownIds.put("releases", release.id().toString());
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.stop(0);
        }
    }

    /** The policy: who may call what, as a user of the farm is told it. */
    static Access access(Endpoint endpoint) {
        String p = endpoint.pattern();
        if (p.startsWith("/api/v1/hooks/ci/")) {
            return Access.PUBLIC; // signed deliveries: the signature is the credential
        }
        if (p.startsWith("/api/v1/admin/")) {
            return Access.OPERATOR;
        }
        if (p.equals("/api/v1/audit")) {
            return Access.ADMIN;
        }
        if (p.startsWith("/api/v1/keys")) {
            return Access.VIEWER; // everyone manages their own keys
        }
        if (p.equals("/api/v1/session") || p.equals("/api/v1/invitations/accept")) {
            // signing in and out need no key; an invitation's token is its own credential
            return Access.PUBLIC;
        }
        if (p.equals("/api/v1/invitations")) {
            return Access.ADMIN;
        }
        if (p.startsWith("/api/v1/users")) {
            // everyone reads the tenant's people and names themselves; the tenant's ADMIN manages users
            return p.equals("/api/v1/users/me") || endpoint.method().equals("GET") ? Access.VIEWER : Access.ADMIN;
        }
        if (p.startsWith("/api/v1/")) {
            return endpoint.method().equals("GET") ? Access.VIEWER : Access.TESTER;
        }
        if (p.startsWith("/v3/api-docs") || p.startsWith("/swagger-ui")) {
            return Access.PUBLIC; // by configuration (gantry.security.open-api-docs), on by default
        }
        if (p.equals("/error")) {
            return Access.NOBODY; // Spring Boot's error page is for error dispatches, never asked for directly
        }
        throw new AssertionError("the policy says nothing about " + endpoint + ": say who may call it here"
                + " and give it a rule in the control plane's AccessRules");
    }

    @Test
    void everyEndpointAnswersEveryCallerAsThePolicySaysHoweverThePathIsSpelled() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the control plane's request mappings").hasSizeGreaterThan(60);
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : endpoints) {
            Access access = access(endpoint);
            for (Who who : Who.values()) {
                Cell written = call(endpoint, who, Spelling.AS_WRITTEN);
                cells++;
                String problem = judgeAsWritten(access, written);
                if (problem != null) {
                    wrong.add(describe(written, problem));
                }
                for (Spelling spelling : Spelling.values()) {
                    if (spelling == Spelling.AS_WRITTEN) {
                        continue;
                    }
                    Cell cell = call(endpoint, who, spelling);
                    cells++;
                    String other = judgeSpelling(written, cell);
                    if (other != null) {
                        wrong.add(describe(cell, other));
                    }
                }
            }
        }
        assertThat(wrong)
                .as("%d calls, %d answers not as the policy says:%n%s", cells, wrong.size(), String.join("\n", wrong))
                .isEmpty();
    }

    @Test
    void theMatrixCoversTheKeyAndAdminEndpointsThatMatterMost() {
        Set<String> patterns = endpoints().stream().map(Endpoint::toString).collect(Collectors.toSet());
        assertThat(patterns)
                .contains(
                        "POST /api/v1/admin/tenants",
                        "GET /api/v1/admin/tenants",
                        "GET /api/v1/processes/{id}/suites",
                        "POST /api/v1/admin/tenants/{tenantId}/users",
                        "GET /api/v1/admin/queue",
                        "POST /api/v1/hooks/ci/{hookId}",
                        "DELETE /api/v1/keys/{id}",
                        "POST /api/v1/keys/{id}/rotate",
                        "GET /api/v1/runs/{id}?wait",
                        "POST /api/v1/projects/{projectId}/environments/import/postman",
                        "POST /api/v1/suites/{suiteId}/data-sets/import/newman",
                        "GET /api/v1/suites/{suiteId}/export/postman",
                        "GET /api/v1/suites/{suiteId}/export/newman-data",
                        "GET /api/v1/suites/{suiteId}/export/feature",
                        "GET /api/v1/projects/{projectId}/steps/suggest",
                        "POST /api/v1/features/{id}/publish",
                        "POST /api/v1/features/{id}/restore",
                        "POST /api/v1/suites/{suiteId}/generate",
                        "GET /api/v1/generations/{id}?wait",
                        "POST /api/v1/users",
                        "PATCH /api/v1/users/{id}",
                        "PATCH /api/v1/users/me",
                        "POST /api/v1/projects/{projectId}/stories/import/jira",
                        "POST /api/v1/projects/{projectId}/jira/sync",
                        "POST /api/v1/projects/{projectId}/processes",
                        "POST /api/v1/processes/{id}/versions",
                        "GET /api/v1/processes/{id}/diagram.svg",
                        "GET /api/v1/runs/{id}/process",
                        "GET /api/v1/processes/{id}/bindings",
                        "PUT /api/v1/processes/{id}/bindings/{elementId}",
                        "DELETE /api/v1/processes/{id}/bindings/{elementId}",
                        "POST /api/v1/processes/{id}/bindings/suggest",
                        "POST /api/v1/processes/{id}/scenarios",
                        "POST /api/v1/processes/{id}/scenarios/preview",
                        "GET /api/v1/projects/{projectId}/cases",
                        "PATCH /api/v1/projects/{projectId}/cases",
                        "GET /api/v1/suites/{suiteId}/cases/export/csv",
                        "POST /api/v1/suites/{suiteId}/cases/import/csv",
                        "PATCH /api/v1/suites/{id}",
                        "POST /api/v1/suites/{id}/review",
                        "GET /api/v1/suites/{suiteId}/versions",
                        "GET /api/v1/suites/{suiteId}/versions/{version}",
                        "GET /api/v1/suites/{suiteId}/versions/compare",
                        "GET /api/v1/cases/{caseId}/changes",
                        "GET /api/v1/cases/{id}/editable",
                        "PATCH /api/v1/hooks/{id}",
                        "GET /api/v1/releases/{id}/report.pdf",
                        "PATCH /api/v1/releases/{id}/cases/{caseId}",
                        "PUT /api/v1/releases/{id}/approvals/{role}",
                        "PUT /api/v1/releases/{id}/approvers",
                        "GET /api/v1/runs",
                        "GET /api/v1/runs/{id}/events",
                        "GET /api/v1/session",
                        "POST /api/v1/session",
                        "DELETE /api/v1/session",
                        "POST /api/v1/invitations",
                        "POST /api/v1/invitations/accept");
    }

    /**
     * The console's page and assets are resources, not request mappings: each is public, carries the
     * console's CSP, and is refused like any API path when spelled otherwise.
     */
    @Test
    void theConsoleIsPublicWithItsContentSecurityPolicyAndRefusesOtherSpellings() throws Exception {
        HttpResponse<String> page = fetch("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        Matcher script =
                Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(page.body());
        assertThat(script.find()).as(page.body()).isTrue();
        assertThat(page.body()).doesNotContain("<script>");
        HttpResponse<String> asset = fetch(script.group(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        // a route of the console answers its page; a file it does not have is not found
        HttpResponse<String> route = fetch("/console/runs/" + UUID.randomUUID());
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(route.body()).isEqualTo(page.body());
        assertThat(fetch("/console/assets/missing.js").statusCode()).isEqualTo(404);
        for (String other : List.of("/console;x/", "//console/", "/x/../console/", "/console/%2e%2e/api/v1/runs")) {
            HttpResponse<String> refused = fetch(other);
            assertThat(refused.statusCode()).as(other).isEqualTo(400);
            assertThat(code(refused.body())).as(other).isEqualTo("firewall");
        }
        assertThat(fetch("/CONSOLE/").statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(farm.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer to a path as written: the policy's status, and never another tenant's data. */
    static String judgeAsWritten(Access access, Cell cell) {
        Who who = cell.who();
        if (cell.status() >= 500) {
            return "a server error";
        }
        if (access == Access.PUBLIC) {
            return isSecurityCode(cell.code()) ? "refused by security, but the endpoint is public" : null;
        }
        if (who == Who.NO_KEY) {
            return expect(cell, 401, "unauthenticated");
        }
        if (access == Access.NOBODY) {
            return expect(cell, 403, "forbidden");
        }
        if (access == Access.OPERATOR) {
            return who == Who.OPERATOR ? admitted(cell) : expect(cell, 403, "forbidden");
        }
        if (!allows(who, access)) {
            return expect(cell, 403, "forbidden");
        }
        if (who == Who.OPERATOR || who == Who.OTHER_TENANT) {
            if (cell.status() == 401 || cell.status() == 403) {
                return "refused by security, but the caller's role is enough (only tenant A's data should be hidden)";
            }
            if (pathNamesOwnResource(cell.path())) {
                if (cell.endpoint().method().equals("GET")) {
                    return cell.status() == 404
                            ? null
                            : "tenant A's resource answered " + cell.status() + " to another tenant";
                }
                // a change is refused; and whether as invalid or as not found must not depend on
                // whether tenant A's resource exists
                Cell unknown = call(cell.endpoint(), cell.who(), Spelling.AS_WRITTEN, true);
                return cell.status() >= 300 && cell.status() == unknown.status()
                        ? null
                        : "a change of tenant A's resource answered " + cell.status() + " to another tenant ("
                                + unknown.status() + " for an unknown id)";
            }
            return leaksOwnIds(cell) ? "the answer shows tenant A's ids to another tenant" : null;
        }
        String refused = admitted(cell);
        if (refused != null) {
            return refused;
        }
        if (cell.endpoint().method().equals("GET") && (cell.status() < 200 || cell.status() > 299)) {
            return "tenant A's own " + cell.who() + " could not read its resource";
        }
        return null;
    }

    /** Another spelling of the same path is refused outright or answered exactly as the written one. */
    static String judgeSpelling(Cell written, Cell cell) {
        if (cell.status() >= 500) {
            return "a server error";
        }
        return switch (cell.spelling()) {
            case PERCENT_ENCODED_LETTERS ->
                cell.status() == written.status() && java.util.Objects.equals(cell.code(), written.code())
                        ? null
                        : "answered " + cell.status() + " where the path as written answered " + written.status();
            case SEMICOLON_SEGMENT, DOUBLED_SLASH, DOT_SEGMENTS -> expect(cell, 400, "firewall");
            case UPPER_CASE ->
                cell.status() == 401 || cell.status() == 403 || cell.status() == 404
                        ? null
                        : "an upper-case spelling was not refused";
            case AS_WRITTEN -> throw new IllegalStateException();
        };
    }

    private static boolean isSecurityCode(String code) {
        return code != null && SECURITY_CODES.contains(code);
    }

    private static String expect(Cell cell, int status, String code) {
        return cell.status() == status && code.equals(cell.code())
                ? null
                : "expected " + status + " " + code + " but was " + cell.status() + " " + cell.code();
    }

    private static String admitted(Cell cell) {
        return cell.status() == 401 || cell.status() == 403
                ? "refused (" + cell.status() + " " + cell.code() + ") a caller the policy admits"
                        + (isSecurityCode(cell.code()) ? ": does the mapping have an access rule?" : "")
                : null;
    }

    private static boolean pathNamesOwnResource(String path) {
        return ownIds.values().stream().anyMatch(path::contains);
    }

    /** Tenant A's ids in an answer to another tenant; the operator made tenant A, so knows its id. */
    private static boolean leaksOwnIds(Cell cell) {
        return ownIds.entrySet().stream()
                .filter(e -> !(cell.who() == Who.OPERATOR && e.getKey().equals("tenants")))
                .anyMatch(e -> cell.body().contains(e.getValue()));
    }

    /** Whether the caller's role is enough for a VIEWER, TESTER or ADMIN rule (the tenant aside). */
    private static boolean allows(Who who, Access access) {
        return roleOf(who).atLeast(dev.gantry.controlplane.security.Role.valueOf(access.name()));
    }

    private static dev.gantry.controlplane.security.Role roleOf(Who who) {
        return switch (who) {
            case VIEWER -> dev.gantry.controlplane.security.Role.VIEWER;
            case TESTER -> dev.gantry.controlplane.security.Role.TESTER;
            default -> dev.gantry.controlplane.security.Role.ADMIN;
        };
    }

    private static String describe(Cell cell, String problem) {
        return "  " + cell.endpoint() + " | " + cell.who() + " | " + cell.spelling() + " " + cell.path() + " -> "
                + cell.status() + " " + cell.code() + ": " + problem;
    }

    /** The control plane's request mappings, one per method and pattern. */
    static List<Endpoint> endpoints() {
        RequestMappingHandlerMapping mapping =
                farm.controlPlane.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            List<String> params = info.getParamsCondition().getExpressions().stream()
                    .map(Object::toString)
                    .sorted()
                    .toList();
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? Set.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream()
                            .map(Enum::name)
                            .collect(Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    Endpoint endpoint = new Endpoint(method, pattern, params);
                    if (seen.add(endpoint.toString())) {
                        endpoints.add(endpoint);
                    }
                }
            }
        }
        endpoints.sort(java.util.Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    /**
     * Path variables name tenant A's resources for reads and for callers the policy refuses (a refusal
     * must hold on real data); the callers it admits change nothing real: their writes name random ids.
     */
    static String concretePath(Endpoint endpoint, Who who, boolean unknownIds) {
        boolean write = !endpoint.method().equals("GET");
        Access access = access(endpoint);
        boolean admitted = access == Access.PUBLIC
                || (who == Who.OPERATOR && access == Access.OPERATOR)
                || (who != Who.NO_KEY
                        && who != Who.OTHER_TENANT
                        && who != Who.OPERATOR
                        && access != Access.OPERATOR
                        && access != Access.NOBODY
                        && allows(who, access));
        Matcher m = VARIABLE.matcher(endpoint.pattern());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String before = endpoint.pattern().substring(0, m.start());
            String[] segments = before.split("/");
            String kind = segments[segments.length - 1];
            String value;
            if (m.group(1).equals("format")) {
                value = "json";
            } else if (unknownIds || (write && admitted)) {
                value = UUID.randomUUID().toString();
            } else if (kind.equals("keys") && ownKeyIds.containsKey(who)) {
                value = ownKeyIds.get(who); // a user sees their own keys
            } else {
                value = ownIds.getOrDefault(kind, UUID.randomUUID().toString());
            }
            m.appendReplacement(path, value);
        }
        m.appendTail(path);
        List<String> query = new ArrayList<>();
        for (String param : endpoint.params()) {
            query.add(param.equals("wait") ? "wait=10ms" : param + "=1");
        }
        if (endpoint.pattern().endsWith("/plan")) {
            query.add("environment=" + ownIds.get("environments"));
        }
        if (endpoint.pattern().endsWith("/data-sets/csv")) {
            query.add("name=rows");
        }
        return path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    static String spell(String path, Spelling spelling) {
        int q = path.indexOf('?');
        String query = q < 0 ? "" : path.substring(q);
        String bare = q < 0 ? path : path.substring(0, q);
        String[] segments = bare.substring(1).split("/", -1);
        return switch (spelling) {
            case AS_WRITTEN -> path;
            case PERCENT_ENCODED_LETTERS -> {
                StringBuilder encoded = new StringBuilder();
                for (String segment : segments) {
                    encoded.append('/');
                    if (!segment.isEmpty() && Character.isLetter(segment.charAt(0))) {
                        encoded.append(String.format("%%%02x", (int) segment.charAt(0)))
                                .append(segment.substring(1));
                    } else {
                        encoded.append(segment);
                    }
                }
                yield encoded + query;
            }
            case SEMICOLON_SEGMENT -> "/" + segments[0] + ";x" + bare.substring(segments[0].length() + 1) + query;
            case DOUBLED_SLASH -> "/" + bare + query;
            case DOT_SEGMENTS -> "/x/.." + bare + query;
            case UPPER_CASE -> {
                StringBuilder upper = new StringBuilder();
                for (String segment : segments) {
                    upper.append('/');
                    upper.append(
                            ownIds.containsValue(segment) || isUuid(segment)
                                    ? segment
                                    : segment.toUpperCase(Locale.ROOT));
                }
                yield upper + query;
            }
        };
    }

    private static boolean isUuid(String segment) {
        try {
            UUID.fromString(segment);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static Cell call(Endpoint endpoint, Who who, Spelling spelling) {
        return call(endpoint, who, spelling, false);
    }

    static Cell call(Endpoint endpoint, Who who, Spelling spelling, boolean unknownIds) {
        String path = spell(concretePath(endpoint, who, unknownIds), spelling);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(farm.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        String method = endpoint.method();
        request.method(
                method,
                method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (keys.containsKey(who)) {
            request.header("X-Api-Key", keys.get(who));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            return new Cell(endpoint, who, spelling, path, response.statusCode(), code(body), body);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String code(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            JsonNode json = Api.JSON.readTree(body);
            return json.has("code") ? json.get("code").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
