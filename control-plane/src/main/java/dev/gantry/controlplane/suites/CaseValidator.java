package dev.gantry.controlplane.suites;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.BodyType;
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
import dev.gantry.model.Template;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a case at save time so that the worker never meets a malformed one: every problem is
 * collected and reported with the field it belongs to.
 */
final class CaseValidator {
    static final long MAX_TIMEOUT_MS = 300_000;
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");

    private final List<FieldViolation> violations = new ArrayList<>();

    private CaseValidator() {}

    static ValidCase validate(CaseRequest in) {
        CaseValidator v = new CaseValidator();
        ValidCase valid = v.check(in);
        if (!v.violations.isEmpty()) {
            throw new InvalidInputException(v.violations);
        }
        return valid;
    }

    /** A validator that collects problems from its field checks until {@link #throwIfInvalid}. */
    static CaseValidator collecting() {
        return new CaseValidator();
    }

    /** Throws every problem found so far at once, naming the fields. */
    void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private ValidCase check(CaseRequest in) {
        if (in.name() == null || in.name().isBlank()) {
            fail("name", "must not be blank");
        } else if (in.name().length() > 200) {
            fail("name", "at most 200 characters");
        }
        if (in.position() != null && in.position() < 0) {
            fail("position", "must not be negative");
        }
        CaseClassification classification = classification(in);
        // a manual case is done by hand and left out of runs: it needs no request, though it may keep one
        // read from the request itself, so that a wrong tag or priority does not also report a missing request
        boolean manual = in.mode() != null
                && in.mode().length() <= 40
                && CaseClassification.parse(CaseClassification.Mode.class, in.mode())
                        .filter(m -> m == CaseClassification.Mode.MANUAL)
                        .isPresent();
        RequestTemplate request = in.request() == null && manual ? null : request(in.request());
        Expectations expectations = expectations(in.expectations());
        List<Extraction> extractions = extractions(in.extractions());
        RetryPolicy retry = retry(in.retry());
        CasePhase phase = phase(in);
        CaseText text = new CaseText(
                text("preconditions", in.preconditions()),
                text("steps", in.steps()),
                text("expectedResult", in.expectedResult()));
        List<CaseLink> links = links("links", in.links());
        if (!violations.isEmpty()) {
            return null;
        }
        return new ValidCase(
                in.name(),
                in.position(),
                in.dependsOn(),
                in.enabled() == null || in.enabled(),
                request,
                expectations,
                extractions,
                retry,
                phase,
                in.dataSetId(),
                Boolean.TRUE.equals(in.runAfterFailure()),
                classification,
                in.moduleId(),
                text,
                links);
    }

