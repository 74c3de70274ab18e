package dev.gantry.worker.execution;

import com.jayway.jsonpath.JsonPath;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HeaderCheck;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A case with every template, JSONPath and regex compiled once per run, so executing a step
 * parses nothing but the response.
 */
record CompiledCase(
        CaseDefinition definition,
        Template path,
        Map<String, Template> query,
        Map<String, Template> headers,
        Template body,
        List<JsonCheck> jsonChecks,
        List<HeaderExpectation> headerChecks,
        List<Template> bodyContains,
        List<Template> bodyNotContains,
        List<CompiledExtraction> extractions,
        BodySchema schema,
        List<CompiledPart> parts,
        boolean needsJson,
        ConformanceCheck conformance,
        boolean usesPatterns) {

    /** A multipart part with its templates compiled (filename and content type may be null). */
    record CompiledPart(Template name, Template filename, Template contentType, Template content) {}

    /** A JSONPath check; {@code pattern} is set when the operator is MATCHES and the regex is constant. */
    record JsonCheck(JsonPathCheck check, JsonPath path, Template expected, Pattern pattern) {}

    record HeaderExpectation(HeaderCheck check, Template expected, Pattern pattern) {}

    /** An extraction with its JSONPath (BODY) or regex (REGEX) compiled. */
    record CompiledExtraction(Extraction extraction, JsonPath path, Pattern pattern) {}

    static CompiledCase compile(CaseDefinition definition, Map<String, String> environmentHeaders) {
        RequestTemplate request = definition.request();
        // environment headers first, so a case's own header of the same name (any case) wins
        Map<String, Template> headers = new LinkedHashMap<>();
        environmentHeaders.forEach((name, value) -> headers.put(name.toLowerCase(), Template.parse(value)));
        request.headers().forEach((name, value) -> headers.put(name.toLowerCase(), Template.parse(value)));
        Map<String, Template> query = new LinkedHashMap<>();
        request.query().forEach((name, value) -> query.put(name, Template.parse(value)));

        List<JsonCheck> jsonChecks = definition.expectations().jsonPath().stream()
                .map(c -> new JsonCheck(
                        c, JsonPath.compile(c.path()), template(c.expected()), pattern(c.operator(), c.expected())))
                .toList();
        List<HeaderExpectation> headerChecks = definition.expectations().headers().stream()
                .map(c -> new HeaderExpectation(c, template(c.expected()), pattern(c.operator(), c.expected())))
                .toList();
        List<CompiledExtraction> extractions = definition.extractions().stream()
                .map(x -> new CompiledExtraction(
                        x,
                        x.source() == ExtractionSource.BODY ? JsonPath.compile(x.expression()) : null,
                        x.source() == ExtractionSource.REGEX ? Pattern.compile(x.expression()) : null))
                .toList();
        boolean needsJson = !jsonChecks.isEmpty() || extractions.stream().anyMatch(x -> x.path() != null);
        BodySchema schema = BodySchema.compile(definition.expectations().jsonSchema());
        ConformanceCheck conformance = ConformanceCheck.compile(definition.conformance());
        return new CompiledCase(
                definition,
                Template.parse(request.path()),
                query,
                headers,
                request.body() == null ? null : Template.parse(request.body()),
                jsonChecks,
                headerChecks,
                definition.expectations().bodyContains().stream()
                        .map(Template::parse)
                        .toList(),
                definition.expectations().bodyNotContains().stream()
                        .map(Template::parse)
                        .toList(),
                extractions,
                schema,
                request.parts().stream()
                        .map(p -> new CompiledPart(
                                Template.parse(p.name()),
                                template(p.filename()),
                                template(p.contentType()),
                                Template.parse(p.content())))
                        .toList(),
                needsJson,
                conformance,
                usesPatterns(jsonChecks, headerChecks, extractions, schema, conformance));
    }

    /** Whether a step of this case may run a regular expression on an answer (checks, extractions, schemas). */
    private static boolean usesPatterns(
            List<JsonCheck> jsonChecks,
            List<HeaderExpectation> headerChecks,
            List<CompiledExtraction> extractions,
            BodySchema schema,
            ConformanceCheck conformance) {
        return schema != null
                || conformance != null
                || extractions.stream().anyMatch(x -> x.pattern() != null)
                || jsonChecks.stream().anyMatch(c -> c.check().operator() == CheckOperator.MATCHES)
                || headerChecks.stream().anyMatch(c -> c.check().operator() == CheckOperator.MATCHES);
    }

    private static Template template(String value) {
        return value == null ? null : Template.parse(value);
    }

    private static Pattern pattern(CheckOperator operator, String expected) {
        if (operator != CheckOperator.MATCHES
                || expected == null
                || !Template.parse(expected).isConstant()) {
            return null;
        }
        return Pattern.compile(expected);
    }
}
