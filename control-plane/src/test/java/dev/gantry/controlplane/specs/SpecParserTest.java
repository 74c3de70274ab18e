package dev.gantry.controlplane.specs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real public documents give exact counts; hostile ones are refused with a reason and a location. */
class SpecParserTest {
    static final SpecParser PARSER = new SpecParser(SpecsProperties.defaults());

    static byte[] resource(String name) {
        try (InputStream in = SpecParserTest.class.getResourceAsStream("/specs/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Long> byLocation(ParsedSpec spec) {
        return spec.endpoints().stream()
                .flatMap(e -> e.parameters().stream())
                .collect(Collectors.groupingBy(ParsedSpec.Parameter::location, Collectors.counting()));
    }

    static List<String> operations(ParsedSpec spec) {
        return spec.endpoints().stream().map(e -> e.method() + " " + e.path()).toList();
    }

    @Test
    void petstore30() {
        ParsedSpec spec = PARSER.parse(resource("petstore-3.0.yaml"));
        assertThat(spec.sourceVersion()).isEqualTo("3.0.0");
        assertThat(spec.format()).isEqualTo(SpecDocumentReader.Format.YAML);
        assertThat(spec.title()).isEqualTo("Swagger Petstore");
        assertThat(operations(spec)).containsExactly("GET /pets", "POST /pets", "GET /pets/{petId}");
        assertThat(spec.parameterCount()).isEqualTo(3);
        assertThat(byLocation(spec)).containsExactlyInAnyOrderEntriesOf(Map.of("query", 1L, "path", 1L, "body", 1L));
        assertThat(spec.responseCount()).isEqualTo(6);
        assertThat(spec.securitySchemes()).isEmpty();
        assertThat(spec.problems()).isEmpty();
        ParsedSpec.Endpoint list = spec.endpoints().getFirst();
        assertThat(list.responses()).extracting(ParsedSpec.Response::status).containsExactly("200", "default");
        assertThat(list.responses().getFirst().schema().get("$ref").asText()).isEqualTo("#/components/schemas/Pets");
        assertThat(list.parameters().getFirst().schema().get("maximum").asInt()).isEqualTo(100);
        assertThat(spec.components().get("schemas").fieldNames()).toIterable().containsExactly("Pet", "Pets", "Error");
        assertThat(spec.endpoints().get(1).body().required()).isTrue();
        assertThat(spec.endpoints().get(2).parameters().getFirst().required()).isTrue();
    }

    @Test
    void swagger20IsConverted() {
        ParsedSpec spec = PARSER.parse(resource("petstore-expanded-2.0.json"));
        assertThat(spec.sourceVersion()).isEqualTo("2.0");
        assertThat(spec.format()).isEqualTo(SpecDocumentReader.Format.JSON);
        assertThat(operations(spec)).containsExactly("GET /pets", "POST /pets", "GET /pets/{id}", "DELETE /pets/{id}");
        assertThat(spec.parameterCount()).isEqualTo(5);
        assertThat(byLocation(spec)).containsExactlyInAnyOrderEntriesOf(Map.of("query", 2L, "path", 2L, "body", 1L));
        assertThat(spec.responseCount()).isEqualTo(8);
        // the 2.0 definitions became components, and the references followed
        assertThat(spec.components().get("schemas").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("Pet", "NewPet", "Error");
        assertThat(spec.endpoints().get(1).body().schema().get("$ref").asText())
                .isEqualTo("#/components/schemas/NewPet");
        assertThat(spec.endpoints().get(1).body().contentType()).isEqualTo("application/json");
        assertThat(spec.endpoints().get(3).responses())
                .extracting(ParsedSpec.Response::status)
                .containsExactly("204", "default");
    }

    @Test
    void openApi31WithReferencedParametersResponsesAndExamples() {
        ParsedSpec spec = PARSER.parse(resource("museum-3.1.yaml"));
        assertThat(spec.sourceVersion()).isEqualTo("3.1.0");
        assertThat(operations(spec))
                .containsExactly(
                        "GET /museum-hours",
                        "GET /special-events",
                        "POST /special-events",
                        "GET /special-events/{eventId}",
                        "DELETE /special-events/{eventId}",
                        "PATCH /special-events/{eventId}",
                        "POST /tickets",
                        "GET /tickets/{ticketId}/qr");
        assertThat(spec.parameterCount()).isEqualTo(14);
        assertThat(byLocation(spec)).containsExactlyInAnyOrderEntriesOf(Map.of("query", 7L, "path", 4L, "body", 3L));
        assertThat(spec.responseCount()).isEqualTo(25);
        assertThat(spec.securitySchemes()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("MuseumPlaceholderAuth");
            assertThat(s.type()).isEqualTo("http");
            assertThat(s.scheme()).isEqualTo("basic");
        });
        // the document-wide requirement applies to every operation
        assertThat(spec.endpoints())
                .allSatisfy(e -> assertThat(e.security()).containsExactly(Map.of("MuseumPlaceholderAuth", List.of())));
        ParsedSpec.Endpoint hours = spec.endpoints().getFirst();
        assertThat(hours.parameters())
                .extracting(ParsedSpec.Parameter::name)
                .containsExactly("startDate", "page", "limit");
        assertThat(hours.parameters().get(2).schema().get("maximum").asInt()).isEqualTo(30);
        assertThat(hours.responses().get(1).contentType()).isEqualTo("application/problem+json");
        assertThat(hours.responses()
                        .getFirst()
                        .examples()
                        .get("default_example")
                        .size())
                .isEqualTo(10);
        ParsedSpec.Endpoint tickets = spec.endpoints().get(6);
        assertThat(tickets.body().example().get("ticketType").asText()).isEqualTo("general");
        assertThat(spec.problems()).isEmpty();
    }

    @Test
    void openApi31WithOneOfAndDanglingReferencesIsKeptWithItsErrors() {
        ParsedSpec spec = PARSER.parse(resource("petstore-3.1-more.yaml"));
        assertThat(operations(spec)).containsExactly("GET /pets", "POST /pets", "GET /pets/{petId}");
        assertThat(spec.parameterCount()).isEqualTo(2);
        assertThat(spec.responseCount()).isEqualTo(6);
        assertThat(spec.components().at("/schemas/DiscriminatorExtension/oneOf").size())
                .isEqualTo(3);
        assertThat(spec.problems())
                .extracting(SpecProblem::location)
                .contains(
                        "/components/schemas/DiscriminatorExtension/oneOf/0/$ref",
                        "/components/schemas/DiscriminatorExtension/oneOf/1/$ref",
                        "/components/schemas/DiscriminatorExtension/oneOf/2/$ref",
                        "/components/pathItems/pets/get/responses/200/content/application~1json/schema/items/$ref");
    }

    @Test
    void remoteReferencesAreRefused() {
        String doc =
                """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths:
                  /a:
                    get:
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json:
                              schema: {$ref: 'http://127.0.0.1:9/schemas.yaml#/Pet'}
                """;
        assertThatThrownBy(() -> PARSER.parse(doc.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .satisfies(e -> assertThat(((SpecRejectedException) e).problems())
                        .singleElement()
                        .satisfies(p -> {
                            assertThat(p.location())
                                    .isEqualTo("/paths/~1a/get/responses/200/content/application~1json/schema/$ref");
                            assertThat(p.message()).contains("never fetched");
                        }));
    }

    @Test
    void pureReferenceCyclesAreRefused() {
        String doc =
                """
                {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                 "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}}
                """;
        assertThatThrownBy(() -> PARSER.parse(doc.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("cyclic reference");
    }

    @Test
    void recursiveSchemasThroughPropertiesAreFine() {
        String doc =
                """
                {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/n": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}}}}},
                 "components": {"schemas": {"Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}}}
                """;
        assertThat(PARSER.parse(doc.getBytes(StandardCharsets.UTF_8)).endpoints())
                .hasSize(1);
    }

    @Test
    void yamlAliasBombsAreRefused() {
        StringBuilder doc = new StringBuilder(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            doc.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                doc.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            doc.append("]\n");
        }
        assertThatThrownBy(() -> PARSER.parse(doc.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("alias");
    }

    @Test
    void invalidYamlNamesItsLine() {
        String doc = "openapi: 3.0.3\ninfo:\n  title: [unclosed\n";
        assertThatThrownBy(() -> PARSER.parse(doc.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .satisfies(e -> assertThat(((SpecRejectedException) e)
                                .problems()
                                .getFirst()
                                .location())
                        .startsWith("line "));
    }

    @Test
    void hugeAndDeepDocumentsAreRefused() {
        SpecParser small = new SpecParser(new SpecsProperties(1000, 20, 500, 10, 10));
        assertThatThrownBy(() -> small.parse(resource("museum-3.1.yaml")))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("larger than 1000 bytes");
        String deep = "{\"openapi\": \"3.0.3\", \"x\": " + "[".repeat(50) + "]".repeat(50) + "}";
        assertThatThrownBy(() -> small.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("nesting depth");
    }

    /** An upload is read as it streams in: its digest and size are the whole upload's, trailing blanks too. */
    @Test
    void aStreamedDocumentIsDigestedWhole() throws Exception {
        byte[] document = (new String(resource("petstore-3.0.yaml"), StandardCharsets.UTF_8) + "\n\n   \n")
                .getBytes(StandardCharsets.UTF_8);
        ParsedSpec spec = PARSER.parse(new java.io.ByteArrayInputStream(document));
        assertThat(spec.bytes()).isEqualTo(document.length);
        assertThat(spec.sha256())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(document)));
        assertThat(operations(spec)).containsExactly("GET /pets", "POST /pets", "GET /pets/{petId}");
    }

    @Test
    void onlyUtf8IsRead() {
        String doc = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        assertThatThrownBy(() -> PARSER.parse(doc.getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("not UTF-8 text");
        byte[] latin1 = ("openapi: 3.0.3\ninfo: {title: caf\u00e9, version: '1'}\npaths: {}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> PARSER.parse(latin1))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    /** A request body cut off at its limit is the request's problem (413), not the document's (422). */
    @Test
    void anUploadCutOffAtItsLimitIsNotMistakenForABadDocument() {
        byte[] start = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"".getBytes(StandardCharsets.UTF_8);
        java.io.InputStream cutOff =
                new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(start), new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new dev.gantry.controlplane.common.BodyTooLargeException(SpecsProperties.MAX_BYTES, 64);
                    }
                });
        assertThatThrownBy(() -> PARSER.parse(cutOff))
                .isInstanceOf(dev.gantry.controlplane.common.BodyTooLargeException.class);
        java.io.InputStream cutOffYaml = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream("openapi: 3.0.3\ninfo:\n  title: ".getBytes(StandardCharsets.UTF_8)),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new dev.gantry.controlplane.common.BodyTooLargeException(SpecsProperties.MAX_BYTES, 64);
                    }
                });
        assertThatThrownBy(() -> PARSER.parse(cutOffYaml))
                .isInstanceOf(dev.gantry.controlplane.common.BodyTooLargeException.class);
    }

    @Test
    void otherDocumentsAreNotOpenApi() {
        assertThatThrownBy(() -> PARSER.parse("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("not an OpenAPI");
        assertThatThrownBy(() -> PARSER.parse("swagger: '1.2'\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecRejectedException.class)
                .hasMessageContaining("unsupported Swagger version");
    }
}
