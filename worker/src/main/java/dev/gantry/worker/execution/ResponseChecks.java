package dev.gantry.worker.execution;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonProvider;
import dev.gantry.model.AssertionFailure;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.Expectations;
import dev.gantry.model.Template;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Evaluates a response against a case's expectations. Every expectation is checked and every
 * failure reported with what was expected and what came back.
 */
final class ResponseChecks {
    static final Configuration JSON = Configuration.defaultConfiguration();
    static final JsonProvider PROVIDER = JSON.jsonProvider();
    /** Stands for "the path selected nothing", distinct from a JSON null. */
    static final Object MISSING = new Object();

    private ResponseChecks() {}

    /** The answer's body as a JSON document, or null when it is empty or not JSON. */
    static Object document(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return PROVIDER.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static Object read(JsonPath path, Object document) {
        if (document == null) {
            return MISSING;
        }
        try {
            return path.read(document, JSON);
        } catch (PathNotFoundException e) {
            return MISSING;
        }
    }

    static String text(Object value) {
        if (value == MISSING) {
            return "<missing>";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return PROVIDER.toJson(value);
    }

    /** Every check of the step's expectations on its answer; each one that does not hold adds a failure. */
    static void all(
            CompiledCase step,
            HttpTransport.Answer response,
            Object document,
            long micros,
            Function<String, String> vars,
            List<AssertionFailure> failures) {
        Expectations expectations = step.definition().expectations();
        status(expectations, response.status(), failures);
        contentType(expectations, response, failures);
        for (CompiledCase.JsonCheck check : step.jsonChecks()) {
            json(check, document, vars, failures);
        }
        for (CompiledCase.HeaderExpectation check : step.headerChecks()) {
            header(check, response, vars, failures);
        }
        bodyContains(step.bodyContains(), true, response.body(), vars, failures);
        bodyContains(step.bodyNotContains(), false, response.body(), vars, failures);
        if (step.schema() != null) {
            step.schema().check(response.body(), failures);
        }
        Long max = expectations.maxResponseTimeMs();
        if (max != null && micros > max * 1_000) {
            failures.add(new AssertionFailure("response time", "<= " + max + " ms", (micros / 1_000) + " ms"));
        }
    }

    /** Failures of checks on the body say that they saw only the part of it a worker keeps. */
    static List<AssertionFailure> onWhatWasKept(List<AssertionFailure> failures, HttpTransport.Answer response) {
        String note = " (checked on the first " + response.body().length() + " characters of " + response.bodyBytes()
                + " bytes: a worker keeps gantry.worker.max-response-bytes of an answer; an environment may ask"
                + " for more with maxResponseBytes)";
        List<AssertionFailure> noted = new ArrayList<>(failures.size());
        for (AssertionFailure f : failures) {
            boolean onBody = !(f.check().equals("status")
                    || f.check().equals("content type")
                    || f.check().equals("response time")
                    || f.check().startsWith("header ")
                    || f.check().startsWith("extract ")
                            && (f.check().contains(" from header ") || f.check().endsWith(" from status")));
            noted.add(onBody ? new AssertionFailure(f.check(), f.expected(), f.actual() + note) : f);
        }
        return noted;
    }

    static void status(Expectations expectations, int actual, List<AssertionFailure> failures) {
        if (!expectations.accepts(actual)) {
            List<String> wanted = new ArrayList<>();
            expectations.status().forEach(code -> wanted.add(code.toString()));
            wanted.addAll(expectations.statusClasses());
            String want = wanted.isEmpty() ? "2xx" : wanted.size() == 1 ? wanted.getFirst() : "one of " + wanted;
            failures.add(new AssertionFailure("status", want, String.valueOf(actual)));
        }
    }

    static void contentType(Expectations expectations, HttpTransport.Answer response, List<AssertionFailure> failures) {
        String header = response.header("content-type").orElse(null);
        if (!expectations.acceptsContentType(header)) {
            failures.add(new AssertionFailure(
                    "content type", expectations.contentType(), header == null ? "no Content-Type header" : header));
        }
    }

    static void json(
            CompiledCase.JsonCheck check,
            Object document,
            Function<String, String> vars,
            List<AssertionFailure> failures) {
        Object actual = read(check.path(), document);
        String expected = check.expected() == null ? null : check.expected().render(vars);
        String label = check.check().path() + " " + check.check().operator().wireName();
        compare(label, check.check().operator(), actual, expected, check.pattern(), failures);
    }

    static void header(
            CompiledCase.HeaderExpectation check,
            HttpTransport.Answer response,
            Function<String, String> vars,
            List<AssertionFailure> failures) {
        Optional<String> value = response.header(check.check().name());
        Object actual = value.isPresent() ? value.get() : MISSING;
        String expected = check.expected() == null ? null : check.expected().render(vars);
        String label = "header " + check.check().name() + " "
                + check.check().operator().wireName();
        compare(label, check.check().operator(), actual, expected, check.pattern(), failures);
    }

    static void bodyContains(
            List<Template> needles,
            boolean wanted,
            String body,
            Function<String, String> vars,
            List<AssertionFailure> failures) {
        for (Template needle : needles) {
            String text = needle.render(vars);
            if (body.contains(text) != wanted) {
                failures.add(new AssertionFailure(
                        wanted ? "body contains" : "body does not contain",
                        (wanted ? "a body containing \"" : "a body without \"") + text + "\"",
                        abbreviate(body)));
            }
        }
    }

    private static void compare(
            String label,
            CheckOperator op,
            Object actual,
            String expected,
            Pattern pattern,
            List<AssertionFailure> failures) {
        boolean missing = actual == MISSING;
        String actualText = text(actual);
        if (op == CheckOperator.MATCHES && !missing) {
            try {
                if (BoundedRegex.find(pattern != null ? pattern : Pattern.compile(expected), actualText)) {
                    return;
                }
            } catch (BoundedRegex.StoppedException e) {
                failures.add(new AssertionFailure(label, "a match of /" + expected + "/", e.getMessage()));
                return;
            }
        }
        boolean ok =
                switch (op) {
                    case EXISTS -> !missing;
                    case NOT_EXISTS -> missing;
                    case EQUALS -> !missing && sameValue(actual, expected);
                    case NOT_EQUALS -> missing || !sameValue(actual, expected);
                    case CONTAINS -> !missing && contains(actual, expected);
                    case MATCHES -> false; // found above
                    case GREATER_THAN -> !missing && numericCompare(actual, expected) > 0;
                    case LESS_THAN -> !missing && numericCompare(actual, expected) < 0;
                    case TYPE ->
                        !missing
                                && (typeOf(actual).equals(expected)
                                        || expected.equals("number")
                                                && typeOf(actual).equals("integer"));
                    case SIZE -> !missing && String.valueOf(size(actual)).equals(expected.trim());
                    case ONE_OF -> !missing && oneOf(actual, expected);
                    case EMPTY -> sized(actual) && size(actual) == 0;
                    case NOT_EMPTY -> sized(actual) && size(actual) > 0;
                    case AT_LEAST -> !missing && numbersCompare(actual, expected, c -> c >= 0);
                    case AT_MOST -> !missing && numbersCompare(actual, expected, c -> c <= 0);
                };
        if (!ok) {
            String want =
                    switch (op) {
                        case EXISTS -> "a value";
                        case NOT_EXISTS -> "no value";
                        case NOT_EQUALS -> "anything but " + expected;
                        case CONTAINS -> "a value containing " + expected;
                        case MATCHES -> "a match of /" + expected + "/";
                        case GREATER_THAN -> "a number > " + expected;
                        case LESS_THAN -> "a number < " + expected;
                        case EQUALS -> expected;
                        case TYPE -> "a value of type " + expected;
                        case SIZE -> "size " + expected;
                        case ONE_OF -> "one of " + expected;
                        case EMPTY -> "an empty string, array or object";
                        case NOT_EMPTY -> "a non-empty string, array or object";
                        case AT_LEAST -> "a number >= " + expected;
                        case AT_MOST -> "a number <= " + expected;
                    };
            String shown =
                    (op == CheckOperator.TYPE || op == CheckOperator.EMPTY || op == CheckOperator.NOT_EMPTY) && !missing
                            ? typeOf(actual) + " " + abbreviate(actualText)
                            : op == CheckOperator.SIZE && !missing
                                    ? size(actual) + " (" + abbreviate(actualText) + ")"
                                    : abbreviate(actualText);
            failures.add(new AssertionFailure(label, want, shown));
        }
    }

    /** The JSON type of a value json-smart parsed; whole numbers are "integer" (and count as "number"). */
    static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        return value instanceof Map<?, ?> ? "object" : "unknown";
    }

    /**
     * Whether Chai's {@code empty} applies: strings, arrays and objects; it throws on numbers, booleans,
     * null and undefined, so there both {@code empty} and {@code not.empty} fail.
     */
    private static boolean sized(Object value) {
        return value instanceof String || value instanceof List<?> || value instanceof Map<?, ?>;
    }

    private static int size(Object value) {
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return text(value).length();
    }

    private static boolean oneOf(Object actual, String expected) {
        Object options;
        try {
            options = PROVIDER.parse(expected);
        } catch (RuntimeException notJson) {
            return false;
        }
        return options instanceof List<?> list && list.stream().anyMatch(option -> sameValue(actual, text(option)));
    }

    /** Numbers compare by value (9.99 equals "9.990"), everything else by its text. */
    private static boolean sameValue(Object actual, String expected) {
        if (actual instanceof Number number) {
            BigDecimal want = decimal(expected);
            return want != null && new BigDecimal(number.toString()).compareTo(want) == 0;
        }
        return text(actual).equals(expected);
    }

    private static boolean contains(Object actual, String expected) {
        if (actual instanceof List<?> list) {
            return list.stream().anyMatch(element -> sameValue(element, expected));
        }
        return text(actual).contains(expected);
    }

    /** Compares numerically; a non-number on either side answers 0, so neither > nor < holds. */
    private static int numericCompare(Object actual, String expected) {
        BigDecimal have = decimal(text(actual));
        BigDecimal want = decimal(expected);
        if (have == null || want == null) {
            return 0;
        }
        return have.compareTo(want);
    }

    /** Whether both sides are numbers and their comparison holds; a non-number fails, as Chai's at least/most do. */
    private static boolean numbersCompare(Object actual, String expected, IntPredicate holds) {
        BigDecimal have = decimal(text(actual));
        BigDecimal want = decimal(expected);
        return have != null && want != null && holds.test(have.compareTo(want));
    }

    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
