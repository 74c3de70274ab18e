package dev.gantry.controlplane.processes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variable values that make a sequence flow's condition hold (or not hold), for the data row of
 * a path: {@code ${approved}} → approved = true, {@code ${!approved}} → false, {@code ${amount > 1000}}
 * → amount = 1001 (and 1000 when it must not hold), {@code ${status == 'GOLD'}} → "GOLD",
 * {@code ${phone != null}} → "sample". Understood: JUEL's {@code ${…}} or {@code #{…}} around
 * variables, literals (numbers, quoted strings, true, false, null), {@code == != > >= < <=} (and
 * {@code eq ne gt ge lt le}), {@code !}/{@code not}, {@code &&}/{@code and}, {@code ||}/{@code or}
 * and parentheses. Anything else (method calls, properties of beans, arithmetic) is not understood:
 * the answer is empty and the caller says so. A pure function.
 */
final class ConditionValues {
    /** Longest expression read; a condition is a line or two in a modeller. */
    static final int MAX_LENGTH = 1_000;

    private ConditionValues() {}

    /** The values making {@code expression} evaluate to {@code wanted}; empty when not understood. */
    static Optional<Map<String, Object>> solve(String expression, boolean wanted) {
        if (expression == null || expression.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String text = expression.strip();
        if ((text.startsWith("${") || text.startsWith("#{")) && text.endsWith("}")) {
            text = text.substring(2, text.length() - 1);
        } else {
            return Optional.empty();
        }
        try {
            Parser parser = new Parser(tokens(text));
            Node node = parser.or();
            if (parser.at < parser.tokens.size()) {
                return Optional.empty();
            }
            Map<String, Object> values = new LinkedHashMap<>();
            return node.solve(wanted, values) ? Optional.of(values) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private sealed interface Node permits Var, Not, All, Any, Compare {
        boolean solve(boolean wanted, Map<String, Object> values);
    }

    private record Var(String name) implements Node {
        public boolean solve(boolean wanted, Map<String, Object> values) {
            values.put(name, wanted);
            return true;
        }
    }

    private record Not(Node inner) implements Node {
        public boolean solve(boolean wanted, Map<String, Object> values) {
            return inner.solve(!wanted, values);
        }
    }

    private record All(List<Node> parts) implements Node {
        public boolean solve(boolean wanted, Map<String, Object> values) {
            if (!wanted) {
                return parts.getFirst().solve(false, values);
            }
            return parts.stream().allMatch(p -> p.solve(true, values));
        }
    }

    private record Any(List<Node> parts) implements Node {
        public boolean solve(boolean wanted, Map<String, Object> values) {
            if (wanted) {
                return parts.getFirst().solve(true, values);
            }
            return parts.stream().allMatch(p -> p.solve(false, values));
        }
    }

    /** {@code variable op literal}, the literal being a BigDecimal, String, Boolean or null. */
    private record Compare(String variable, String op, Object literal) implements Node {
        public boolean solve(boolean wanted, Map<String, Object> values) {
            String effective = wanted ? op : negate(op);
            Object value =
                    switch (effective) {
                        case "==" -> literal;
                        case "!=" -> other(literal);
                        case ">", ">=", "<", "<=" -> {
                            if (!(literal instanceof BigDecimal n)) {
                                yield Fail.INSTANCE;
                            }
                            yield number(
                                    switch (effective) {
                                        case ">" -> n.add(BigDecimal.ONE);
                                        case "<" -> n.subtract(BigDecimal.ONE);
                                        default -> n;
                                    });
                        }
                        default -> Fail.INSTANCE;
                    };
            if (value == Fail.INSTANCE) {
                return false;
            }
            values.put(variable, value);
            return true;
        }

        private static String negate(String op) {
            return switch (op) {
                case "==" -> "!=";
                case "!=" -> "==";
                case ">" -> "<=";
                case ">=" -> "<";
                case "<" -> ">=";
                default -> ">"; // "<="
            };
        }

        private static Object other(Object literal) {
            if (literal == null) {
                return "sample";
            }
            if (literal instanceof Boolean b) {
                return !b;
            }
            if (literal instanceof BigDecimal n) {
                return number(n.add(BigDecimal.ONE));
            }
            return "not-" + literal;
        }

        private static Object number(BigDecimal n) {
            return n.scale() <= 0 || n.stripTrailingZeros().scale() <= 0
                    ? (Object) n.longValueExact()
                    : n.doubleValue();
        }
    }

    private enum Fail {
        INSTANCE
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated string");
                }
                out.add(text.substring(i, close + 1));
                i = close + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)
                    || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                int j = i + 1;
                while (j < text.length() && (Character.isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("==", "!=", ">=", "<=", "&&", "||").contains(two)) {
                    out.add(two);
                    i += 2;
                } else if ("!<>()".indexOf(c) >= 0) {
                    out.add(String.valueOf(c));
                    i++;
                } else {
                    throw new IllegalArgumentException("not understood: " + c);
                }
            }
        }
        return out;
    }

