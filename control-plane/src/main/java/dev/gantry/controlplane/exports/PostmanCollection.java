package dev.gantry.controlplane.exports;

import static dev.gantry.controlplane.exports.JavaScriptForms.string;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.suites.CasePhase;
import dev.gantry.model.BodyType;
import dev.gantry.model.BuiltIn;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HeaderCheck;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.MultipartPart;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.Template;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A suite as a Postman collection v2.1 that Newman runs with the verdicts a Gantry run reaches: every
 * enabled case a request, in the order a run sends them (setup cases, each chain in turn, teardown
 * cases), {@code {{baseUrl}}} before each path, checks as {@code pm.test} blocks in the Chai forms
 * people write, extractions as variables set from the answer, the suite's variables as the
 * collection's. A Gantry run's rules that Postman has no setting for are short pre-request and test
 * script lines: setup cases run in the first iteration only and teardown cases in the last; a failed
 * step skips the rest of its chain (or, in setup, every case). What cannot be exported faithfully is
 * written as a skipped test saying why, and listed.
 */
final class PostmanCollection {
    static final String SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    /** Where the scripts keep what a Gantry run knows without scripts: a failed setup, chain, teardown. */
    static final String SETUP_FAILED = "gantry.setupFailed";

    static final String CHAIN_FAILED = "gantry.chainFailed";
    static final String TEARDOWN_FAILED = "gantry.teardownFailed";

    /** Draft-07 is the one JSON Schema draft Postman's validator (Ajv) knows by its {@code $schema}. */
    private static final Set<String> DRAFT_07 =
            Set.of("http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema");

    private static final Pattern MEDIA_TYPE_SPECIAL = Pattern.compile("[.+\\-^$*?()|{}\\[\\]\\\\/]");

    /** What could not be exported as it is, per case: shown in the collection and answered to the caller. */
    record Note(String item, String what, String reason) {
        @Override
        public String toString() {
            return item + ": " + what + " — " + reason;
        }
    }

    /**
     * One enabled case where a run has it.
     *
     * @param chainStart whether it starts its chain (for setup and teardown: the first of them)
     * @param chainGoesOn whether cases of its chain follow it
     * @param after the name of the case it depends on, or null
     * @param pinned whether it pins a data set of its own
     */
    record Step(
            CaseDefinition definition,
            CasePhase phase,
            boolean chainStart,
            boolean chainGoesOn,
            String after,
            boolean pinned) {}

    /** The suite as the export reads it. */
    record Suite(UUID id, String name, String description, Map<String, String> variables) {}

    record Result(ObjectNode collection, List<Note> notes) {}

    private final List<Note> notes = new ArrayList<>();
    private final boolean hasSetup;

    private PostmanCollection(boolean hasSetup) {
        this.hasSetup = hasSetup;
    }

    /** {@code disabled}: the names of the cases left out because they are disabled. */
    static Result of(Suite suite, List<Step> steps, List<String> disabled) {
        return of(suite, steps, disabled, List.of());
    }

    /** {@code manual}: the names of the cases left out because they are done by hand. */
    static Result of(Suite suite, List<Step> steps, List<String> disabled, List<String> manual) {
        PostmanCollection export = new PostmanCollection(steps.stream().anyMatch(s -> s.phase() == CasePhase.SETUP));
        for (String name : disabled) {
            export.notes.add(new Note(name, "the case", "disabled: not exported"));
        }
        for (String name : manual) {
            export.notes.add(new Note(name, "the case", "manual (done by hand): not exported"));
        }
        ObjectNode collection = JsonColumns.MAPPER.createObjectNode();
        ObjectNode info = collection.putObject("info");
        info.put("_postman_id", suite.id().toString());
        info.put("name", suite.name());
        info.put("schema", SCHEMA);
        ArrayNode items = collection.putArray("item");
        for (Step step : steps) {
            items.add(export.item(step));
        }
        if (suite.variables() != null && !suite.variables().isEmpty()) {
            ArrayNode variables = collection.putArray("variable");
            new TreeMap<>(suite.variables()).forEach((key, value) -> {
                ObjectNode variable = variables.addObject();
                variable.put("key", key);
                variable.put("value", value);
            });
        }
        info.put("description", description(suite, export.notes));
        return new Result(collection, List.copyOf(export.notes));
    }

