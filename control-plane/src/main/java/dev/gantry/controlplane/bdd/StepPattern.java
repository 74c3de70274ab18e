package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.InvalidInputException;
import io.cucumber.cucumberexpressions.Argument;
import io.cucumber.cucumberexpressions.CucumberExpressionException;
import io.cucumber.cucumberexpressions.Expression;
import io.cucumber.cucumberexpressions.ExpressionFactory;
import io.cucumber.cucumberexpressions.ParameterType;
import io.cucumber.cucumberexpressions.ParameterTypeRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step pattern with named, typed parameters ({@code the item "{name}" costs {price:number}}),
 * compiled into a Cucumber Expression (io.cucumber:cucumber-expressions) whose parameter types are
 * Gantry's: string (in double quotes), number, int, boolean and word. A parameter written in double
 * quotes without a type is a string, one without quotes a word. Everything else is Cucumber Expression
 * text: {@code (s)} optional text, {@code a/b} alternatives, {@code \} escapes. Every type also matches
 * a Scenario Outline's {@code <placeholder>}, which the outline's data rows fill at run time.
 */
final class StepPattern {
    static final int MAX_LENGTH = 500;
    static final int MAX_PARAMETERS = 20;
    /** Names a step's doc string and data table take in a binding's templates. */
    static final Set<String> RESERVED = Set.of("docString", "table", "tableRow");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String PLACEHOLDER = "<[^<>\"]+>";

    /** The parameter types a pattern may name, with the regular expressions their values match. */
    enum Type {
        STRING("\"(?:[^\"\\\\]|\\\\.)*\"", "\"text\""),
        NUMBER("-?\\d+(?:\\.\\d+)?", "1"),
        INT("-?\\d+", "200"),
        BOOLEAN("true|false", "true"),
        WORD("[^\\s\"<>]+", "word");

        private final String regex;
        private final String sample;

        Type(String regex, String sample) {
            this.regex = regex;
            this.sample = sample;
        }

        String typeName() {
            return "gantry-" + name().toLowerCase(Locale.ROOT);
        }

        /** A value of the type as a step's text would hold it (strings with their quotes). */
        String sample() {
            return sample;
        }

        static Optional<Type> named(String name) {
            return Arrays.stream(values())
                    .filter(t -> t.name().equalsIgnoreCase(name))
                    .findFirst();
        }
    }

    record Parameter(String name, Type type) {}

    private static final ParameterTypeRegistry REGISTRY = registry();

    private final String source;
    private final String expressionText;
    private final List<Parameter> parameters;
    private final Expression expression;

    private StepPattern(String source, String expressionText, List<Parameter> parameters, Expression expression) {
        this.source = source;
        this.expressionText = expressionText;
        this.parameters = parameters;
        this.expression = expression;
    }

    private static ParameterTypeRegistry registry() {
        ParameterTypeRegistry registry = new ParameterTypeRegistry(Locale.ROOT);
        for (Type type : Type.values()) {
            registry.defineParameterType(new ParameterType<>(
                    type.typeName(), List.of(type.regex, PLACEHOLDER), String.class, (String s) -> s, false, false));
        }
        return registry;
    }

    /** Compiles a pattern; 400 naming {@code field} when it is not one. */
    static StepPattern parse(String field, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new InvalidInputException(field, "at most " + MAX_LENGTH + " characters");
        }
        String text = pattern.strip();
        if (text.startsWith("^") || text.endsWith("$")) {
            throw new InvalidInputException(
                    field, "a pattern is a Cucumber Expression with {name:type} parameters, not a regular expression");
        }
        List<Parameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        StringBuilder expression = new StringBuilder();
        Matcher m = PARAMETER.matcher(text);
        int at = 0;
        while (m.find()) {
            String inside = m.group(1).strip();
            boolean quoted = m.start() > 0
                    && text.charAt(m.start() - 1) == '"'
                    && m.end() < text.length()
                    && text.charAt(m.end()) == '"';
            int colon = inside.indexOf(':');
            String name = colon < 0 ? inside : inside.substring(0, colon).strip();
            String typeName = colon < 0 ? null : inside.substring(colon + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(
                        field, "parameter '{" + inside + "}' needs a name (letters, digits, _), e.g. {price:number}");
            }
            if (RESERVED.contains(name)) {
                throw new InvalidInputException(
                        field,
                        "'" + name + "' is the step's " + name + " in templates; give the parameter another name");
            }
            if (!names.add(name)) {
                throw new InvalidInputException(field, "parameter '" + name + "' appears twice");
            }
            Type type;
            if (typeName == null) {
                type = quoted ? Type.STRING : Type.WORD;
            } else {
                type = Type.named(typeName)
                        .orElseThrow(() -> new InvalidInputException(
                                field,
                                "unknown parameter type '" + typeName + "' of '" + name
                                        + "'; use string, number, int, boolean or word"));
            }
            parameters.add(new Parameter(name, type));
            if (parameters.size() > MAX_PARAMETERS) {
                throw new InvalidInputException(field, "at most " + MAX_PARAMETERS + " parameters");
            }
            String before = text.substring(at, m.start());
            // a string's own regular expression takes its quotes
            boolean dropQuotes = quoted && type == Type.STRING;
            expression.append(dropQuotes ? before.substring(0, before.length() - 1) : before);
            expression.append('{').append(type.typeName()).append('}');
            at = dropQuotes ? m.end() + 1 : m.end();
        }
        expression.append(text.substring(at));
        try {
            Expression compiled = new ExpressionFactory(REGISTRY).createExpression(expression.toString());
            return new StepPattern(text, expression.toString(), List.copyOf(parameters), compiled);
        } catch (CucumberExpressionException e) {
            throw new InvalidInputException(field, "not a Cucumber Expression: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    /**
     * The parameters' values when the step's text matches, by name: strings without their quotes, a
     * {@code <placeholder>} as written.
     */
    Optional<Map<String, String>> match(String text) {
        Optional<List<Argument<?>>> arguments;
        try {
            arguments = expression.match(text);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Argument<?>> args = arguments.get();
        for (int i = 0; i < args.size() && i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            String raw = args.get(i).getGroup().getValue();
            if (p.type() == Type.STRING && raw != null && raw.length() >= 2 && raw.startsWith("\"")) {
                raw = raw.substring(1, raw.length() - 1).replace("\\\"", "\"");
            }
            values.put(p.name(), raw == null ? "" : raw);
        }
        return Optional.of(values);
    }

    /**
     * A step text this pattern matches, made of sample values, or empty where the pattern holds
     * optional text or alternatives (then no single text stands for it).
     */
    Optional<String> sample() {
        if (expressionText.matches(".*[()/\\\\].*")) {
            return Optional.empty();
        }
        String text = expressionText;
        for (Parameter p : parameters) {
            text = text.replaceFirst(
                    Pattern.quote("{" + p.type().typeName() + "}"),
                    Matcher.quoteReplacement(p.type().sample()));
        }
        return Optional.of(text);
    }

    String source() {
        return source;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** The literal words of the pattern, lower-cased, for suggestions. */
    String words() {
        return PARAMETER
                .matcher(source)
                .replaceAll(" ")
                .replaceAll("[\"()/\\\\]", " ")
                .toLowerCase(Locale.ROOT);
    }
}
