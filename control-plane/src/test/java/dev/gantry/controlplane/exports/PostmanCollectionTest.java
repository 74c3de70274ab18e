package dev.gantry.controlplane.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.suites.CasePhase;
import dev.gantry.model.BodyType;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HeaderCheck;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.MultipartPart;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A suite's cases as Postman requests and test scripts, in the forms people write. */
class PostmanCollectionTest {
    static CaseDefinition aCase(String name, RequestTemplate request, Expectations expectations, Extraction... x) {
        return new CaseDefinition(UUID.randomUUID(), name, request, expectations, List.of(x), null);
    }

    static RequestTemplate get(String path) {
        return new RequestTemplate(HttpMethod.GET, path, null, null, null, null, 0);
    }

    static Expectations status(Integer... codes) {
        return new Expectations(List.of(codes), null, null, null, null, null, null);
    }

    static List<String> script(JsonNode item, String listen) {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : item.get("event")) {
            if (event.get("listen").asString().equals(listen)) {
                event.get("script").get("exec").forEach(l -> lines.add(l.asString()));
            }
        }
        return lines;
    }

    static PostmanCollection.Result export(List<PostmanCollection.Step> steps) {
        return PostmanCollection.of(
                new PostmanCollection.Suite(UUID.randomUUID(), "shop", "The shop's API.", Map.of("tenant", "acme")),
                steps,
                List.of("old case"));
    }

    @Test
    void requestsKeepMethodPathQueryHeadersAndBodiesWithPostmansBuiltIns() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("expand", "all");
        query.put("seed", "{{$randomInt 0 1000}}");
        RequestTemplate create = new RequestTemplate(
                HttpMethod.POST,
                "/items/{{ kind }}",
                query,
                Map.of("X-Trace", "{{$uuid}}"),
                BodyType.JSON,
                "{\"name\": \"{{name}}\", \"at\": \"{{$isoDateTime}}\", \"n\": {{$randomInt 1 6}}}",
                0);
        RequestTemplate form = new RequestTemplate(
                HttpMethod.POST, "/login", null, null, BodyType.FORM, "user={{user}}&note=a%20b", 0);
        RequestTemplate upload = new RequestTemplate(
                HttpMethod.POST,
                "https://files.example.com/upload",
                null,
                null,
                BodyType.MULTIPART,
                null,
                0,
                List.of(
                        new MultipartPart("note", null, null, "row {{n}}"),
                        new MultipartPart("file", "a.csv", "text/csv", "{{content}}")));
        PostmanCollection.Result result = export(List.of(
                new PostmanCollection.Step(
                        aCase("create", create, status(201)), CasePhase.TEST, true, false, null, false),
                new PostmanCollection.Step(aCase("log in", form, status()), CasePhase.TEST, true, false, null, false),
                new PostmanCollection.Step(
                        aCase("upload", upload, status()), CasePhase.TEST, true, false, null, false)));

        JsonNode collection = result.collection();
        assertThat(collection.get("info").get("schema").asString()).isEqualTo(PostmanCollection.SCHEMA);
        assertThat(collection.get("variable").toString()).isEqualTo("[{\"key\":\"tenant\",\"value\":\"acme\"}]");
        JsonNode request = collection.get("item").get(0).get("request");
        assertThat(request.get("method").asString()).isEqualTo("POST");
        assertThat(request.get("url").get("raw").asString())
                .isEqualTo("{{baseUrl}}/items/{{kind}}?expand=all&seed={{$randomInt}}");
        assertThat(request.get("url").get("path").toString()).isEqualTo("[\"items\",\"{{kind}}\"]");
        assertThat(request.get("header").toString())
                .isEqualTo("[{\"key\":\"X-Trace\",\"value\":\"{{$guid}}\"},"
                        + "{\"key\":\"Content-Type\",\"value\":\"application/json\"}]");
        assertThat(request.get("body").get("raw").asString())
                .isEqualTo("{\"name\": \"{{name}}\", \"at\": \"{{$isoTimestamp}}\", \"n\": {{gantry.randomInt.1.6}}}");
        assertThat(request.get("body").get("options").get("raw").get("language").asString())
                .isEqualTo("json");
        assertThat(script(collection.get("item").get(0), "prerequest"))
                .contains("pm.variables.set(\"gantry.randomInt.1.6\", 1 + Math.floor(Math.random() * 6));");

        JsonNode login = collection.get("item").get(1).get("request").get("body");
        assertThat(login.get("mode").asString()).isEqualTo("urlencoded");
        assertThat(login.get("urlencoded").toString())
                .isEqualTo("[{\"key\":\"user\",\"value\":\"{{user}}\"},{\"key\":\"note\",\"value\":\"a b\"}]");

        JsonNode uploadRequest = collection.get("item").get(2).get("request");
        assertThat(uploadRequest.get("url").asString()).isEqualTo("https://files.example.com/upload");
        assertThat(uploadRequest.get("body").get("formdata").toString())
                .isEqualTo("[{\"key\":\"note\",\"value\":\"row {{n}}\",\"type\":\"text\"}]");
        assertThat(result.notes())
                .extracting(PostmanCollection.Note::item, PostmanCollection.Note::what)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("old case", "the case"),
                        org.assertj.core.groups.Tuple.tuple("upload", "multipart file part file"));
        assertThat(collection.get("info").get("description").asString())
                .contains("Not exported as in Gantry", "upload: multipart file part file");
    }

    @Test
    void checksBecomePmTestBlocksInChaiForms() {
        Expectations e = new Expectations(
                List.of(200, 201),
                List.of(
                        new JsonPathCheck("$.name", CheckOperator.EQUALS, "widget"),
                        new JsonPathCheck("$.price", CheckOperator.EQUALS, "9.99"),
                        new JsonPathCheck("$.owner", CheckOperator.EQUALS, "{{owner}}"),
                        new JsonPathCheck("$.id", CheckOperator.EXISTS, null),
                        new JsonPathCheck("$.deleted.at", CheckOperator.NOT_EXISTS, null),
                        new JsonPathCheck("$.tags", CheckOperator.CONTAINS, "new"),
                        new JsonPathCheck("$.sku", CheckOperator.MATCHES, "(?i)^sku-\\d+$"),
                        new JsonPathCheck("$.stock", CheckOperator.GREATER_THAN, "0"),
                        new JsonPathCheck("$.price", CheckOperator.LESS_THAN, "100"),
                        new JsonPathCheck("$.tags", CheckOperator.TYPE, "array"),
                        new JsonPathCheck("$.stock", CheckOperator.TYPE, "integer"),
                        new JsonPathCheck("$.tags", CheckOperator.SIZE, "2"),
                        new JsonPathCheck("$.state", CheckOperator.ONE_OF, "[\"PAID\", \"PENDING\"]"),
                        new JsonPathCheck("$..price", CheckOperator.EXISTS, null)),
                List.of(
                        new HeaderCheck("Location", CheckOperator.EXISTS, null),
                        new HeaderCheck("Cache-Control", CheckOperator.EQUALS, "no-store")),
                List.of("widget"),
                List.of("error"),
                500L,
                null,
                "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\"}",
                "application/json");
        PostmanCollection.Result result = export(List.of(new PostmanCollection.Step(
                aCase("read", get("/items/1"), e), CasePhase.TEST, true, false, null, false)));

        List<String> tests = script(result.collection().get("item").get(0), "test");
        assertThat(tests)
                .containsSubsequence(
                        "pm.test(\"status is one of [200, 201]\", function () {",
                        "    pm.expect(pm.response.code).to.be.oneOf([200, 201]);",
                        "});",
                        "    pm.expect(pm.response.json().name).to.eql(\"widget\");",
                        "    pm.expect(pm.response.json().price).to.eql(9.99);",
                        "    pm.expect(String(pm.response.json().owner)).to.eql(pm.variables.replaceIn(\"{{owner}}\"));",
                        "    pm.expect(pm.response.json().id).to.not.be.undefined;",
                        "    pm.expect(pm.response.json()?.deleted?.at).to.be.undefined;",
                        "    pm.expect(pm.response.json().tags).to.include(\"new\");",
                        "    pm.expect(pm.response.json().sku).to.match(/^sku-\\d+$/i);",
                        "    pm.expect(pm.response.json().stock).to.be.above(0);",
                        "    pm.expect(pm.response.json().price).to.be.below(100);",
                        "    pm.expect(pm.response.json().tags).to.be.an(\"array\");",
                        "    pm.expect(pm.response.json().stock).to.satisfy(Number.isInteger);",
                        "    pm.expect(require(\"lodash\").size(pm.response.json().tags)).to.eql(2);",
                        "    pm.expect(pm.response.json().state).to.be.oneOf([\"PAID\", \"PENDING\"]);",
                        "pm.test.skip(\"$..price exists (not exported: a deep scan (..) has no JavaScript equivalent)\");",
                        "    pm.response.to.have.header(\"Location\");",
                        "    pm.expect(pm.response.headers.get(\"Cache-Control\")).to.eql(\"no-store\");",
                        "    pm.expect(pm.response.text()).to.include(\"widget\");",
                        "    pm.expect(pm.response.text()).to.not.include(\"error\");",
                        "    pm.expect(pm.response.headers.get(\"Content-Type\")).to.match(/^application\\/json\\s*(;|$)/i);",
                        "    pm.expect(pm.response.responseTime).to.be.below(501);",
                        "    pm.response.to.have.jsonSchema({\"type\":\"object\"});");
        assertThat(result.notes())
                .extracting(PostmanCollection.Note::what)
                .containsExactly(
                        "the case",
                        "jsonPath $..price",
                        "jsonSchema $schema https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void statusFormsAndExtractionsWithTheirScopes() {
        Expectations classes = new Expectations(List.of(201), null, null, null, null, null, List.of("3xx"));
        CaseDefinition login = new CaseDefinition(
                UUID.randomUUID(),
                "log in",
                get("/login"),
                status(200),
                List.of(new Extraction("token", ExtractionSource.BODY, "$.token")),
                null);
        CaseDefinition create = new CaseDefinition(
                UUID.randomUUID(),
                "create",
                get("/items"),
                classes,
                List.of(
                        new Extraction("id", ExtractionSource.BODY, "$.items[0].id"),
                        new Extraction("etag", ExtractionSource.HEADER, "ETag", "none"),
                        new Extraction("code", ExtractionSource.STATUS, null),
                        new Extraction("ref", ExtractionSource.REGEX, "ref=(\\w+)")),
                new RetryPolicy(3, 100, Set.of(RetryOn.SERVER_ERROR)));
        CaseDefinition read = aCase("read", get("/items/{{id}}"), status());
        CaseDefinition cleanup = aCase("clean up", get("/cleanup"), status());
        PostmanCollection.Result result = export(List.of(
                new PostmanCollection.Step(login, CasePhase.SETUP, true, false, null, false),
                new PostmanCollection.Step(create, CasePhase.TEST, true, true, null, false),
                new PostmanCollection.Step(read, CasePhase.TEST, false, false, "create", true),
                new PostmanCollection.Step(cleanup, CasePhase.TEARDOWN, true, false, null, false)));

        JsonNode items = result.collection().get("item");
        assertThat(items)
                .extracting(i -> i.get("name").asString())
                .containsExactly("log in", "create", "read", "clean up");
        assertThat(script(items.get(0), "prerequest"))
                .contains("if (pm.info.iteration > 0 || pm.variables.get(\"gantry.setupFailed\")) {"
                        + " pm.execution.skipRequest(); }");
        assertThat(script(items.get(0), "test"))
                .contains(
                        "    pm.expect(pm.response.json().token, \"a value for token\").to.exist;",
                        "    pm.collectionVariables.set(\"token\", pm.response.json().token);")
                .anyMatch(l -> l.contains("pm.variables.set(\"gantry.setupFailed\", true)"));

        assertThat(script(items.get(1), "prerequest"))
                .containsExactly(
                        "pm.variables.unset(\"gantry.chainFailed\");",
                        "// as in Gantry, a failed step skips the rest of its chain, a failed setup every case",
                        "if (pm.variables.get(\"gantry.setupFailed\")) { pm.execution.skipRequest(); }");
        assertThat(script(items.get(1), "test"))
                .contains(
                        "    pm.expect(pm.response.code).to.satisfy(code => [201].includes(code) || [\"3xx\"]"
                                + ".includes(Math.floor(code / 100) + \"xx\"));",
                        "    pm.variables.set(\"id\", pm.response.json().items[0].id);",
                        "    pm.variables.set(\"etag\", pm.response.headers.get(\"ETag\") ?? \"none\");",
                        "    pm.variables.set(\"code\", pm.response.code);",
                        "    pm.variables.set(\"ref\", (pm.response.text().match(/ref=(\\w+)/) || [])[1]);")
                .anyMatch(l -> l.contains("pm.variables.set(\"gantry.chainFailed\", true)"));
        assertThat(script(items.get(2), "prerequest"))
                .contains("if (pm.variables.get(\"gantry.setupFailed\") || pm.variables.get(\"gantry.chainFailed\"))"
                        + " { pm.execution.skipRequest(); }");
        assertThat(script(items.get(2), "test"))
                .containsExactly("pm.test(\"status is 2xx\", function () {", "    pm.response.to.be.success;", "});");
        assertThat(items.get(2).get("description").asString()).isEqualTo("Runs after 'create', in its chain.");
        assertThat(script(items.get(3), "prerequest"))
                .contains("if (pm.info.iteration < pm.info.iterationCount - 1 || pm.variables.get("
                        + "\"gantry.teardownFailed\")) { pm.execution.skipRequest(); }");
        assertThat(result.notes())
                .extracting(PostmanCollection.Note::item, PostmanCollection.Note::what)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("old case", "the case"),
                        org.assertj.core.groups.Tuple.tuple("create", "retry"),
                        org.assertj.core.groups.Tuple.tuple("read", "dataSetId"));
    }
}
