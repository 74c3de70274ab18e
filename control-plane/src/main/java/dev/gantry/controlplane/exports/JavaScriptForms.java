package dev.gantry.controlplane.exports;

import dev.gantry.controlplane.common.JsonColumns;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Gantry's JSONPaths, regular expressions and expected values as the JavaScript a Postman test
 * script holds. Only what has a faithful JavaScript equivalent is translated; the rest is answered
 * with the reason, for the export to list.
 */
final class JavaScriptForms {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern INDEX = Pattern.compile("\\d+");
    private static final Pattern NEGATIVE_INDEX = Pattern.compile("-\\d+");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

    private JavaScriptForms() {}

    /**
     * A JSONPath as property accesses in JavaScript, e.g. {@code $.items[0]['a b']} →
     * {@code .items[0]["a b"]}; {@code optional} is the same with optional chaining, for the checks
     * that hold when nothing is there. Null fields when the path has no equivalent, with the reason.
     */
    record Access(String plain, String optional, String reason) {
        boolean exported() {
            return reason == null;
        }

        static Access refused(String reason) {
            return new Access(null, null, reason);
        }
    }

    /** A definite JSONPath of names and indexes; deep scans, wildcards, filters, unions, slices, functions have no plain JavaScript. */
    static Access access(String jsonPath) {
        if (!jsonPath.startsWith("$")) {
            return Access.refused("does not start at the root ($)");
        }
        StringBuilder plain = new StringBuilder();
        StringBuilder optional = new StringBuilder();
        int i = 1;
        while (i < jsonPath.length()) {
            char c = jsonPath.charAt(i);
            if (c == '.') {
                if (i + 1 < jsonPath.length() && jsonPath.charAt(i + 1) == '.') {
                    return Access.refused("a deep scan (..) has no JavaScript equivalent");
                }
                int end = i + 1;
                while (end < jsonPath.length() && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
                    end++;
                }
                String name = jsonPath.substring(i + 1, end);
                if (name.isEmpty()) {
                    return Access.refused("an empty name");
                }
                if (name.equals("*")) {
                    return Access.refused("a wildcard (*) has no JavaScript equivalent");
                }
                if (name.contains("(")) {
                    return Access.refused("a JSONPath function has no JavaScript equivalent here");
                }
                if (IDENTIFIER.matcher(name).matches()) {
                    plain.append('.').append(name);
                    optional.append("?.").append(name);
                } else {
                    plain.append('[').append(string(name)).append(']');
                    optional.append("?.[").append(string(name)).append(']');
                }
                i = end;
            } else if (c == '[') {
                int close = closing(jsonPath, i);
                if (close < 0) {
                    return Access.refused("an unclosed [");
                }
                String inside = jsonPath.substring(i + 1, close).strip();
                String name = quotedName(inside);
                if (name != null) {
                    plain.append('[').append(string(name)).append(']');
                    optional.append("?.[").append(string(name)).append(']');
                } else if (INDEX.matcher(inside).matches()) {
                    plain.append('[').append(inside).append(']');
                    optional.append("?.[").append(inside).append(']');
                } else if (NEGATIVE_INDEX.matcher(inside).matches()) {
                    plain.append(".at(").append(inside).append(')');
                    optional.append("?.at(").append(inside).append(')');
                } else if (inside.startsWith("?")) {
                    return Access.refused("a filter ([?(...)]) has no JavaScript equivalent");
                } else if (inside.equals("*")) {
                    return Access.refused("a wildcard ([*]) has no JavaScript equivalent");
                } else {
                    return Access.refused(
                            "an index list, slice or union ([" + inside + "]) has no JavaScript equivalent");
                }
                i = close + 1;
            } else {
                return Access.refused("unexpected '" + c + "' at " + i);
            }
        }
        return new Access(plain.toString(), optional.toString(), null);
    }