    private static String description(Suite suite, List<Note> notes) {
        StringBuilder text = new StringBuilder();
        if (suite.description() != null && !suite.description().isBlank()) {
            text.append(suite.description()).append("\n\n");
        }
        text.append("Exported from Gantry. Run it as a Gantry run does with"
                + " `newman run <this file> -d <its data file> --env-var baseUrl=<the environment's base URL>`:"
                + " setup cases run in the first iteration, teardown cases in the last, and a failed step skips"
                + " the rest of its chain.");
        if (!notes.isEmpty()) {
            text.append("\n\nNot exported as in Gantry:\n");
            notes.forEach(note -> text.append("\n- ").append(note));
        }
        return text.toString();
    }

    private ObjectNode item(Step step) {
        CaseDefinition c = step.definition();
        ObjectNode item = JsonColumns.MAPPER.createObjectNode();
        item.put("name", c.name());
        String about = about(step);
        if (about != null) {
            item.put("description", about);
        }
        Set<String> randomInts = new LinkedHashSet<>();
        ObjectNode request = request(c.name(), c.request(), randomInts);
        List<String> tests = tests(step, randomInts);
        List<String> preRequest = preRequest(step, randomInts);
        ArrayNode events = item.putArray("event");
        if (!preRequest.isEmpty()) {
            event(events, "prerequest", preRequest);
        }
        event(events, "test", tests);
        item.set("request", request);
        if (c.retry() != null && c.retry().attempts() > 1) {
            notes.add(new Note(
                    c.name(), "retry", "Postman has no retries: the request is sent once, so no step is FLAKY"));
        }
        if (c.request().timeoutMs() != RequestTemplate.DEFAULT_TIMEOUT_MS) {
            notes.add(new Note(
                    c.name(),
                    "request.timeoutMs",
                    "Postman has no per-request timeout; give Newman --timeout-request "
                            + c.request().timeoutMs()));
        }
        if (step.pinned()) {
            notes.add(new Note(
                    c.name(),
                    "dataSetId",
                    "Newman runs every request with the one data file: the pinned data set is not kept apart"));
        }
        return item;
    }

    private static String about(Step step) {
        return switch (step.phase()) {
            case SETUP -> "Gantry setup case: runs once, before every other case (here: in the first iteration).";
            case TEARDOWN -> "Gantry teardown case: runs once, after every other case (here: in the last iteration).";
            case TEST -> step.after() == null ? null : "Runs after '" + step.after() + "', in its chain.";
        };
    }

    private static void event(ArrayNode events, String listen, List<String> lines) {
        ObjectNode event = events.addObject();
        event.put("listen", listen);
        ObjectNode script = event.putObject("script");
        script.put("type", "text/javascript");
        ArrayNode exec = script.putArray("exec");
        lines.forEach(exec::add);
    }

