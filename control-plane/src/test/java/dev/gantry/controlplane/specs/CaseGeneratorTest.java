package dev.gantry.controlplane.specs;

import static dev.gantry.testsupport.RequestBodies.anExtraction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.suites.CaseDrafts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Generated cases from real documents: deterministic, valid as ordinary cases, chained where a POST creates. */
class CaseGeneratorTest {
    static List<SpecStore.EndpointRow> rows(ParsedSpec spec) {
        return spec.endpoints().stream()
                .map(e -> new SpecStore.EndpointRow(
                        UUID.randomUUID(),
                        e.method(),
                        e.path(),
                        e.operationId(),
                        e.summary(),
                        e.tags(),
                        e.deprecated(),
                        e.parameters().stream()
                                .map(p -> new SpecStore.ParameterRow(
                                        p.name(),
                                        p.location(),
                                        p.required(),
                                        p.contentType(),
                                        plain(p.schema()),
                                        plain(p.example())))
                                .toList(),
                        e.responses().stream()
                                .map(r -> new SpecStore.ResponseRow(
                                        r.status(),
                                        r.description(),
                                        r.contentType(),
                                        plain(r.schema()),
                                        plain(r.examples())))
                                .toList(),
                        e.security()))
                .toList();
    }

    static Object plain(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null ? null : SpecStore.plain(node.toString());
    }

    static List<CaseGenerator.Generated> generate(String resource) {
        ParsedSpec spec = SpecParserTest.PARSER.parse(SpecParserTest.resource(resource));
        return new CaseGenerator(spec.components(), CaseGenerationService.KINDS).generate(rows(spec));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> request(CaseGenerator.Generated g) {
        return (Map<String, Object>) g.json().get("request");
    }

    @SuppressWarnings("unchecked")
    static List<Object> status(CaseGenerator.Generated g) {
        return (List<Object>) ((Map<String, Object>) g.json().get("expectations")).get("status");
    }

    /** Every generated case passes the validation a hand-written case passes. */
    static void assertValid(List<CaseGenerator.Generated> cases) {
        for (CaseGenerator.Generated g : cases) {
            if (g.dependsOnKey() != null) {
                g.json().put("dependsOn", UUID.randomUUID().toString());
            }
            assertThat(CaseDrafts.contentHash(g.json())).as(g.name()).hasSize(64);
        }
    }

    @Test
    void petstore() {
        List<CaseGenerator.Generated> cases = generate("petstore-3.0.yaml");
        assertThat(cases)
                .extracting(CaseGenerator.Generated::name)
                .containsExactly(
                        "GET /pets · happy",
                        "GET /pets · boundary · limit = 100 (maximum)",
                        "GET /pets · boundary · limit = 101 (above maximum)",
                        "GET /pets · negative · limit wrong type",
                        "POST /pets · happy",
                        "POST /pets · negative · body missing id",
                        "POST /pets · negative · body.id wrong type",
                        "POST /pets · negative · malformed JSON",
                        "GET /pets/{petId} · happy");
        CaseGenerator.Generated list = cases.getFirst();
        assertThat(request(list)).containsEntry("path", "/pets").containsEntry("query", Map.of("limit", "1"));
        assertThat(status(list)).containsExactly(200);
        assertThat(request(cases.get(2))).containsEntry("query", Map.of("limit", "101"));
        assertThat(status(cases.get(2))).containsExactly("4xx");
        assertThat(request(cases.get(4)).get("body")).isEqualTo("{\"id\":1,\"name\":\"sample\",\"tag\":\"sample\"}");
        assertThat(status(cases.get(4))).containsExactly(201);
        assertThat(request(cases.get(5)).get("body")).isEqualTo("{\"name\":\"sample\",\"tag\":\"sample\"}");
        assertThat(request(cases.get(6)).get("body"))
                .isEqualTo("{\"id\":\"not-a-integer\",\"name\":\"sample\",\"tag\":\"sample\"}");
        // the POST answers no body, so nothing can be chained: the read uses a sample id
        assertThat(request(cases.get(8))).containsEntry("path", "/pets/sample");
        assertThat(cases).allSatisfy(g -> assertThat(g.dependsOnKey()).isNull());
        assertValid(cases);
        // the same document gives the same cases
        assertThat(generate("petstore-3.0.yaml"))
                .extracting(CaseGenerator.Generated::json)
                .isEqualTo(cases.stream().map(CaseGenerator.Generated::json).toList());
    }

    @Test
    void museumChainsCreateReadUpdateDelete() {
        List<CaseGenerator.Generated> cases = generate("museum-3.1.yaml");
        CaseGenerator.Generated create = cases.getFirst();
        assertThat(create.name()).isEqualTo("POST /special-events · happy");
        assertThat(create.json().get("extractions")).isEqualTo(List.of(anExtraction("eventId", "BODY", "$.eventId")));
        assertThat(request(create).get("body").toString()).contains("Mermaid Treasure Identification and Analysis");
        List<CaseGenerator.Generated> chained =
                cases.stream().filter(g -> g.dependsOnKey() != null).toList();
        assertThat(chained)
                .extracting(CaseGenerator.Generated::name)
                .containsExactly(
                        "GET /special-events/{eventId} · happy",
                        "PATCH /special-events/{eventId} · happy",
                        "DELETE /special-events/{eventId} · happy");
        assertThat(chained).allSatisfy(g -> {
            assertThat(g.dependsOnKey()).isEqualTo("POST /special-events#happy");
            assertThat(request(g).get("path")).isEqualTo("/special-events/{{eventId}}");
        });
        assertThat(status(chained.get(2))).containsExactly(204);
        // every museum operation is secured by basic auth: one bad-credential case each
        assertThat(cases.stream().filter(g -> g.kind().equals("security")).count())
                .isEqualTo(8);
        // the ticket type is an enum: out-of-enum body case
        assertThat(cases)
                .extracting(CaseGenerator.Generated::name)
                .contains("POST /tickets · negative · body.ticketType outside enum");
        assertThat(cases)
                .extracting(CaseGenerator.Generated::name)
                .contains("POST /special-events · boundary · body.dates empty array");
        assertValid(cases);
    }

    @Test
    void swagger20() {
        List<CaseGenerator.Generated> cases = generate("petstore-expanded-2.0.json");
        CaseGenerator.Generated create = cases.getFirst();
        assertThat(create.name()).isEqualTo("POST /pets · happy");
        assertThat(create.json().get("extractions")).isEqualTo(List.of(anExtraction("id", "BODY", "$.id")));
        assertThat(cases.stream()
                        .filter(g -> g.dependsOnKey() != null)
                        .map(CaseGenerator.Generated::name)
                        .toList())
                .containsExactly("GET /pets/{id} · happy", "DELETE /pets/{id} · happy");
        assertValid(cases);
    }
}