    private static final class Parser {
        final List<String> tokens;
        int at;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        Node or() {
            List<Node> parts = new ArrayList<>(List.of(and()));
            while (peek("||") || peek("or")) {
                at++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.getFirst() : new Any(parts);
        }

        Node and() {
            List<Node> parts = new ArrayList<>(List.of(unary()));
            while (peek("&&") || peek("and")) {
                at++;
                parts.add(unary());
            }
            return parts.size() == 1 ? parts.getFirst() : new All(parts);
        }

        Node unary() {
            if (peek("!") || peek("not")) {
                at++;
                return new Not(unary());
            }
            if (peek("(")) {
                at++;
                Node inner = or();
                expect(")");
                return inner;
            }
            String left = next();
            String op = operator();
            if (op == null) {
                requireVariable(left);
                return new Var(left);
            }
            String right = next();
            if (isVariable(left) && !isVariable(right)) {
                return new Compare(left, op, literal(right));
            }
            if (isVariable(right) && !isVariable(left)) {
                return new Compare(right, flip(op), literal(left));
            }
            throw new IllegalArgumentException("a comparison of a variable with a literal is understood");
        }

        private String operator() {
            if (at >= tokens.size()) {
                return null;
            }
            String t = tokens.get(at);
            String op =
                    switch (t) {
                        case "==", "eq" -> "==";
                        case "!=", "ne" -> "!=";
                        case ">", "gt" -> ">";
                        case ">=", "ge" -> ">=";
                        case "<", "lt" -> "<";
                        case "<=", "le" -> "<=";
                        default -> null;
                    };
            if (op != null) {
                at++;
            }
            return op;
        }

        private static String flip(String op) {
            return switch (op) {
                case ">" -> "<";
                case ">=" -> "<=";
                case "<" -> ">";
                case "<=" -> ">=";
                default -> op;
            };
        }

        private static boolean isVariable(String t) {
            return Character.isLetter(t.charAt(0))
                    && !List.of(
                                    "true", "false", "null", "and", "or", "not", "empty", "eq", "ne", "gt", "ge", "lt",
                                    "le")
                            .contains(t);
        }

        private static void requireVariable(String t) {
            if (!isVariable(t)) {
                throw new IllegalArgumentException("not a variable: " + t);
            }
        }

        private static Object literal(String t) {
            if (t.equals("null")) {
                return null;
            }
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
            if (t.startsWith("'") || t.startsWith("\"")) {
                return t.substring(1, t.length() - 1);
            }
            return new BigDecimal(t); // NumberFormatException is an IllegalArgumentException
        }

        private boolean peek(String t) {
            return at < tokens.size() && tokens.get(at).equals(t);
        }

        private String next() {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("ends too early");
            }
            return tokens.get(at++);
        }

        private void expect(String t) {
            if (!peek(t)) {
                throw new IllegalArgumentException("expected " + t);
            }
            at++;
        }
    }
}