    /** A text is kept as written; an empty or blank one is none. */
    private String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > CaseText.MAX_LENGTH) {
            fail(field, "at most " + CaseText.MAX_LENGTH + " characters, not " + value.length());
            return null;
        }
        return value;
    }

    /** Links are kept once each, in the order sent; a key is upper-cased as trackers show it. */
    List<CaseLink> links(String field, List<CaseRequest.Link> sent) {
        List<CaseLink> links = new ArrayList<>();
        if (sent == null) {
            return links;
        }
        if (sent.size() > CaseLink.MAX_LINKS) {
            fail(field, "at most " + CaseLink.MAX_LINKS + " links, not " + sent.size());
            return links;
        }
        for (int i = 0; i < sent.size(); i++) {
            String at = field + "[" + i + "]";
            CaseRequest.Link link = sent.get(i);
            if (link == null) {
                fail(at, "must not be null");
                continue;
            }
            CaseLink.Kind kind = named(at + ".kind", link.kind(), CaseLink.Kind.class, "story, defect");
            if (link.kind() == null) {
                fail(at + ".kind", "is required: story or defect");
            }
            String key = link.key() == null ? "" : link.key().strip().toUpperCase(Locale.ROOT);
            if (key.length() > CaseLink.MAX_KEY_LENGTH
                    || !CaseLink.KEY.matcher(key).matches()) {
                fail(
                        at + ".key",
                        "'" + abbreviated(link.key()) + "' is not a tracker key such as CTP-1234 (at most "
                                + CaseLink.MAX_KEY_LENGTH + " characters)");
            } else if (kind != null && !links.contains(new CaseLink(kind, key))) {
                links.add(new CaseLink(kind, key));
            }
        }
        return links;
    }

    private static String abbreviated(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:/-]*");

    /** Tags are trimmed, lower-cased and kept once each, in the order sent. */
    List<String> tags(String field, List<String> sent) {
        List<String> tags = new ArrayList<>();
        if (sent == null) {
            return tags;
        }
        if (sent.size() > CaseClassification.MAX_TAGS) {
            fail(field, "at most " + CaseClassification.MAX_TAGS + " tags, not " + sent.size());
            return tags;
        }
        for (int i = 0; i < sent.size(); i++) {
            String tag = sent.get(i) == null ? "" : sent.get(i).strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                fail(field + "[" + i + "]", "must not be blank");
            } else if (tag.length() > CaseClassification.MAX_TAG_LENGTH) {
                fail(field + "[" + i + "]", "at most " + CaseClassification.MAX_TAG_LENGTH + " characters");
            } else if (!TAG.matcher(tag).matches()) {
                fail(field + "[" + i + "]", "letters, digits and _ . : / - only, starting with a letter or digit");
            } else if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    CaseClassification.Priority priority(String field, String value) {
        return named(field, value, CaseClassification.Priority.class, "critical, high, medium, low");
    }

    CaseClassification.Type type(String field, String value) {
        return named(
                field, value, CaseClassification.Type.class, "happy path, boundary, negative, performance, security");
    }

    CaseClassification.Mode mode(String field, String value) {
        return named(field, value, CaseClassification.Mode.class, "manual, automated");
    }

    CaseClassification.AutomationStatus automationStatus(String field, String value) {
        return named(field, value, CaseClassification.AutomationStatus.class, "working, broken");
    }

    private CaseClassification classification(CaseRequest in) {
        int before = violations.size();
        List<String> tags = tags("tags", in.tags());
        CaseClassification.Priority priority = priority("priority", in.priority());
        CaseClassification.Type type = type("type", in.type());
        CaseClassification.Mode mode = mode("mode", in.mode());
        CaseClassification.AutomationStatus status = automationStatus("automationStatus", in.automationStatus());
        if (mode == CaseClassification.Mode.MANUAL && status != null) {
            fail("automationStatus", "a manual case has no automation status");
        }
        if (violations.size() > before) {
            return null;
        }
        return new CaseClassification(
                tags, priority, type, mode == null ? CaseClassification.Mode.AUTOMATED : mode, status);
    }

    private <E extends Enum<E>> E named(String field, String value, Class<E> type, String allowed) {
        if (value == null) {
            return null;
        }
        if (value.length() > 40) {
            fail(field, "is not one of " + allowed);
            return null;
        }
        Optional<E> parsed = CaseClassification.parse(type, value);
        if (parsed.isEmpty()) {
            fail(field, "'" + value + "' is not one of " + allowed);
        }
        return parsed.orElse(null);
    }

    /** Setup and teardown cases run once, in position order, without data and outside any chain. */
    private CasePhase phase(CaseRequest in) {
        if (in.phase() == null) {
            return CasePhase.TEST;
        }
        CasePhase phase;
        try {
            phase = CasePhase.valueOf(in.phase().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            fail("phase", "'" + in.phase() + "' is not one of setup, test, teardown");
            return null;
        }
        if (phase != CasePhase.TEST) {
            String runs = phase.name().toLowerCase(Locale.ROOT);
            if (in.dependsOn() != null) {
                fail("dependsOn", "a " + runs + " case runs once in position order and cannot depend on a case");
            }
            if (in.dataSetId() != null) {
                fail("dataSetId", "a " + runs + " case runs once, without data, and cannot pin a data set");
            }
        }
        return phase;
    }

    private RetryPolicy retry(CaseRequest.Retry r) {
        if (r == null) {
            return null;
        }
        int attempts = r.attempts() == null ? 1 : r.attempts();
        long backoff = r.backoffMs() == null ? 0 : r.backoffMs();
        if (attempts < 1 || attempts > RetryPolicy.MAX_ATTEMPTS) {
            fail("retry.attempts", "must be 1.." + RetryPolicy.MAX_ATTEMPTS);
        }
        if (backoff < 0 || backoff > RetryPolicy.MAX_BACKOFF_MS) {
            fail("retry.backoffMs", "must be 0.." + RetryPolicy.MAX_BACKOFF_MS);
        }
        Set<RetryOn> on = EnumSet.noneOf(RetryOn.class);
        List<String> kinds = r.on() == null ? List.of() : r.on();
        for (int i = 0; i < kinds.size(); i++) {
            String kind =
                    kinds.get(i) == null ? "" : kinds.get(i).replace("_", "").toLowerCase();
            switch (kind) {
                case "connection" -> on.add(RetryOn.CONNECTION);
                case "timeout" -> on.add(RetryOn.TIMEOUT);
                case "servererror", "5xx" -> on.add(RetryOn.SERVER_ERROR);
                case "assertion" -> on.add(RetryOn.ASSERTION);
                default ->
                    fail(
                            "retry.on[" + i + "]",
                            "unknown kind '" + kinds.get(i) + "'; use connection, timeout, serverError or assertion");
            }
        }
        if (attempts > 1 && kinds.isEmpty()) {
            fail("retry.on", "say what to retry: connection, timeout, serverError and/or assertion");
        }
        return violations.isEmpty() ? new RetryPolicy(attempts, backoff, on) : null;
    }

    private RequestTemplate request(CaseRequest.Request r) {
        if (r == null) {
            fail("request", "is required for an automated case (a manual case may have none)");
            return null;
        }
        Optional<HttpMethod> method = HttpMethod.parse(r.method());
        if (r.method() == null) {
            fail("request.method", "is required");
        } else if (method.isEmpty()) {
            fail(
                    "request.method",
                    "unknown HTTP method '" + r.method() + "'; use one of " + Arrays.toString(HttpMethod.values()));
        }
        if (r.path() == null || r.path().isBlank()) {
            fail("request.path", "must not be blank");
        } else {
            template("request.path", r.path());
        }
        templates("request.query", r.query());
        templates("request.headers", r.headers());
        BodyType bodyType = BodyType.NONE;
        if (r.bodyType() != null) {
            bodyType = Arrays.stream(BodyType.values())
                    .filter(t -> t.name().equalsIgnoreCase(r.bodyType()))
                    .findFirst()
                    .orElse(null);
            if (bodyType == null) {
                fail(
                        "request.bodyType",
                        "unknown body type '" + r.bodyType() + "'; use one of " + Arrays.toString(BodyType.values()));
            }
        } else if (r.body() != null) {
            bodyType = BodyType.JSON;
        }
        if (r.body() != null) {
            template("request.body", r.body());
            if (method.isPresent() && !method.get().allowsBody()) {
                fail("request.body", method.get() + " requests carry no body");
            }
        }
        if (r.timeoutMs() != null && (r.timeoutMs() <= 0 || r.timeoutMs() > MAX_TIMEOUT_MS)) {
            fail("request.timeoutMs", "must be between 1 and " + MAX_TIMEOUT_MS);
        }
        if (method.isEmpty() || r.path() == null || bodyType == null) {
            return null;
        }
        List<MultipartPart> parts = parts(r, bodyType, method);
        long timeout = r.timeoutMs() == null ? RequestTemplate.DEFAULT_TIMEOUT_MS : r.timeoutMs();
        return new RequestTemplate(method.get(), r.path(), r.query(), r.headers(), bodyType, r.body(), timeout, parts);
    }

    private List<MultipartPart> parts(CaseRequest.Request r, BodyType bodyType, Optional<HttpMethod> method) {
        List<CaseRequest.Part> in = r.parts() == null ? List.of() : r.parts();
        if (bodyType != BodyType.MULTIPART) {
            if (!in.isEmpty()) {
                fail("request.parts", "parts need bodyType MULTIPART");
            }
            return List.of();
        }
        if (in.isEmpty()) {
            fail("request.parts", "a MULTIPART body needs at least one part");
        }
        if (r.body() != null) {
            fail("request.body", "a MULTIPART body is made of its parts; leave body empty");
        }
        if (method.isPresent() && !method.get().allowsBody()) {
            fail("request.parts", method.get() + " requests carry no body");
        }
        List<MultipartPart> parts = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String field = "request.parts[" + i + "]";
            CaseRequest.Part part = in.get(i);
            if (part == null || part.name() == null || part.name().isBlank()) {
                fail(field + ".name", "is required");
                continue;
            }
            boolean ok = template(field + ".name", part.name());
            if (part.content() == null) {
                fail(field + ".content", "is required (a template, e.g. {{fileContent}})");
                ok = false;
            } else {
                ok &= template(field + ".content", part.content());
            }
            if (part.filename() != null) {
                ok &= template(field + ".filename", part.filename());
            }
            if (part.contentType() != null) {
                ok &= template(field + ".contentType", part.contentType());
            }
            if (ok) {
                parts.add(new MultipartPart(part.name(), part.filename(), part.contentType(), part.content()));
            }
        }
        return parts;
    }

    private Expectations expectations(CaseRequest.Expect e) {
        if (e == null) {
            return Expectations.none();
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> statusClasses = new ArrayList<>();
        List<Object> wanted = e.status() == null ? List.of() : e.status();
        for (int i = 0; i < wanted.size(); i++) {
            Object status = wanted.get(i);
            String text = status == null ? "" : status.toString().trim().toLowerCase();
            if (STATUS_CLASS.matcher(text).matches()) {
                statusClasses.add(text);
            } else if (text.matches("\\d{3}") && Integer.parseInt(text) >= 100 && Integer.parseInt(text) <= 599) {
                statuses.add(Integer.parseInt(text));
            } else {
                fail("expectations.status[" + i + "]", "must be an HTTP status (100..599) or a class such as 2xx");
            }
        }
        List<JsonPathCheck> jsonChecks = new ArrayList<>();
        List<CaseRequest.Check> checks = e.jsonPath() == null ? List.of() : e.jsonPath();
        for (int i = 0; i < checks.size(); i++) {
            String field = "expectations.jsonPath[" + i + "]";
            CaseRequest.Check c = checks.get(i);
            if (c == null) {
                fail(field, "must not be null");
                continue;
            }
            boolean pathOk = jsonPath(field + ".path", c.path());
            CheckOperator op = operator(field, c.operator(), CheckOperator.EQUALS);
            if (op != null && expected(field, op, c.expected()) && pathOk) {
                jsonChecks.add(new JsonPathCheck(c.path(), op, c.expected()));
            }
        }
        List<HeaderCheck> headerChecks = new ArrayList<>();
        List<CaseRequest.HeaderCheckRequest> headers = e.headers() == null ? List.of() : e.headers();
        for (int i = 0; i < headers.size(); i++) {
            String field = "expectations.headers[" + i + "]";
            CaseRequest.HeaderCheckRequest h = headers.get(i);
            if (h == null) {
                fail(field, "must not be null");
                continue;
            }
            boolean nameOk = h.name() != null && !h.name().isBlank();
            if (!nameOk) {
                fail(field + ".name", "must not be blank");
            }
            CheckOperator op = operator(field, h.operator(), CheckOperator.EXISTS);
            if (op != null && !op.appliesToHeaders()) {
                fail(field + ".operator", "operator " + op.wireName() + " applies to JSON values, not headers");
                op = null;
            }
            if (op != null && expected(field, op, h.expected()) && nameOk) {
                headerChecks.add(new HeaderCheck(h.name(), op, h.expected()));
            }
        }
        List<String> contains = e.bodyContains() == null ? List.of() : e.bodyContains();
        List<String> notContains = e.bodyNotContains() == null ? List.of() : e.bodyNotContains();
        for (int i = 0; i < contains.size(); i++) {
            nonNullTemplate("expectations.bodyContains[" + i + "]", contains.get(i));
        }
        for (int i = 0; i < notContains.size(); i++) {
            nonNullTemplate("expectations.bodyNotContains[" + i + "]", notContains.get(i));
        }
        if (e.maxResponseTimeMs() != null && e.maxResponseTimeMs() <= 0) {
            fail("expectations.maxResponseTimeMs", "must be positive");
        }
        String schema = null;
        if (e.jsonSchema() != null) {
            schema = JsonColumns.MAPPER.writeValueAsString(e.jsonSchema());
            JsonSchemas.problem(schema)
                    .ifPresent(problem -> fail("expectations.jsonSchema", "invalid JSON Schema: " + problem));
        }
        if (e.contentType() != null
                && !Expectations.MEDIA_TYPE.matcher(e.contentType()).matches()) {
            fail("expectations.contentType", "'" + e.contentType() + "' is not a media type such as application/json");
        }
        if (!violations.isEmpty()) {
            return null;
        }
        return new Expectations(
                statuses,
                jsonChecks,
                headerChecks,
                contains,
                notContains,
                e.maxResponseTimeMs(),
                statusClasses,
                schema,
                e.contentType());
    }

    private List<Extraction> extractions(List<CaseRequest.Extract> in) {
        List<Extraction> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        for (int i = 0; i < in.size(); i++) {
            String field = "extractions[" + i + "]";
            CaseRequest.Extract x = in.get(i);
            if (x == null) {
                fail(field, "must not be null");
                continue;
            }
            boolean ok = true;
            if (x.name() == null || !VARIABLE_NAME.matcher(x.name()).matches()) {
                fail(field + ".name", "must be a variable name (letters, digits, _ . -; not starting with a digit)");
                ok = false;
            }
            ExtractionSource source = null;
            if (x.source() == null) {
                fail(field + ".source", "is required; use one of " + Arrays.toString(ExtractionSource.values()));
            } else {
                source = Arrays.stream(ExtractionSource.values())
                        .filter(s -> s.name().equalsIgnoreCase(x.source()))
                        .findFirst()
                        .orElse(null);
                if (source == null) {
                    fail(
                            field + ".source",
                            "unknown source '" + x.source() + "'; use one of "
                                    + Arrays.toString(ExtractionSource.values()));
                }
            }
            if (source == ExtractionSource.BODY) {
                ok &= jsonPath(field + ".expression", x.expression());
            } else if (source == ExtractionSource.REGEX) {
                ok &= regex(field + ".expression", x.expression());
            } else if (source == ExtractionSource.HEADER
                    && (x.expression() == null || x.expression().isBlank())) {
                fail(field + ".expression", "must name the header to read");
                ok = false;
            }
            if (ok && source != null) {
                out.add(new Extraction(x.name(), source, x.expression(), x.defaultValue(), x.optional()));
            }
        }
        return out;
    }

    private CheckOperator operator(String field, String value, CheckOperator fallback) {
        if (value == null) {
            return fallback;
        }
        Optional<CheckOperator> op = CheckOperator.parse(value);
        if (op.isEmpty()) {
            fail(
                    field + ".operator",
                    "unknown operator '" + value + "'; use one of "
                            + Arrays.stream(CheckOperator.values())
                                    .map(CheckOperator::wireName)
                                    .toList());
            return null;
        }
        return op.get();
    }

    private boolean expected(String field, CheckOperator op, String expected) {
        if (op.needsExpected() && expected == null) {
            fail(field + ".expected", "is required for operator " + op.wireName());
            return false;
        }
        if (expected == null) {
            return true;
        }
        if (!template(field + ".expected", expected)) {
            return false;
        }
        boolean constant = !expected.contains("{{");
        if (op == CheckOperator.TYPE && !CheckOperator.JSON_TYPES.contains(expected)) {
            fail(field + ".expected", "type must be one of " + new TreeSet<>(CheckOperator.JSON_TYPES));
            return false;
        }
        if ((op == CheckOperator.AT_LEAST || op == CheckOperator.AT_MOST) && constant && !isNumber(expected)) {
            fail(field + ".expected", op.wireName() + " compares numbers; '" + expected + "' is not one");
            return false;
        }
        if (op == CheckOperator.SIZE && constant && !expected.matches("\\d{1,9}")) {
            fail(field + ".expected", "size must be a whole number");
            return false;
        }
        if (op == CheckOperator.ONE_OF && constant && !isJsonArray(expected)) {
            fail(field + ".expected", "oneOf takes a JSON array, e.g. [\"PAID\", \"PENDING\"]");
            return false;
        }
        if (op == CheckOperator.MATCHES && constant) {
            try {
                Pattern.compile(expected);
            } catch (PatternSyntaxException ex) {
                fail(field + ".expected", "invalid regular expression: " + ex.getDescription());
                return false;
            }
        }
        return true;
    }

    private boolean regex(String field, String regex) {
        if (regex == null || regex.isEmpty()) {
            fail(field, "must be a regular expression, e.g. token=(\\w+)");
            return false;
        }
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException ex) {
            fail(field, "invalid regular expression: " + ex.getDescription());
            return false;
        }
    }

    private static boolean isNumber(String text) {
        try {
            new java.math.BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isJsonArray(String text) {
        try {
            return JsonColumns.MAPPER.readTree(text).isArray();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private boolean jsonPath(String field, String path) {
        if (path == null || path.isBlank()) {
            fail(field, "must be a JSONPath such as $.id");
            return false;
        }
        try {
            JsonPath.compile(path);
            return true;
        } catch (InvalidPathException | IllegalArgumentException ex) {
            fail(field, "invalid JSONPath '" + path + "': " + ex.getMessage());
            return false;
        }
    }

    private void templates(String field, Map<String, String> values) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> nonNullTemplate(field + "." + key, value));
    }

    private void nonNullTemplate(String field, String value) {
        if (value == null) {
            fail(field, "must not be null");
        } else {
            template(field, value);
        }
    }

    private boolean template(String field, String value) {
        try {
            Template.parse(value);
            return true;
        } catch (IllegalArgumentException ex) {
            fail(field, "malformed template: " + ex.getMessage());
            return false;
        }
    }

    private void fail(String field, String message) {
        violations.add(new FieldViolation(field, message));
    }
}
