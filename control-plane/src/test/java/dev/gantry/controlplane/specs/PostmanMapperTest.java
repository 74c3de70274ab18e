package dev.gantry.controlplane.specs;

import static dev.gantry.testsupport.RequestBodies.aHeaderCheck;
import static dev.gantry.testsupport.RequestBodies.aJsonPathCheck;
import static dev.gantry.testsupport.RequestBodies.anExtraction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.suites.CaseDrafts;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Folders, requests, variables and the common test forms of a v2.1 collection; the rest listed, not dropped. */
class PostmanMapperTest {
    static PostmanMapper.Result map() throws Exception {
        try (InputStream in = PostmanMapperTest.class.getResourceAsStream("/postman/items.postman_collection.json")) {
            return PostmanMapper.map(JsonColumns.MAPPER.readTree(in.readAllBytes()));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(PostmanMapper.Draft d, String key) {
        return (Map<String, Object>) d.json().get(key);
    }

    @Test
    void mapsRequestsTestsAndVariables() throws Exception {
        PostmanMapper.Result result = map();
        assertThat(result.variables())
                .containsExactly(Map.entry("baseUrl", "http://localhost:8081"), Map.entry("itemName", "widget"));
        assertThat(result.drafts())
                .extracting(d -> d.json().get("name"))
                .containsExactly("items / Create item", "items / Read item", "Upload", "Login form");

        PostmanMapper.Draft create = result.drafts().get(0);
        assertThat(part(create, "request"))
                .containsEntry("method", "POST")
                .containsEntry("path", "/items")
                .containsEntry("bodyType", "JSON")
                .containsEntry("body", "{\"name\": \"{{itemName}}\", \"price\": 9.99}")
                .containsEntry("headers", Map.of("X-Trace", "{{$uuid}}"));
        assertThat(part(create, "expectations"))
                .isEqualTo(Map.of(
                        "status", List.of(201),
                        "jsonPath",
                                List.of(
                                        // these fail on a body that is not JSON, as pm.response.json() throws
                                        aJsonPathCheck("$.name", "equals", "widget"),
                                        aJsonPathCheck("$.price", "equals", "9.99")),
                        "maxResponseTimeMs", 499L));
        assertThat(create.json().get("extractions")).isEqualTo(List.of(optional("itemId", "BODY", "$.id")));

        PostmanMapper.Draft read = result.drafts().get(1);
        assertThat(part(read, "request"))
                .containsEntry("path", "/items/{{itemId}}")
                .containsEntry("query", Map.of("expand", "all"))
                .containsEntry("headers", Map.of("Accept", "application/json"));
        assertThat(part(read, "expectations"))
                .isEqualTo(Map.of(
                        "status", List.of(200, 304),
                        "headers",
                                List.of(
                                        aHeaderCheck("ETag", "exists", null),
                                        aHeaderCheck("Content-Type", "equals", "application/json")),
                        "jsonPath",
                                List.of(
                                        // Chai's exist: neither undefined nor null
                                        aJsonPathCheck("$.tags[0]", "exists", null),
                                        aJsonPathCheck("$.tags[0]", "notEquals", "null"))));

        PostmanMapper.Draft upload = result.drafts().get(2);
        assertThat(part(upload, "request"))
                .containsEntry("path", "/upload")
                .containsEntry("bodyType", "MULTIPART")
                .containsEntry("parts", List.of(Map.of("name", "note", "content", "hello")));
        assertThat(part(upload, "expectations"))
                .isEqualTo(Map.of("status", List.of(200), "bodyContains", List.of("stored")));

        assertThat(part(result.drafts().get(3), "request"))
                .containsEntry("bodyType", "FORM")
                .containsEntry("body", "user=bot&stamp={{$timestamp}}");
        // no status test: Newman passes it whatever its status
        assertThat(part(result.drafts().get(3), "expectations"))
                .isEqualTo(Map.of("status", List.of("1xx", "2xx", "3xx", "4xx", "5xx")));

        // the read uses the id the create stored: one chain
        assertThat(result.chains()).containsExactly(new PostmanMapper.Chain(List.of(0, 1), List.of("itemId")));

        // what is not mapped is listed, with the item it belongs to
        assertThat(result.unmapped())
                .extracting(u -> u.item() + " | " + u.what())
                .containsExactlyInAnyOrder(
                        "items / Create item | test: console.log(jsonData);",
                        "items / Create item | prerequest script: pm.variables.set(\"stamp\", Date.now());",
                        "items / Read item | test: pm.expect(pm.response.json().name.length).to.be.above(2);",
                        "items / Read item | auth bearer",
                        "Upload | host of https://api.example.com/upload",
                        "Upload | form-data file part file");

        // every draft is a valid case for the cases API
        for (PostmanMapper.Draft d : result.drafts()) {
            assertThat(CaseDrafts.contentHash(d.json())).as(d.item()).hasSize(64);
        }
    }

    static Map<String, Object> optional(String variable, String source, String expression) {
        Map<String, Object> x = new LinkedHashMap<>(anExtraction(variable, source, expression));
        x.put("optional", true);
        return x;
    }

    /** A collection of requests named r0, r1, … (GET /rN, with the given URL suffix) and their test scripts. */
    static PostmanMapper.Result collection(String[]... requests) {
        ArrayNode items = JsonColumns.MAPPER.createArrayNode();
        for (int i = 0; i < requests.length; i++) {
            ObjectNode item = items.addObject();
            item.put("name", "r" + i);
            item.putObject("request").put("method", "GET").put("url", "{{baseUrl}}/r" + i + requests[i][0]);
            if (requests[i].length > 1) {
                ObjectNode event = item.putArray("event").addObject();
                event.put("listen", "test");
                event.putObject("script").put("exec", requests[i][1]);
            }
        }
        ObjectNode collection = JsonColumns.MAPPER.createObjectNode();
        collection.set("item", items);
        return PostmanMapper.map(collection);
    }

    static PostmanMapper.Result script(String js) {
        return collection(new String[] {"", js});
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> jsonChecks(PostmanMapper.Result result) {
        return (List<Map<String, Object>>)
                part(result.drafts().getFirst(), "expectations").get("jsonPath");
    }

    static List<String> left(PostmanMapper.Result result) {
        return result.unmapped().stream()
                .map(u -> u.what() + " | " + u.reason())
                .toList();
    }

    @Test
    void theIssuesChecksMapAndChainedCallsSplitIntoSeveralExpectations() {
        PostmanMapper.Result result = script(
                """
                const body = pm.response.json();
                pm.test("id", function () {
                    pm.expect(body.id).to.be.a('string').and.not.empty;
                    pm.expect(body.id)
                        .to.eql(pm.collectionVariables.get('itemId'));
                });
                """);
        assertThat(result.unmapped()).isEmpty();
        assertThat(jsonChecks(result))
                .containsExactly(
                        aJsonPathCheck("$.id", "type", "string"),
                        aJsonPathCheck("$.id", "notEmpty", null),
                        aJsonPathCheck("$.id", "equals", "{{itemId}}"));
        assertThat(CaseDrafts.contentHash(result.drafts().getFirst().json())).hasSize(64);
    }

    @Test
    void theCheckFormsPeopleWriteMostMapWithChaisMeaning() {
        PostmanMapper.Result result = script(
                """
                let data = pm.response.json();
                var item = data.items[0];
                const schema = {type: "object", required: ["id"], properties: {id: {type: "string", minLength: 1}}};
                pm.test("forms", () => {
                    pm.expect(data.tags).to.be.an('Array').that.is.not.empty;
                    pm.expect(data.note).to.be.empty;
                    pm.expect(data).to.have.property('id');
                    pm.expect(data).to.have.property('kind', 'widget');
                    pm.expect(data).to.have.property('owner').that.is.a('object');
                    pm.expect(data.name).to.include('wid');
                    pm.expect(data.tags).to.include("a");
                    pm.expect(data.price).to.be.above(1).and.below(100);
                    pm.expect(data.count).to.be.at.least(1).and.at.most(10);
                    pm.expect(data.count).to.not.be.above(10);
                    pm.expect(data.code).to.match(/^ab+c$/i);
                    pm.expect(data.active).to.be.true;
                    pm.expect(data.deleted).to.be.false;
                    pm.expect(data.parent).to.be.null;
                    pm.expect(data.other).to.be.undefined;
                    pm.expect(item.sku).to.eql(`sku-${pm.iterationData.get("n")}`);
                    pm.expect(data.state).to.be.oneOf(["PAID", "PENDING"]);
                    pm.expect(data.list).to.have.lengthOf(3);
                    pm.expect(data.list.length).to.equal(3);
                    pm.expect(data.extra).to.eql([]);
                    pm.expect(pm.response.text()).to.include("widget");
                    pm.expect(pm.response.text()).to.not.include("error");
                    pm.expect(pm.response.headers.get('Content-Type')).to.include('json');
                    pm.expect(pm.response.responseTime).to.be.below(800);
                });
                pm.response.to.have.jsonSchema(schema);
                pm.test("ok", () => pm.response.to.be.success);
                pm.response.to.be.json;
                pm.response.to.have.header("ETag");
                pm.environment.set("sku", item.sku);
                pm.globals.set("where", pm.response.headers.get("Location"));
                """);
        assertThat(left(result)).isEmpty();
        Map<String, Object> expectations = part(result.drafts().getFirst(), "expectations");
        // any 2xx: what a case accepts without a status expectation
        assertThat(expectations).doesNotContainKey("status");
        assertThat(jsonChecks(result))
                .containsExactly(
                        aJsonPathCheck("$.tags", "type", "array"),
                        aJsonPathCheck("$.tags", "notEmpty", null),
                        aJsonPathCheck("$.note", "empty", null),
                        aJsonPathCheck("$.id", "exists", null),
                        aJsonPathCheck("$.kind", "equals", "widget"),
                        aJsonPathCheck("$.owner", "exists", null),
                        aJsonPathCheck("$.owner", "type", "object"),
                        aJsonPathCheck("$.name", "contains", "wid"),
                        aJsonPathCheck("$.tags", "contains", "a"),
                        aJsonPathCheck("$.price", "greaterThan", "1"),
                        aJsonPathCheck("$.price", "lessThan", "100"),
                        aJsonPathCheck("$.count", "atLeast", "1"),
                        aJsonPathCheck("$.count", "atMost", "10"),
                        aJsonPathCheck("$.code", "matches", "(?i)^ab+c$"),
                        aJsonPathCheck("$.active", "equals", "true"),
                        aJsonPathCheck("$.deleted", "equals", "false"),
                        aJsonPathCheck("$.parent", "equals", "null"),
                        aJsonPathCheck("$.other", "notExists", null),
                        aJsonPathCheck("$.items[0].sku", "equals", "sku-{{n}}"),
                        aJsonPathCheck("$.state", "oneOf", "[\"PAID\",\"PENDING\"]"),
                        aJsonPathCheck("$.list", "size", "3"),
                        aJsonPathCheck("$.extra", "type", "array"),
                        aJsonPathCheck("$.extra", "empty", null));
        assertThat(expectations.get("bodyContains")).isEqualTo(List.of("widget"));
        assertThat(expectations.get("bodyNotContains")).isEqualTo(List.of("error"));
        assertThat(expectations.get("headers"))
                .isEqualTo(List.of(
                        aHeaderCheck("Content-Type", "contains", "json"), aHeaderCheck("ETag", "exists", null)));
        assertThat(expectations.get("maxResponseTimeMs")).isEqualTo(799L);
        // Ajv, behind pm's jsonSchema, reads draft-07 when the schema names no draft
        assertThat(JsonColumns.MAPPER.writeValueAsString(expectations.get("jsonSchema")))
                .isEqualTo(
                        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"required\":[\"id\"],"
                                + "\"properties\":{\"id\":{\"type\":\"string\",\"minLength\":1}}}");
        assertThat(result.drafts().getFirst().json().get("extractions"))
                .isEqualTo(List.of(optional("sku", "BODY", "$.items[0].sku"), optional("where", "HEADER", "Location")));
        assertThat(CaseDrafts.contentHash(result.drafts().getFirst().json())).hasSize(64);
    }

    @Test
    void statusTestsMustAllPassSoTheyIntersectAndTv4AndLegacyTestsMap() {
        PostmanMapper.Result result = script(
                """
                pm.test("2xx", function () { pm.response.to.be.success; });
                pm.expect(pm.response.code).to.be.oneOf([200, 201, 404]);
                var jsonData = JSON.parse(responseBody);
                tests["valid"] = tv4.validate(jsonData, {"type": "object"});
                tests["fast"] = responseTime < 300;
                tests["has id"] = responseBody.has("id");
                """);
        assertThat(left(result)).isEmpty();
        Map<String, Object> expectations = part(result.drafts().getFirst(), "expectations");
        assertThat(expectations.get("status")).isEqualTo(List.of(200, 201));
        assertThat(expectations.get("jsonSchema"))
                .isEqualTo(Map.of("$schema", "http://json-schema.org/draft-04/schema#", "type", "object"));
        assertThat(expectations.get("maxResponseTimeMs")).isEqualTo(299L);
        assertThat(expectations.get("bodyContains")).isEqualTo(List.of("id"));

        assertThat(part(
                                script("pm.expect(pm.response.code).to.be.below(300);")
                                        .drafts()
                                        .getFirst(),
                                "expectations")
                        .get("status"))
                .isEqualTo(List.of("1xx", "2xx"));
        assertThat(part(script("pm.response.to.not.be.error;").drafts().getFirst(), "expectations")
                        .get("status"))
                .isEqualTo(List.of("1xx", "2xx", "3xx"));
    }

    @Test
    void aBodyThatIsNotJsonFailsTheRequestAsNewmansParseWouldEvenWhenNoCheckSaysSo() {
        // an optional extraction and a notExists check both hold on a body that is not JSON
        assertThat(
                        jsonChecks(
                                script(
                                        "pm.collectionVariables.set('id', pm.response.json().id); pm.expect(pm.response.json().error).to.be.undefined;")))
                .containsExactly(aJsonPathCheck("$", "exists", null), aJsonPathCheck("$.error", "notExists", null));
        // an equals check fails on such a body by itself
        assertThat(jsonChecks(script("pm.expect(pm.response.json().id).to.eql(1);")))
                .containsExactly(aJsonPathCheck("$.id", "equals", "1"));
    }

    @Test
    void aGetRequestsBodyIsDroppedAsPostmanPrunesItAndListed() {
        ObjectNode collection = JsonColumns.MAPPER.createObjectNode();
        ObjectNode item = collection.putArray("item").addObject();
        item.put("name", "get with body");
        ObjectNode request = item.putObject("request").put("method", "GET").put("url", "{{baseUrl}}/carts/1");
        request.putObject("body").put("mode", "raw").put("raw", "{\"userId\": 1}");

        PostmanMapper.Result result = PostmanMapper.map(collection);

        assertThat(part(result.drafts().getFirst(), "request"))
                .containsEntry("method", "GET")
                .doesNotContainKeys("body", "bodyType");
        assertThat(left(result))
                .containsExactly("body of a GET request | Newman does not send it either (Postman prunes it);"
                        + " the request goes without it");

        item.putObject("protocolProfileBehavior").put("disableBodyPruning", true);
        assertThat(left(PostmanMapper.map(collection)))
                .containsExactly("body of a GET request | Gantry sends no body with GET; the request goes without it");
    }

    @Test
    void whatCannotBeMappedIsListedWithItsReasonAndTheRestStillMaps() {
        PostmanMapper.Result result = script(
                """
                const body = pm.response.json();
                if (body.items.length > 0) { pm.expect(body.items[0].id).to.exist; }
                pm.expect(body.a).to.have.keys('x').and.be.an('object');
                pm.expect(body.name).to.not.include('x');
                pm.response.to.have.status("Created");
                pm.environment.set("stamp", Date.now());
                const later = async () => { await 1; };
                """);
        assertThat(jsonChecks(result)).containsExactly(aJsonPathCheck("$.a", "type", "object"));
        assertThat(result.unmapped())
                .extracting(PostmanMapper.Unmapped::what)
                .containsExactly(
                        "test: if (body.items.length > 0) { pm.expect(body.items[0].id).to.exist; }",
                        "test: pm.expect(body.a).to.have.keys('x').and.be.an('object');",
                        "test: pm.expect(body.name).to.not.include('x');",
                        "test: pm.response.to.have.status(\"Created\");",
                        "test: pm.environment.set(\"stamp\", Date.now());",
                        "test: const later = async () => { await 1; }");
        assertThat(result.unmapped().get(1).reason()).contains(".keys(…) on $.a");
        assertThat(result.unmapped().getLast().reason()).startsWith("not JavaScript Gantry's parser reads");
        // no mapped status test: any status passes, as in Newman
        assertThat(part(result.drafts().getFirst(), "expectations").get("status"))
                .isEqualTo(List.of("1xx", "2xx", "3xx", "4xx", "5xx"));
    }

    @Test
    void requestsFromTheFirstSetterToTheLastUserOfAVariableAreLinkedAndOverlappingSpansMerge() {
        PostmanMapper.Result result = collection(
                new String[] {"", "pm.collectionVariables.set('id', pm.response.json().id);"},
                new String[] {""},
                new String[] {"/{{id}}"},
                new String[] {"", "pm.environment.set('token', pm.response.json().token)"},
                new String[] {"", "pm.environment.set('other', 1)"},
                new String[] {"", "pm.expect(pm.response.json().t).to.eql(pm.environment.get('token'))"},
                new String[] {"/health"},
                new String[] {"?q={{other}}"});
        assertThat(result.chains())
                .containsExactly(
                        new PostmanMapper.Chain(List.of(0, 1, 2), List.of("id")),
                        new PostmanMapper.Chain(List.of(3, 4, 5, 6, 7), List.of("other", "token")));

        // a use before the first setter is the environment's value: no link
        assertThat(collection(
                                new String[] {"/{{id}}"},
                                new String[] {"", "pm.variables.set('id', pm.response.json().id)"},
                                new String[] {"/health"})
                        .chains())
                .isEmpty();
    }
}