    private ObjectNode request(String item, RequestTemplate r, Set<String> randomInts) {
        ObjectNode request = JsonColumns.MAPPER.createObjectNode();
        request.put("method", r.method().name());
        ArrayNode header = request.putArray("header");
        // by name, so that a suite always exports the same file: a stored case's maps keep no order of their own
        new TreeMap<>(r.headers())
                .forEach((name, value) -> keyValue(header, postman(name, randomInts), postman(value, randomInts)));
        boolean hasContentType = r.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"));
        if (r.bodyType() == BodyType.JSON && !hasContentType) {
            // Postman sends raw bodies as text/plain unless told
            keyValue(header, "Content-Type", "application/json");
        }
        String path = r.path();
        Map<String, String> query = new LinkedHashMap<>();
        int mark = path.indexOf('?');
        if (mark >= 0) {
            for (String pair : path.substring(mark + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            path = path.substring(0, mark);
        }
        query.putAll(new TreeMap<>(r.query()));
        String queryText = query.entrySet().stream()
                .map(q -> postman(q.getKey(), randomInts) + "=" + postman(q.getValue(), randomInts))
                .collect(Collectors.joining("&"));
        if (path.startsWith("http://") || path.startsWith("https://")) {
            // a whole URL: the case does not use the environment's base URL
            request.put("url", postman(path, randomInts) + (queryText.isEmpty() ? "" : "?" + queryText));
        } else {
            String postmanPath = postman(path.startsWith("/") ? path : "/" + path, randomInts);
            ObjectNode url = request.putObject("url");
            url.put("raw", "{{baseUrl}}" + postmanPath + (queryText.isEmpty() ? "" : "?" + queryText));
            url.putArray("host").add("{{baseUrl}}");
            ArrayNode segments = url.putArray("path");
            for (String segment : postmanPath.substring(1).split("/", -1)) {
                segments.add(segment);
            }
            if (!query.isEmpty()) {
                ArrayNode q = url.putArray("query");
                query.forEach((key, value) -> keyValue(q, postman(key, randomInts), postman(value, randomInts)));
            }
        }
        body(item, r, request, randomInts);
        return request;
    }

    private void body(String item, RequestTemplate r, ObjectNode request, Set<String> randomInts) {
        switch (r.bodyType()) {
            case NONE -> {}
            case JSON, TEXT -> {
                ObjectNode body = request.putObject("body");
                body.put("mode", "raw");
                body.put("raw", postman(r.body() == null ? "" : r.body(), randomInts));
                if (r.bodyType() == BodyType.JSON) {
                    body.putObject("options").putObject("raw").put("language", "json");
                }
            }
            case FORM -> {
                ObjectNode body = request.putObject("body");
                body.put("mode", "urlencoded");
                ArrayNode fields = body.putArray("urlencoded");
                // Gantry sends the body as written, Postman encodes each field: hand it the fields decoded
                for (String pair : (r.body() == null ? "" : r.body()).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    keyValue(
                            fields,
                            postman(decoded(eq < 0 ? pair : pair.substring(0, eq)), randomInts),
                            postman(eq < 0 ? "" : decoded(pair.substring(eq + 1)), randomInts));
                }
            }
            case MULTIPART -> {
                ObjectNode body = request.putObject("body");
                body.put("mode", "formdata");
                ArrayNode parts = body.putArray("formdata");
                for (MultipartPart part : r.parts()) {
                    if (part.filename() != null) {
                        notes.add(new Note(
                                item,
                                "multipart file part " + part.name(),
                                "a Postman file part reads a file on the runner's disk; the part is left out"));
                        continue;
                    }
                    ObjectNode field = parts.addObject();
                    field.put("key", postman(part.name(), randomInts));
                    field.put("value", postman(part.content(), randomInts));
                    field.put("type", "text");
                    if (part.contentType() != null) {
                        field.put("contentType", postman(part.contentType(), randomInts));
                    }
                }
            }
        }
    }

    private static String decoded(String formText) {
        try {
            return URLDecoder.decode(formText, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return formText;
        }
    }

    private static void keyValue(ArrayNode into, String key, String value) {
        ObjectNode entry = into.addObject();
        entry.put("key", key);
        entry.put("value", value);
    }

    /**
     * A template with Postman's names for the built-ins: {@code $uuid} → {@code $guid}, {@code
     * $isoDateTime} → {@code $isoTimestamp}; {@code $randomInt a b} is Postman's {@code $randomInt}
     * when its range is Postman's (0 to 1000), else a variable the pre-request script draws.
     */
    static String postman(String template, Set<String> randomInts) {
        Template parsed;
        try {
            parsed = Template.parse(template);
        } catch (IllegalArgumentException e) {
            return template; // saved cases are valid; a literal "{{" is kept as written
        }
        if (parsed.isConstant()) {
            return template;
        }
        return parsed.render(name -> {
            if (!name.startsWith("$")) {
                return "{{" + name + "}}";
            }
            BuiltIn.Call call = BuiltIn.parse(name);
            return switch (call.builtIn()) {
                case UUID -> "{{$guid}}";
                case TIMESTAMP -> "{{$timestamp}}";
                case ISO_DATE_TIME -> "{{$isoTimestamp}}";
                case RANDOM_EMAIL -> "{{$randomEmail}}";
                case RANDOM_INT -> {
                    long low = call.arguments().get(0);
                    long high = call.arguments().get(1);
                    if (low == 0 && high == 1000) {
                        yield "{{$randomInt}}";
                    }
                    String variable = "gantry.randomInt." + number(low) + "." + number(high);
                    randomInts.add(variable);
                    yield "{{" + variable + "}}";
                }
            };
        });
    }

    private static String number(long n) {
        return n < 0 ? "n" + (-n) : String.valueOf(n);
    }

    /** A template as the value a script sees: resolved by Postman at run time. */
    private static String resolved(String template, Set<String> randomInts) {
        return "pm.variables.replaceIn(" + string(postman(template, randomInts)) + ")";
    }

    private List<String> preRequest(Step step, Set<String> randomInts) {
        List<String> lines = new ArrayList<>();
        for (String variable : randomInts) {
            String[] range = variable.substring("gantry.randomInt.".length()).split("\\.");
            long low = Long.parseLong(range[0].replace("n", "-"));
            long high = Long.parseLong(range[1].replace("n", "-"));
            lines.add("pm.variables.set(" + string(variable) + ", " + low + " + Math.floor(Math.random() * "
                    + (high - low + 1) + "));");
        }
        switch (step.phase()) {
            case SETUP -> {
                lines.add("// Gantry runs setup cases once per run, before every other case: here, in the first"
                        + " iteration; a failed one skips the rest");
                lines.add("if (pm.info.iteration > 0 || pm.variables.get(" + string(SETUP_FAILED)
                        + ")) { pm.execution.skipRequest(); }");
            }
            case TEARDOWN -> {
                lines.add("// Gantry runs teardown cases once per run, after every other case: here, in the last"
                        + " iteration; a failed one skips the rest");
                lines.add("if (pm.info.iteration < pm.info.iterationCount - 1 || pm.variables.get("
                        + string(TEARDOWN_FAILED) + ")) { pm.execution.skipRequest(); }");
            }
            case TEST -> {
                List<String> skipWhen = new ArrayList<>();
                if (hasSetup) {
                    skipWhen.add("pm.variables.get(" + string(SETUP_FAILED) + ")");
                }
                if (step.chainStart() && step.chainGoesOn()) {
                    lines.add("pm.variables.unset(" + string(CHAIN_FAILED) + ");");
                } else if (!step.chainStart()
                        && !Boolean.TRUE.equals(step.definition().runAfterFailure())) {
                    // a case that runs after a failure of its chain runs whatever failed before it
                    skipWhen.add("pm.variables.get(" + string(CHAIN_FAILED) + ")");
                }
                if (!skipWhen.isEmpty()) {
                    lines.add("// as in Gantry, a failed step skips the rest of its chain, a failed setup every case");
                    lines.add("if (" + String.join(" || ", skipWhen) + ") { pm.execution.skipRequest(); }");
                }
            }
        }
        return lines;
    }

    private List<String> tests(Step step, Set<String> randomInts) {
        CaseDefinition c = step.definition();
        List<String> lines = new ArrayList<>();
        String flag =
                switch (step.phase()) {
                    case SETUP -> SETUP_FAILED;
                    case TEARDOWN -> step.chainGoesOn() ? TEARDOWN_FAILED : null;
                    case TEST -> step.chainGoesOn() ? CHAIN_FAILED : null;
                };
        if (flag != null) {
            lines.add("// a failed check marks the step failed, for the next requests' pre-request scripts");
            lines.add("(function (test) { pm.test = Object.assign(function (name, check) { return test(name,"
                    + " function () { try { check(); } catch (e) { pm.variables.set(" + string(flag)
                    + ", true); throw e; } }); }, test); })(pm.test);");
        }
        Expectations e = c.expectations();
        status(e, lines);
        for (JsonPathCheck check : e.jsonPath()) {
            jsonCheck(c.name(), check, lines, randomInts);
        }
        for (HeaderCheck check : e.headers()) {
            headerCheck(c.name(), check, lines, randomInts);
        }
        for (String needle : e.bodyContains()) {
            test(
                    lines,
                    "body contains " + needle,
                    "pm.expect(pm.response.text()).to.include(" + text(needle, randomInts) + ");");
        }
        for (String needle : e.bodyNotContains()) {
            test(
                    lines,
                    "body does not contain " + needle,
                    "pm.expect(pm.response.text()).to.not.include(" + text(needle, randomInts) + ");");
        }
        if (e.contentType() != null) {
            test(
                    lines,
                    "content type is " + e.contentType(),
                    "pm.expect(pm.response.headers.get(\"Content-Type\")).to.match(" + mediaType(e.contentType())
                            + ");");
        }
        if (e.maxResponseTimeMs() != null) {
            test(
                    lines,
                    "response time is at most " + e.maxResponseTimeMs() + " ms",
                    "pm.expect(pm.response.responseTime).to.be.below(" + (e.maxResponseTimeMs() + 1) + ");");
        }
        if (e.jsonSchema() != null) {
            test(
                    lines,
                    "body matches its JSON Schema",
                    "pm.response.to.have.jsonSchema(" + schema(c.name(), e.jsonSchema()) + ");");
        }
        String scope = step.phase() == CasePhase.SETUP ? "pm.collectionVariables" : "pm.variables";
        for (Extraction x : c.extractions()) {
            extraction(c.name(), x, scope, lines);
        }
        return lines;
    }

    private static void status(Expectations e, List<String> lines) {
        List<Integer> codes = e.status();
        List<String> classes = e.statusClasses();
        if (codes.isEmpty() && classes.isEmpty()) {
            test(lines, "status is 2xx", "pm.response.to.be.success;");
        } else if (classes.isEmpty() && codes.size() == 1) {
            test(lines, "status is " + codes.getFirst(), "pm.response.to.have.status(" + codes.getFirst() + ");");
        } else if (classes.isEmpty()) {
            test(lines, "status is one of " + codes, "pm.expect(pm.response.code).to.be.oneOf(" + codes + ");");
        } else {
            List<String> all = new ArrayList<>();
            codes.forEach(code -> all.add(String.valueOf(code)));
            all.addAll(classes);
            String classList =
                    classes.stream().map(JavaScriptForms::string).collect(Collectors.joining(", ", "[", "]"));
            test(
                    lines,
                    "status is one of " + all,
                    "pm.expect(pm.response.code).to.satisfy(code => " + codes + ".includes(code) || " + classList
                            + ".includes(Math.floor(code / 100) + \"xx\"));");
        }
    }

    private void jsonCheck(String item, JsonPathCheck check, List<String> lines, Set<String> randomInts) {
        CheckOperator op = check.operator();
        String name = check.path() + " " + op.wireName() + (check.expected() == null ? "" : " " + check.expected());
        JavaScriptForms.Access access = JavaScriptForms.access(check.path());
        if (!access.exported()) {
            skipped(item, lines, name, "jsonPath " + check.path(), access.reason());
            return;
        }
        String x = "pm.response.json()" + access.plain();
        String missingOk = "pm.response.json()" + access.optional();
        String expected = check.expected();
        boolean template = expected != null && JavaScriptForms.isTemplate(expected);
        String statement =
                switch (op) {
                    case EQUALS ->
                        template
                                ? "pm.expect(String(" + x + ")).to.eql(" + resolved(expected, randomInts) + ");"
                                : "pm.expect(" + x + ").to.eql(" + JavaScriptForms.literal(expected) + ");";
                    case NOT_EQUALS ->
                        template
                                ? "pm.expect(String(" + missingOk + ")).to.not.eql(" + resolved(expected, randomInts)
                                        + ");"
                                : "pm.expect(" + missingOk + ").to.not.eql(" + JavaScriptForms.literal(expected) + ");";
                    // Gantry's exists holds for a JSON null, Chai's exist does not
                    case EXISTS -> "pm.expect(" + x + ").to.not.be.undefined;";
                    case NOT_EXISTS -> "pm.expect(" + missingOk + ").to.be.undefined;";
                    case CONTAINS ->
                        "pm.expect(" + x + ").to.include("
                                + (template ? resolved(expected, randomInts) : JavaScriptForms.literal(expected))
                                + ");";
                    case MATCHES -> matches(item, x, expected, randomInts, name, lines);
                    case GREATER_THAN -> "pm.expect(" + x + ").to.be.above(" + number(expected, randomInts) + ");";
                    case LESS_THAN -> "pm.expect(" + x + ").to.be.below(" + number(expected, randomInts) + ");";
                    case TYPE -> type(x, expected);
                    case SIZE ->
                        "pm.expect(require(\"lodash\").size(" + x + ")).to.eql(" + number(expected, randomInts) + ");";
                    case ONE_OF ->
                        "pm.expect(" + x + ").to.be.oneOf("
                                + (template ? "JSON.parse(" + resolved(expected, randomInts) + ")" : expected) + ");";
                    case EMPTY -> "pm.expect(" + x + ").to.be.empty;";
                    case NOT_EMPTY -> "pm.expect(" + x + ").to.not.be.empty;";
                    case AT_LEAST -> "pm.expect(" + x + ").to.be.at.least(" + number(expected, randomInts) + ");";
                    case AT_MOST -> "pm.expect(" + x + ").to.be.at.most(" + number(expected, randomInts) + ");";
                };
        if (statement != null) {
            test(lines, name, statement);
        }
    }

    private void headerCheck(String item, HeaderCheck check, List<String> lines, Set<String> randomInts) {
        CheckOperator op = check.operator();
        String header = string(check.name());
        String name = "header " + check.name() + " " + op.wireName()
                + (check.expected() == null ? "" : " " + check.expected());
        String x = "pm.response.headers.get(" + header + ")";
        String expected = check.expected();
        String statement =
                switch (op) {
                    case EXISTS -> "pm.response.to.have.header(" + header + ");";
                    case NOT_EXISTS -> "pm.response.to.not.have.header(" + header + ");";
                    case EQUALS -> "pm.expect(" + x + ").to.eql(" + text(expected, randomInts) + ");";
                    case NOT_EQUALS -> "pm.expect(" + x + ").to.not.eql(" + text(expected, randomInts) + ");";
                    case CONTAINS -> "pm.expect(" + x + ").to.include(" + text(expected, randomInts) + ");";
                    case MATCHES -> matches(item, x, expected, randomInts, name, lines);
                    case GREATER_THAN ->
                        "pm.expect(Number(" + x + ")).to.be.above(" + number(expected, randomInts) + ");";
                    case LESS_THAN -> "pm.expect(Number(" + x + ")).to.be.below(" + number(expected, randomInts) + ");";
                    case ONE_OF -> "pm.expect(" + x + ").to.be.oneOf(" + strings(expected, randomInts) + ");";
                    case EMPTY -> "pm.expect(" + x + ").to.be.empty;";
                    case NOT_EMPTY -> "pm.expect(" + x + ").to.not.be.empty;";
                    case AT_LEAST ->
                        "pm.expect(Number(" + x + ")).to.be.at.least(" + number(expected, randomInts) + ");";
                    case AT_MOST -> "pm.expect(Number(" + x + ")).to.be.at.most(" + number(expected, randomInts) + ");";
                    case TYPE, SIZE -> null; // refused for headers when the case was saved
                };
        if (statement != null) {
            test(lines, name, statement);
        }
    }

    /** A header's value is text: the options of {@code oneOf} compare as their text. */
    private static String strings(String expected, Set<String> randomInts) {
        if (JavaScriptForms.isTemplate(expected)) {
            return "JSON.parse(" + resolved(expected, randomInts) + ").map(String)";
        }
        JsonNode options = JsonColumns.MAPPER.readTree(expected);
        List<String> texts = new ArrayList<>();
        options.forEach(o -> texts.add(string(o.isString() ? o.asString() : o.toString())));
        return "[" + String.join(", ", texts) + "]";
    }

    private String matches(
            String item, String subject, String expected, Set<String> randomInts, String name, List<String> lines) {
        if (JavaScriptForms.isTemplate(expected)) {
            return "pm.expect(" + subject + ").to.match(new RegExp(" + resolved(expected, randomInts) + "));";
        }
        JavaScriptForms.Regex regex = JavaScriptForms.regex(expected);
        if (!regex.exported()) {
            skipped(item, lines, name, "regex " + expected, regex.reason());
            return null;
        }
        return "pm.expect(" + subject + ").to.match(" + regex.literal() + ");";
    }

    private static String type(String x, String expected) {
        return switch (expected) {
            case "integer" -> "pm.expect(" + x + ").to.satisfy(Number.isInteger);";
            case "null" -> "pm.expect(" + x + ").to.be.null;";
            case "array", "object" -> "pm.expect(" + x + ").to.be.an(" + string(expected) + ");";
            default -> "pm.expect(" + x + ").to.be.a(" + string(expected) + ");";
        };
    }

    private static String number(String expected, Set<String> randomInts) {
        if (JavaScriptForms.isTemplate(expected)) {
            return "Number(" + resolved(expected, randomInts) + ")";
        }
        // not a number: neither > nor < holds in Gantry, and Chai refuses NaN alike
        return JavaScriptForms.isNumber(expected) ? expected.strip() : "Number(" + string(expected) + ")";
    }

    private static String text(String expected, Set<String> randomInts) {
        return JavaScriptForms.isTemplate(expected) ? resolved(expected, randomInts) : string(expected);
    }

    private static String mediaType(String contentType) {
        if (contentType.endsWith("/*")) {
            String type = contentType.substring(0, contentType.length() - 2);
            return "/^" + MEDIA_TYPE_SPECIAL.matcher(type).replaceAll("\\\\$0") + "\\/[^;\\s]+\\s*(;|$)/i";
        }
        return "/^" + MEDIA_TYPE_SPECIAL.matcher(contentType).replaceAll("\\\\$0") + "\\s*(;|$)/i";
    }

    /** The schema as a literal; a {@code $schema} other than draft-07 is dropped, as Ajv knows no other. */
    private String schema(String item, String jsonSchema) {
        JsonNode schema = JsonColumns.MAPPER.readTree(jsonSchema);
        if (schema instanceof ObjectNode object
                && object.has("$schema")
                && !DRAFT_07.contains(object.get("$schema").asString(""))) {
            notes.add(new Note(
                    item,
                    "jsonSchema $schema " + object.get("$schema").asString(""),
                    "Postman validates with Ajv's draft-07 only: exported without $schema, checked as draft-07"));
            object.remove("$schema");
        }
        return JsonColumns.MAPPER.writeValueAsString(schema);
    }

    private void extraction(String item, Extraction x, String scope, List<String> lines) {
        String name = "extracts " + x.name() + " from "
                + (x.source() == ExtractionSource.STATUS
                        ? "the status"
                        : x.source().name().toLowerCase() + " " + x.expression());
        String value =
                switch (x.source()) {
                    case STATUS -> "pm.response.code";
                    case HEADER -> "pm.response.headers.get(" + string(x.expression()) + ")";
                    case BODY -> {
                        JavaScriptForms.Access access = JavaScriptForms.access(x.expression());
                        if (!access.exported()) {
                            skipped(
                                    item,
                                    lines,
                                    name,
                                    "extraction " + x.name() + " from " + x.expression(),
                                    access.reason());
                            yield null;
                        }
                        yield "pm.response.json()" + access.plain();
                    }
                    case REGEX -> {
                        JavaScriptForms.Regex regex = JavaScriptForms.regex(x.expression());
                        if (!regex.exported()) {
                            skipped(
                                    item,
                                    lines,
                                    name,
                                    "extraction " + x.name() + " by regex " + x.expression(),
                                    regex.reason());
                            yield null;
                        }
                        // the first group, or the whole match when there is none (as Gantry takes it)
                        int groups = Pattern.compile(x.expression()).matcher("").groupCount();
                        yield "(pm.response.text().match(" + regex.literal() + ") || [])[" + (groups > 0 ? 1 : 0) + "]";
                    }
                };
        if (value == null) {
            return;
        }
        List<String> body = new ArrayList<>();
        if (x.optional() && x.defaultValue() == null) {
            // nothing found leaves the variable as it was and never fails the step, as Newman's set of undefined
            body.add(scope + ".set(" + string(x.name()) + ", " + optionalValue(x, value) + ");");
        } else if (x.defaultValue() != null) {
            body.add(scope + ".set(" + string(x.name()) + ", " + value + " ?? " + string(x.defaultValue()) + ");");
        } else {
            if (x.source() != ExtractionSource.STATUS) {
                // as in Gantry, nothing found (or null) fails the step
                body.add("pm.expect(" + value + ", " + string("a value for " + x.name()) + ").to.exist;");
            }
            body.add(scope + ".set(" + string(x.name()) + ", " + value + ");");
        }
        test(lines, name, body.toArray(String[]::new));
    }

    /** The value with optional chaining, so a missing member gives undefined instead of throwing. */
    private static String optionalValue(Extraction x, String value) {
        return x.source() == ExtractionSource.BODY
                ? "pm.response.json()" + JavaScriptForms.access(x.expression()).optional()
                : value;
    }

    private void skipped(String item, List<String> lines, String name, String what, String reason) {
        notes.add(new Note(item, what, reason));
        lines.add("pm.test.skip(" + string(name + " (not exported: " + reason + ")") + ");");
    }

    private static void test(List<String> lines, String name, String... statements) {
        lines.add("pm.test(" + string(name) + ", function () {");
        for (String statement : statements) {
            lines.add("    " + statement);
        }
        lines.add("});");
    }
}
