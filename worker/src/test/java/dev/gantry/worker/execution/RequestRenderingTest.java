package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.BodyType;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.MultipartPart;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.Template;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A step's URL, headers, body and parts, rendered from its templates with a work item's variables. */
class RequestRenderingTest {
    static final String BASE = "http://api.test:8080/v1";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    static final Variables VARS = new Variables(
            Map.of("host", "other.test"),
            Map.of("key", "s3cret"),
            Map.of(),
            Map.of(),
            Map.of("id", "t-1", "q", "a b&c=d", "name", "Ann"),
            new SplittableRandom(1),
            CLOCK);

    static CompiledCase compiled(RequestTemplate request, Map<String, String> environmentHeaders) {
        return CompiledCase.compile(
                new CaseDefinition(UUID.randomUUID(), "case", request, null, null, null), environmentHeaders);
    }

    static CompiledCase get(String path, Map<String, String> query) {
        return compiled(new RequestTemplate(HttpMethod.GET, path, query, null, null, null, 0), Map.of());
    }

    @Test
    void aPathJoinsTheBaseUrlWithOneSlash() {
        assertThat(RequestRendering.url(BASE, get("/things/{{id}}", null), VARS))
                .isEqualTo(BASE + "/things/t-1");
        assertThat(RequestRendering.url(BASE, get("things/{{id}}", null), VARS)).isEqualTo(BASE + "/things/t-1");
    }

    @Test
    void anAbsoluteUrlIgnoresTheBaseUrl() {
        assertThat(RequestRendering.url(BASE, get("https://{{host}}/x", null), VARS))
                .isEqualTo("https://other.test/x");
        assertThat(RequestRendering.url(BASE, get("http://{{host}}/x", null), VARS))
                .isEqualTo("http://other.test/x");
    }

    @Test
    void queryParametersAreRenderedAndUrlEncoded() {
        assertThat(RequestRendering.url(BASE, get("/search", Map.of("the q", "{{q}}")), VARS))
                .isEqualTo(BASE + "/search?the+q=a+b%26c%3Dd");
        // the path's own query goes first
        assertThat(RequestRendering.url(BASE, get("/search?page=2", Map.of("q", "{{name}}")), VARS))
                .isEqualTo(BASE + "/search?page=2&q=Ann");
    }

    @Test
    void headersAreRenderedAndACaseHeaderWinsOverTheEnvironmentsOfTheSameName() {
        CompiledCase step = compiled(
                new RequestTemplate(
                        HttpMethod.GET, "/", null, Map.of("X-Key", "{{key}}", "Accept", "text/plain"), null, null, 0),
                Map.of("accept", "application/json", "X-Tenant", "{{name}}"));

        assertThat(RequestRendering.headers(step, VARS))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("x-key", "s3cret", "accept", "text/plain", "x-tenant", "Ann"));
    }

    @Test
    void aBodyBringsTheContentTypeOfItsTypeUnlessOneIsGiven() {
        CompiledCase json = compiled(
                new RequestTemplate(HttpMethod.POST, "/", null, null, BodyType.JSON, "{\"name\":\"{{name}}\"}", 0),
                Map.of());
        assertThat(RequestRendering.body(json, VARS)).isEqualTo("{\"name\":\"Ann\"}");
        assertThat(RequestRendering.headers(json, VARS)).containsExactly(Map.entry("content-type", "application/json"));

        CompiledCase given = compiled(
                new RequestTemplate(
                        HttpMethod.POST,
                        "/",
                        null,
                        Map.of("Content-Type", "application/vnd.x+json"),
                        BodyType.JSON,
                        "{}",
                        0),
                Map.of());
        assertThat(RequestRendering.headers(given, VARS))
                .containsExactly(Map.entry("content-type", "application/vnd.x+json"));
    }

    @Test
    void noBodyNoContentType() {
        CompiledCase none =
                compiled(new RequestTemplate(HttpMethod.POST, "/", null, null, BodyType.JSON, null, 0), Map.of());
        assertThat(RequestRendering.body(none, VARS)).isNull();
        assertThat(RequestRendering.headers(none, VARS)).isEmpty();
        assertThat(RequestRendering.parts(none, VARS)).isEmpty();
    }

    @Test
    void builtInsRenderFromTheWorkItemsClock() {
        CompiledCase step = compiled(
                new RequestTemplate(
                        HttpMethod.POST, "/at/{{$timestamp}}", null, null, BodyType.TEXT, "{{$isoDateTime}}", 0),
                Map.of());
        assertThat(RequestRendering.url(BASE, step, VARS))
                .isEqualTo(BASE + "/at/" + CLOCK.instant().getEpochSecond());
        assertThat(RequestRendering.body(step, VARS)).isEqualTo("2026-03-04T05:06:07Z");
    }

    @Test
    void anUnknownVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> RequestRendering.url(BASE, get("/things/{{nothing}}", null), VARS))
                .isInstanceOf(Template.UnknownVariableException.class)
                .hasMessage("unknown variable {{nothing}}");
        CompiledCase header = compiled(
                new RequestTemplate(HttpMethod.GET, "/", null, Map.of("X-Token", "{{token}}"), null, null, 0),
                Map.of());
        assertThatThrownBy(() -> RequestRendering.headers(header, VARS)).hasMessage("unknown variable {{token}}");
    }

    @Test
    void multipartPartsAreRenderedAndShownPartByPart() {
        CompiledCase upload = compiled(
                new RequestTemplate(
                        HttpMethod.POST,
                        "/upload",
                        null,
                        null,
                        null,
                        null,
                        0,
                        List.of(
                                new MultipartPart("owner", null, null, "{{name}}"),
                                new MultipartPart("file", "{{id}}.csv", "text/csv", "a,b\n1,2"))),
                Map.of());

        List<HttpTransport.Part> parts = RequestRendering.parts(upload, VARS);

        assertThat(parts)
                .containsExactly(
                        new HttpTransport.Part("owner", null, null, "Ann"),
                        new HttpTransport.Part("file", "t-1.csv", "text/csv", "a,b\n1,2"));
        assertThat(RequestRendering.shown(parts)).isEqualTo("owner: Ann\nfile (file t-1.csv): a,b\n1,2");
    }
}