    /** The index of the {@code ]} closing the {@code [} at {@code open}, quotes respected; -1 when none. */
    private static int closing(String path, int open) {
        char quote = 0;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** {@code 'a b'} or {@code "a b"} → {@code a b}; null for anything else (a union, an escape). */
    private static String quotedName(String inside) {
        if (inside.length() < 2) {
            return null;
        }
        char quote = inside.charAt(0);
        if ((quote != '\'' && quote != '"') || inside.charAt(inside.length() - 1) != quote) {
            return null;
        }
        String name = inside.substring(1, inside.length() - 1);
        return name.indexOf(quote) >= 0 || name.indexOf('\\') >= 0 ? null : name;
    }

    /** A Java regular expression as a JavaScript regex literal, or the reason it has none. */
    record Regex(String literal, String reason) {
        boolean exported() {
            return reason == null;
        }
    }

    /**
     * Java's and JavaScript's regular expressions agree on the common constructs; what only Java has
     * (possessive quantifiers, atomic groups, \A \Z \z \G \Q…\E, nested or intersected classes,
     * inline flags past the start, Unicode classes without JavaScript's u flag) is refused rather than
     * translated into something that matches differently. A leading {@code (?i)}, {@code (?s)} or
     * {@code (?m)} becomes the literal's flag.
     */
    static Regex regex(String java) {
        try {
            Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            return new Regex(null, "not a valid regular expression");
        }
        String flags = "";
        String body = java;
        java.util.regex.Matcher leading =
                Pattern.compile("^\\(\\?([a-zA-Z]+)\\)").matcher(body);
        if (leading.find()) {
            for (char flag : leading.group(1).toCharArray()) {
                if ("ism".indexOf(flag) < 0) {
                    return new Regex(null, "the inline flag (?" + flag + ") has no JavaScript equivalent");
                }
                if (flags.indexOf(flag) < 0) {
                    flags += flag;
                }
            }
            body = body.substring(leading.end());
        }
        StringBuilder out = new StringBuilder("/");
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return new Regex(null, "ends with a lone backslash");
                }
                char next = body.charAt(i + 1);
                // Java-only escapes, or escapes JavaScript reads as something else (\v, \e, \a, \0, \x{..})
                if ("AZzGQEhHRXNpPve0".indexOf(next) >= 0
                        || next == 'a'
                        || (next == 'x' && i + 2 < body.length() && body.charAt(i + 2) == '{')) {
                    return new Regex(null, "\\" + next + " has no JavaScript equivalent without changes");
                }
                out.append(c).append(next);
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[') {
                    return new Regex(null, "a class nested in a class has no JavaScript equivalent");
                }
                if (c == '&' && i + 1 < body.length() && body.charAt(i + 1) == '&') {
                    return new Regex(null, "a class intersection (&&) has no JavaScript equivalent");
                }
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                // a ] right after [ or [^ is a literal in Java, the end of an empty class in JavaScript
                int first = i + 1 < body.length() && body.charAt(i + 1) == '^' ? i + 2 : i + 1;
                if (first < body.length() && body.charAt(first) == ']') {
                    return new Regex(null, "a ] first in a class means another thing in JavaScript");
                }
            } else if (c == '(' && i + 1 < body.length() && body.charAt(i + 1) == '?') {
                String rest = body.substring(i + 2);
                if (!(rest.startsWith(":")
                        || rest.startsWith("=")
                        || rest.startsWith("!")
                        || rest.startsWith("<=")
                        || rest.startsWith("<!")
                        || rest.matches("(?s)<[A-Za-z][A-Za-z0-9]*>.*"))) {
                    return new Regex(null, "the group (?" + rest.charAt(0) + " has no JavaScript equivalent");
                }
            } else if ("*+?}".indexOf(c) >= 0
                    && i + 1 < body.length()
                    && body.charAt(i + 1) == '+'
                    && !(c == '?' && i > 0 && body.charAt(i - 1) == '(')) {
                return new Regex(null, "a possessive quantifier has no JavaScript equivalent");
            }
            switch (c) {
                case '/' -> out.append("\\/");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return new Regex(out.append('/').append(flags).toString(), null);
    }

    /** Whether an expected value is a template, whose value only a run knows. */
    static boolean isTemplate(String expected) {
        return expected.contains("{{");
    }

    /**
     * An expected value as the JavaScript literal people write: a JSON number, {@code true},
     * {@code false} and {@code null} as themselves, anything else as a string.
     */
    static String literal(String expected) {
        if (JSON_NUMBER.matcher(expected).matches()
                || expected.equals("true")
                || expected.equals("false")
                || expected.equals("null")) {
            return expected;
        }
        return string(expected);
    }

    /** Whether an expected value is a number JavaScript reads as written. */
    static boolean isNumber(String expected) {
        return JSON_NUMBER.matcher(expected.strip()).matches();
    }

    /** A JavaScript string literal (JSON's escaping is valid JavaScript). */
    static String string(String text) {
        return JsonColumns.MAPPER.writeValueAsString(text);
    }
}
