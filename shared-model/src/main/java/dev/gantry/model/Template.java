package dev.gantry.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A string with {@code {{variable}}} placeholders, parsed once and rendered many times.
 * Both apps use it: the control plane to reject malformed templates at save time, the worker to
 * render requests without re-parsing them per step.
 */
public final class Template {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern BUILT_IN = Pattern.compile("\\$[A-Za-z]+(?: +-?\\d+)*");

    private final String source;
    /** Literal text at even indexes, variable names at odd indexes. */
    private final String[] parts;

    private Template(String source, String[] parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses a template; throws {@link IllegalArgumentException} saying what is malformed. */
    public static Template parse(String source) {
        Objects.requireNonNull(source, "source");
        List<String> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            // a lone "}}" is literal text: JSON bodies end nested objects that way
            int open = source.indexOf("{{", at);
            if (open < 0) {
                parts.add(source.substring(at));
                break;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at position " + open + " is never closed");
            }
            String name = source.substring(open + 2, close).trim().replaceAll("\\s+", " ");
            if (BUILT_IN.matcher(name).matches()) {
                BuiltIn.parse(name);
            } else if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' at position " + open + " is not a variable name");
            }
            parts.add(source.substring(at, open));
            parts.add(name);
            at = close + 2;
        }
        return new Template(source, parts.toArray(String[]::new));
    }

    /** True when the template has no placeholders, so rendering is the identity. */
    public boolean isConstant() {
        return parts.length == 1;
    }

    /** Names of the variables the template refers to, in order of appearance. */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < parts.length; i += 2) {
            names.add(parts[i]);
        }
        return names;
    }

    /**
     * Renders the template. {@code lookup} answers null for an unknown variable, which is an error:
     * a silent empty string would send a wrong request that looks right.
     */
    public String render(Function<String, String> lookup) {
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (int i = 0; i < parts.length; i++) {
            if ((i & 1) == 0) {
                out.append(parts[i]);
            } else {
                String value = lookup.apply(parts[i]);
                if (value == null) {
                    throw new UnknownVariableException(parts[i]);
                }
                out.append(value);
            }
        }
        return out.toString();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    /** A template referred to a variable that no scope defines. */
    public static final class UnknownVariableException extends RuntimeException {
        private final String variable;

        public UnknownVariableException(String variable) {
            super("unknown variable {{" + variable + "}}");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
