package dev.gantry.controlplane.specs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Node;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.ArrayLiteral;
import org.mozilla.javascript.ast.Assignment;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.Block;
import org.mozilla.javascript.ast.ElementGet;
import org.mozilla.javascript.ast.EmptyExpression;
import org.mozilla.javascript.ast.EmptyStatement;
import org.mozilla.javascript.ast.ErrorCollector;
import org.mozilla.javascript.ast.ExpressionStatement;
import org.mozilla.javascript.ast.FunctionCall;
import org.mozilla.javascript.ast.FunctionNode;
import org.mozilla.javascript.ast.InfixExpression;
import org.mozilla.javascript.ast.KeywordLiteral;
import org.mozilla.javascript.ast.Name;
import org.mozilla.javascript.ast.NumberLiteral;
import org.mozilla.javascript.ast.ObjectLiteral;
import org.mozilla.javascript.ast.ObjectProperty;
import org.mozilla.javascript.ast.ParenthesizedExpression;
import org.mozilla.javascript.ast.ParseProblem;
import org.mozilla.javascript.ast.PropertyGet;
import org.mozilla.javascript.ast.RegExpLiteral;
import org.mozilla.javascript.ast.ReturnStatement;
import org.mozilla.javascript.ast.Scope;
import org.mozilla.javascript.ast.StringLiteral;
import org.mozilla.javascript.ast.TemplateCharacters;
import org.mozilla.javascript.ast.TemplateLiteral;
import org.mozilla.javascript.ast.UnaryExpression;
import org.mozilla.javascript.ast.VariableDeclaration;
import org.mozilla.javascript.ast.VariableInitializer;

/**
 * Reads Postman test scripts as JavaScript (Mozilla Rhino's parser, never its interpreter: nothing
 * of a script runs) and maps the checks people write most to a case's expectations, with Chai's and
 * chai-postman's meaning: {@code pm.expect(subject)} chains split at {@code .and} into one
 * expectation per assertion, flags ({@code not}) carried along the chain as Chai carries them;
 * {@code pm.response.to…} assertions; {@code pm.*.set(name, value)} as optional extractions; the
 * body bound through {@code const/let/var} aliases of {@code pm.response.json()} and their sub-paths.
 * Every statement or assertion it cannot map is listed with the reason, never dropped.
 *
 * <p>Several scripts (the collection's, each folder's, the request's) map into one {@link Checks},
 * as Newman runs them all for a request; each script has its own scope, as in Postman.
 */
final class PostmanScripts {
    /** Deeper nesting than any real test script; it bounds the parser's recursion. */
    static final int MAX_NESTING = 200;

    private static final Set<String> SCOPES = Set.of("environment", "collectionVariables", "variables", "globals");
    private static final Set<String> LANGUAGE = Set.of(
            "to",
            "be",
            "been",
            "is",
            "that",
            "which",
            "and",
            "has",
            "have",
            "with",
            "at",
            "of",
            "same",
            "but",
            "does",
            "still",
            "also",
            "a",
            "an",
            "deep",
            "own",
            "itself",
            "any",
            "all",
            "ordered",
            // as properties, include and contain only flag what keys/members (not mapped) check
            "include",
            "includes",
            "contain",
            "contains");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s][^{}]*?)\\s*\\}\\}");
    private static final Map<String, int[]> RESPONSE_CLASSES = Map.of(
            "info", new int[] {100, 199},
            "success", new int[] {200, 299},
            "redirection", new int[] {300, 399},
            "clientError", new int[] {400, 499},
            "serverError", new int[] {500, 599},
            "error", new int[] {400, 599});
    private static final Map<String, Integer> RESPONSE_REASONS = Map.ofEntries(
            Map.entry("ok", 200),
            Map.entry("accepted", 202),
            Map.entry("withoutContent", 204),
            Map.entry("badRequest", 400),
            Map.entry("unauthorised", 401),
            Map.entry("unauthorized", 401),
            Map.entry("forbidden", 403),
            Map.entry("notFound", 404),
            Map.entry("notAcceptable", 406),
            Map.entry("rateLimited", 429));
    static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
    static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";

    private PostmanScripts() {}

    /** A statement or assertion left unmapped: the script's text and why. */
    record Left(String what, String reason) {}

    /** The names a script sets and reads through {@code pm.*.set/get}, mapped or not. */
    record Names(Set<String> set, Set<String> read) {}

    /** What the scripts of one request map to, gathered across them. */
    static final class Checks {
        /** The status codes every status assertion allows (Newman needs all of them to pass); null: none asserted. */
        BitSet status;

        final List<Map<String, Object>> jsonPath = new ArrayList<>();
        final List<Map<String, Object>> headers = new ArrayList<>();
        final List<String> bodyContains = new ArrayList<>();
        final List<String> bodyNotContains = new ArrayList<>();
        Long maxResponseTimeMs;
        Object jsonSchema;
        final List<Map<String, Object>> extractions = new ArrayList<>();
        /** Some mapped code evaluates {@code pm.response.json()}, which throws (and fails) on a body that is not JSON. */
        boolean readsJson;

        final List<Left> left = new ArrayList<>();

        void allow(BitSet codes) {
            if (status == null) {
                status = (BitSet) codes.clone();
            } else {
                status.and(codes);
            }
        }

        void json(String path, String operator, String expected) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("path", path);
            check.put("operator", operator);
            if (expected != null) {
                check.put("expected", expected);
            }
            if (!jsonPath.contains(check)) {
                jsonPath.add(check);
            }
        }

        void header(String name, String operator, String expected) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", name);
            check.put("operator", operator);
            if (expected != null) {
                check.put("expected", expected);
            }
            if (!headers.contains(check)) {
                headers.add(check);
            }
        }

        void maxTime(long ms) {
            maxResponseTimeMs = maxResponseTimeMs == null ? ms : Math.min(maxResponseTimeMs, ms);
        }

        /** The JSONPath checks that hold when the body is not JSON at all. */
        private static final Set<Object> PASS_WITHOUT_BODY = Set.of("notExists", "notEquals");

        /** The expectations as the cases API takes them. */
        Map<String, Object> expectations() {
            Map<String, Object> e = new LinkedHashMap<>();
            // Newman passes a request whose scripts never test its status whatever the status is
            List<Object> statuses = status == null ? List.of("1xx", "2xx", "3xx", "4xx", "5xx") : statuses(status);
            if (!statuses.equals(List.of("2xx"))) {
                // any 2xx is what a case without a status expectation accepts
                e.put("status", statuses);
            }
            List<Map<String, Object>> checks = new ArrayList<>();
            // a check that fails on a body that is not JSON already fails the request as Newman's parse would
            if (readsJson && jsonPath.stream().allMatch(c -> PASS_WITHOUT_BODY.contains(c.get("operator")))) {
                checks.add(Map.of("path", "$", "operator", "exists"));
            }
            checks.addAll(jsonPath);
            if (!checks.isEmpty()) {
                e.put("jsonPath", checks);
            }
            if (!headers.isEmpty()) {
                e.put("headers", headers);
            }
            if (!bodyContains.isEmpty()) {
                e.put("bodyContains", bodyContains);
            }
            if (!bodyNotContains.isEmpty()) {
                e.put("bodyNotContains", bodyNotContains);
            }
            if (maxResponseTimeMs != null) {
                e.put("maxResponseTimeMs", maxResponseTimeMs);
            }
            if (jsonSchema != null) {
                e.put("jsonSchema", jsonSchema);
            }
            return e;
        }

        /** Whole classes as {@code "2xx"}, the rest as codes. */
        static List<Object> statuses(BitSet allowed) {
            List<Object> out = new ArrayList<>();
            for (int c = 1; c <= 5; c++) {
                int from = c * 100;
                if (allowed.get(from, from + 100).cardinality() == 100) {
                    out.add(c + "xx");
                } else {
                    for (int code = allowed.nextSetBit(from);
                            code >= 0 && code < from + 100;
                            code = allowed.nextSetBit(code + 1)) {
                        out.add(code);
                    }
                }
            }
            return out;
        }
    }

    /** Parses a script, or answers why it cannot be read. */
    static AstRoot parse(String source, List<ParseProblem> problems) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < source.length(); i++) {
            char ch = source.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                max = Math.max(max, ++depth);
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            }
        }
        if (max > MAX_NESTING) {
            return null;
        }
        CompilerEnvirons env = new CompilerEnvirons();
        env.setLanguageVersion(Context.VERSION_ECMASCRIPT);
        // IDE mode: collect every syntax error and go on, so the rest of the script still maps
        env.setIdeMode(true);
        env.setRecordingComments(false);
        ErrorCollector errors = new ErrorCollector();
        env.setErrorReporter(errors);
        try {
            AstRoot root = new Parser(env, errors).parse(source, "script", 1);
            problems.addAll(errors.getErrors());
            return root;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The names a script sets and reads with {@code pm.*.set/get} or the legacy {@code postman.*} calls. */
    static Names names(String source) {
        Set<String> set = new LinkedHashSet<>();
        Set<String> read = new LinkedHashSet<>();
        AstRoot root = parse(source, new ArrayList<>());
        if (root == null) {
            return new Names(set, read);
        }
        root.visit(node -> {
            if (node instanceof FunctionCall call
                    && !call.getArguments().isEmpty()
                    && call.getArguments().getFirst() instanceof StringLiteral name) {
                String method = variableMethod(call.getTarget());
                if ("set".equals(method)) {
                    set.add(name.getValue());
                } else if ("get".equals(method)) {
                    read.add(name.getValue());
                }
            }
            return true;
        });
        return new Names(set, read);
    }

    /** "set" or "get" for {@code pm.<scope>.set/get} and the legacy {@code postman.set/get…Variable}; else null. */
    private static String variableMethod(AstNode target) {
        if (target instanceof PropertyGet pg) {
            String method = pg.getProperty().getIdentifier();
            if (pg.getTarget() instanceof PropertyGet scope
                    && isName(scope.getTarget(), "pm")
                    && SCOPES.contains(scope.getProperty().getIdentifier())
                    && (method.equals("set") || method.equals("get"))) {
                return method;
            }
            if (isName(pg.getTarget(), "postman")) {
                if (method.equals("setEnvironmentVariable") || method.equals("setGlobalVariable")) {
                    return "set";
                }
                if (method.equals("getEnvironmentVariable") || method.equals("getGlobalVariable")) {
                    return "get";
                }
            }
        }
        return null;
    }

    /** The {@code {{name}}} placeholders of a text (built-ins, {@code {{$…}}}, left out). */
    static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        var m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!m.group(1).startsWith("$")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Maps one test script into {@code checks}. */
    static void map(String source, Checks checks) {
        List<ParseProblem> problems = new ArrayList<>();
        AstRoot root = parse(source, problems);
        if (root == null) {
            checks.left.add(new Left(
                    "test script", "nested deeper than " + MAX_NESTING + " or not JavaScript Gantry's parser reads"));
            return;
        }
        new Walk(source, problems, checks).statements(root, new HashMap<>());
    }

    // ---- what a subject of pm.expect(...) or a value may be

    private sealed interface Subject {}

    /** A JSONPath into the body; {@code length}: the JavaScript {@code .length} of the value there. */
    private record Body(String path, boolean length) implements Subject {}

    private record Status() implements Subject {}

    private record Time() implements Subject {}

    private record Text() implements Subject {}

    private record Header(String name) implements Subject {}

    private record Response() implements Subject {}

    /** A value: a JSON literal (String, BigDecimal, Boolean, null as {@link #NULL}, List, Map) or a template. */
    private record Value(Object json, String template) implements Subject {
        boolean primitive() {
            return template != null
                    || json == NULL
                    || json instanceof String
                    || json instanceof BigDecimal
                    || json instanceof Boolean;
        }

        /** The expected text of a check: a template, or a primitive's text. */
        String text() {
            if (template != null) {
                return template;
            }
            if (json == NULL) {
                return "null";
            }
            return json instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : json.toString();
        }
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static boolean isName(AstNode node, String name) {
        return node instanceof Name n && n.getIdentifier().equals(name);
    }

    /** One link of an assertion chain after {@code pm.expect(x)}: a property, or a call with its arguments. */
    private record Link(String name, List<AstNode> args) {
        boolean call() {
            return args != null;
        }
    }

    private static final class Walk {
        private final String source;
        private final List<ParseProblem> problems;
        private final Checks checks;

        Walk(String source, List<ParseProblem> problems, Checks checks) {
            this.source = source;
            this.problems = problems;
            this.checks = checks;
        }

        String text(AstNode node) {
            int from = node.getAbsolutePosition();
            int to = Math.min(source.length(), from + node.getLength());
            String text = from >= 0 && from < to ? source.substring(from, to) : node.toSource();
            text = text.strip().replaceAll("\\s*\\n\\s*", " ");
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }

        void leave(AstNode node, String reason) {
            checks.left.add(new Left("test: " + text(node), reason));
        }

        /** The syntax error inside a statement, if the parser met one there. */
        ParseProblem problem(AstNode node) {
            int from = node.getAbsolutePosition();
            int to = from + node.getLength();
            for (ParseProblem p : problems) {
                if (p.getFileOffset() >= from && p.getFileOffset() <= to) {
                    return p;
                }
            }
            return null;
        }

        void statements(Node parent, Map<String, Subject> scope) {
            // the parser recovers from a syntax error in pieces: consecutive broken statements are listed as one
            int brokenFrom = -1;
            int brokenTo = -1;
            ParseProblem first = null;
            for (Node child : parent) {
                if (!(child instanceof AstNode statement)) {
                    continue;
                }
                ParseProblem problem = problem(statement);
                if (problem != null) {
                    if (first == null) {
                        first = problem;
                        brokenFrom = statement.getAbsolutePosition();
                    }
                    brokenTo = statement.getAbsolutePosition() + statement.getLength();
                    continue;
                }
                if (first != null) {
                    broken(brokenFrom, brokenTo, first);
                    first = null;
                }
                statement(statement, scope);
            }
            if (first != null) {
                broken(brokenFrom, brokenTo, first);
            }
        }

        void broken(int from, int to, ParseProblem problem) {
            String text = source.substring(Math.max(0, from), Math.min(source.length(), Math.max(from, to)))
                    .strip()
                    .replaceAll("\\s*\\n\\s*", " ");
            checks.left.add(new Left(
                    "test: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text),
                    "not JavaScript Gantry's parser reads: " + problem.getMessage()));
        }

        void statement(AstNode s, Map<String, Subject> scope) {
            switch (s) {
                case EmptyStatement e -> {}
                case EmptyExpression e -> {}
                case Block b -> statements(b, new HashMap<>(scope));
                case Scope b when b.getClass() == Scope.class -> statements(b, new HashMap<>(scope));
                case VariableDeclaration d -> declare(d, scope);
                case ExpressionStatement e -> expression(e.getExpression(), e, scope);
                case ReturnStatement r when r.getReturnValue() != null -> expression(r.getReturnValue(), r, scope);
                default ->
                    leave(
                            s,
                            "not one of the forms Gantry maps (conditions, loops and functions of its own are not read)");
            }
        }

        void declare(VariableDeclaration d, Map<String, Subject> scope) {
            for (VariableInitializer v : d.getVariables()) {
                if (!(v.getTarget() instanceof Name name) || v.getInitializer() == null) {
                    leave(d, "a declaration Gantry does not follow");
                    continue;
                }
                Subject bound = subject(v.getInitializer(), scope);
                if (bound == null) {
                    bound = value(v.getInitializer(), scope);
                }
                if (bound == null) {
                    scope.remove(name.getIdentifier());
                    leave(
                            d,
                            "a value Gantry does not compute; checks on '" + name.getIdentifier() + "' are not mapped");
                } else {
                    scope.put(name.getIdentifier(), bound);
                }
            }
        }

        void expression(AstNode e, AstNode statement, Map<String, Subject> scope) {
            e = unwrap(e);
            if (e instanceof FunctionCall call) {
                AstNode target = call.getTarget();
                if (target instanceof PropertyGet pg
                        && isName(pg.getTarget(), "pm")
                        && pg.getProperty().getIdentifier().equals("test")) {
                    test(call, statement, scope);
                    return;
                }
                if (variableMethod(target) != null) {
                    if ("set".equals(variableMethod(target))) {
                        set(call, statement, scope);
                    } else {
                        leave(statement, "reading a variable checks nothing");
                    }
                    return;
                }
                if (target instanceof PropertyGet pg && isName(pg.getTarget(), "console")) {
                    leave(statement, "logging; nothing to check");
                    return;
                }
            }
            if (e instanceof Assignment a
                    && a.getType() == Token.ASSIGN
                    && a.getLeft() instanceof ElementGet eg
                    && isName(eg.getTarget(), "tests")) {
                legacyTest(a.getRight(), statement, scope);
                return;
            }
            if (!assertion(e, statement, scope)) {
                leave(statement, "not one of the forms Gantry maps");
            }
        }

        void test(FunctionCall call, AstNode statement, Map<String, Subject> scope) {
            List<AstNode> args = call.getArguments();
            if (args.size() < 2 || !(args.get(1) instanceof FunctionNode fn)) {
                leave(statement, "pm.test without a function Gantry can read");
                return;
            }
            if (!fn.getParams().isEmpty()) {
                leave(statement, "an asynchronous test (its function takes done)");
                return;
            }
            statements(fn.getBody(), new HashMap<>(scope));
        }

        /** {@code pm.<scope>.set(name, value)}: an optional extraction, since a missing value never fails Newman's request. */
        void set(FunctionCall call, AstNode statement, Map<String, Subject> scope) {
            List<AstNode> args = call.getArguments();
            if (args.size() < 2 || !(args.getFirst() instanceof StringLiteral name)) {
                leave(statement, "a variable whose name is not a literal");
                return;
            }
            AstNode valueNode = unwrap(args.get(1));
            // body.id.toString() and String(body.id) store the same text
            if (valueNode instanceof FunctionCall fc
                    && fc.getArguments().isEmpty()
                    && fc.getTarget() instanceof PropertyGet pg
                    && pg.getProperty().getIdentifier().equals("toString")) {
                valueNode = pg.getTarget();
            } else if (valueNode instanceof FunctionCall fc
                    && isName(fc.getTarget(), "String")
                    && fc.getArguments().size() == 1) {
                valueNode = fc.getArguments().getFirst();
            }
            Subject value = subject(valueNode, scope);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", name.getValue());
            switch (value) {
                case Body b
                when !b.length() -> {
                    x.put("source", "BODY");
                    x.put("expression", b.path());
                }
                case Header h -> {
                    x.put("source", "HEADER");
                    x.put("expression", h.name());
                }
                case Status s -> x.put("source", "STATUS");
                case null, default -> {
                    leave(statement, "only values of the response (body, header, status) become extractions");
                    return;
                }
            }
            x.put("optional", true);
            checks.extractions.removeIf(old -> old.get("name").equals(name.getValue()));
            checks.extractions.add(x);
        }

        /** Legacy {@code tests["name"] = condition}: the conditions people wrote most. */
        void legacyTest(AstNode condition, AstNode statement, Map<String, Subject> scope) {
            condition = unwrap(condition);
            if (condition instanceof InfixExpression in && (in.getType() == Token.SHEQ || in.getType() == Token.EQ)) {
                Subject left = subject(in.getLeft(), scope);
                Value right = value(in.getRight(), scope);
                if (isLegacyCode(in.getLeft()) && right != null && right.json() instanceof BigDecimal code) {
                    checks.allow(codes(code.intValue(), code.intValue()));
                    return;
                }
                if (left instanceof Body b && !b.length() && right != null && right.primitive()) {
                    checks.json(b.path(), "equals", right.text());
                    return;
                }
            }
            if (condition instanceof InfixExpression in
                    && (in.getType() == Token.LT || in.getType() == Token.LE)
                    && isName(in.getLeft(), "responseTime")
                    && value(in.getRight(), scope) instanceof Value v
                    && v.json() instanceof BigDecimal n) {
                checks.maxTime(in.getType() == Token.LT ? n.longValue() - 1 : n.longValue());
                return;
            }
            if (condition instanceof FunctionCall call
                    && call.getTarget() instanceof PropertyGet pg
                    && isName(pg.getTarget(), "responseBody")
                    && pg.getProperty().getIdentifier().equals("has")
                    && call.getArguments().size() == 1
                    && value(call.getArguments().getFirst(), scope) instanceof Value v
                    && v.primitive()) {
                checks.bodyContains.add(v.text());
                return;
            }
            if (tv4(condition, scope)) {
                return;
            }
            leave(statement, "a legacy test condition Gantry does not map");
        }

        private static boolean isLegacyCode(AstNode node) {
            return node instanceof PropertyGet pg
                    && isName(pg.getTarget(), "responseCode")
                    && pg.getProperty().getIdentifier().equals("code");
        }

        /** {@code tv4.validate(body, schema)} with the body and a literal schema: the case's JSON Schema, draft-04 as tv4 reads. */
        boolean tv4(AstNode node, Map<String, Subject> scope) {
            node = unwrap(node);
            if (node instanceof FunctionCall call
                    && call.getTarget() instanceof PropertyGet pg
                    && isName(pg.getTarget(), "tv4")
                    && pg.getProperty().getIdentifier().equals("validate")
                    && call.getArguments().size() >= 2
                    && subject(call.getArguments().get(0), scope) instanceof Body b
                    && b.path().equals("$")
                    && !b.length()) {
                return schema(call.getArguments().get(1), scope, DRAFT_04);
            }
            return false;
        }

        boolean schema(AstNode node, Map<String, Subject> scope, String draft) {
            Value schema = value(node, scope);
            if (schema == null || !(schema.json() instanceof Map<?, ?> literal) || checks.jsonSchema != null) {
                return false;
            }
            Map<String, Object> withDraft = new LinkedHashMap<>();
            // Ajv (pm's jsonSchema) reads draft-07 and tv4 draft-04 unless the schema names its draft
            if (!literal.containsKey("$schema")) {
                withDraft.put("$schema", draft);
            }
            literal.forEach((k, v) -> withDraft.put((String) k, v));
            checks.jsonSchema = withDraft;
            return true;
        }

        // ---- assertion chains

        /** {@code pm.expect(x)…} or {@code pm.response.to…}; false when the expression is neither. */
        boolean assertion(AstNode e, AstNode statement, Map<String, Subject> scope) {
            List<Link> links = new ArrayList<>();
            AstNode at = e;
            while (true) {
                if (at instanceof PropertyGet pg) {
                    if (isName(pg.getTarget(), "pm")
                            && pg.getProperty().getIdentifier().equals("response")) {
                        chain(new Response(), links.reversed(), statement, scope);
                        return true;
                    }
                    links.add(new Link(pg.getProperty().getIdentifier(), null));
                    at = pg.getTarget();
                } else if (at instanceof FunctionCall call && call.getTarget() instanceof PropertyGet pg) {
                    if (isName(pg.getTarget(), "pm")
                            && pg.getProperty().getIdentifier().equals("expect")) {
                        if (call.getArguments().isEmpty()) {
                            return false;
                        }
                        AstNode x = call.getArguments().getFirst();
                        Subject subject = tv4(x, scope) ? new Value(Boolean.TRUE, null) : subject(x, scope);
                        if (subject == null) {
                            leave(statement, "the value checked is not one Gantry reads from the response");
                            return true;
                        }
                        chain(subject, links.reversed(), statement, scope);
                        return true;
                    }
                    links.add(new Link(pg.getProperty().getIdentifier(), call.getArguments()));
                    at = pg.getTarget();
                } else {
                    return false;
                }
            }
        }

        void chain(Subject subject, List<Link> links, AstNode statement, Map<String, Subject> scope) {
            boolean not = false;
            boolean length = false;
            boolean nested = false;
            boolean asserted = false;
            for (Link link : links) {
                String name = link.name();
                if (!link.call() && LANGUAGE.contains(name)) {
                    continue;
                }
                if (!link.call() && name.equals("not")) {
                    not = true;
                    continue;
                }
                if (!link.call() && name.equals("nested")) {
                    nested = true;
                    continue;
                }
                if (!link.call() && (name.equals("length") || name.equals("lengthOf"))) {
                    length = true;
                    continue;
                }
                if (subject instanceof Response && !link.call() && name.equals("responseTime")) {
                    subject = new Time();
                    continue;
                }
                asserted = true;
                Subject next = assertOne(subject, link, not, length, nested, statement, scope);
                if (next != null) {
                    subject = next;
                }
            }
            if (!asserted) {
                leave(statement, "asserts nothing Gantry recognises");
            }
        }

        /**
         * Maps one assertion; answers the subject for the rest of the chain when the assertion
         * changes it (Chai's {@code property}), else null.
         */
        Subject assertOne(
                Subject subject,
                Link link,
                boolean not,
                boolean length,
                boolean nested,
                AstNode statement,
                Map<String, Subject> scope) {
            String name = link.name();
            List<Value> args = new ArrayList<>();
            if (link.call()) {
                for (AstNode arg : link.args()) {
                    Value v = value(arg, scope);
                    args.add(v);
                }
            }
            String what = (not ? "not." : "") + name + (link.call() ? "(…)" : "");
            boolean ok =
                    switch (subject) {
                        case Response r -> response(name, link, args, not, scope);
                        case Status s -> status(name, args, not);
                        case Time t -> time(name, args, not);
                        case Text t -> text(name, args, not);
                        case Header h -> header(h, name, args, not);
                        case Body b -> {
                            if (link.call()
                                    && name.equals("property")
                                    && !args.isEmpty()
                                    && args.getFirst() != null
                                    && args.getFirst().json() instanceof String key
                                    && !b.length()) {
                                String path = b.path() + (nested ? nestedPath(key) : member(key));
                                if (args.size() == 1) {
                                    checks.json(path, not ? "notExists" : "exists", null);
                                    yield true;
                                }
                                if (!not && args.get(1) != null && args.get(1).primitive()) {
                                    checks.json(path, "equals", args.get(1).text());
                                    yield true;
                                }
                                yield false;
                            }
                            if (link.call()
                                    && name.equals("jsonSchema")
                                    && !not
                                    && b.path().equals("$")
                                    && !b.length()) {
                                yield schema(link.args().getFirst(), scope, DRAFT_07);
                            }
                            yield body(b, name, link.call(), args, not, length);
                        }
                        case Value v ->
                            v.json() == Boolean.TRUE
                                    && v.template() == null
                                    && !not
                                    && (name.equals("true")
                                            || name.equals("ok")); // pm.expect(tv4.validate(…)).to.be.true
                    };
            if (!ok) {
                leave(statement, "." + what + " on " + describe(subject) + " is not one of the forms Gantry maps");
                return null;
            }
            if (subject instanceof Body b && link.call() && name.equals("property") && !not) {
                String key = (String) args.getFirst().json();
                return new Body(b.path() + (nested ? nestedPath(key) : member(key)), false);
            }
            return null;
        }

        private static String describe(Subject subject) {
            return switch (subject) {
                case Body b -> b.length() ? "the length of " + b.path() : b.path();
                case Status s -> "the status";
                case Time t -> "the response time";
                case Text t -> "the body text";
                case Header h -> "header " + h.name();
                case Response r -> "the response";
                case Value v -> "a value";
            };
        }

        boolean response(String name, Link link, List<Value> args, boolean not, Map<String, Subject> scope) {
            if (!link.call()) {
                if (RESPONSE_REASONS.containsKey(name)) {
                    int code = RESPONSE_REASONS.get(name);
                    checks.allow(maybeNot(codes(code, code), not));
                    return true;
                }
                if (RESPONSE_CLASSES.containsKey(name)) {
                    int[] range = RESPONSE_CLASSES.get(name);
                    checks.allow(maybeNot(codes(range[0], range[1]), not));
                    return true;
                }
                if (name.equals("json")) {
                    if (not) {
                        checks.json("$", "notExists", null);
                    } else {
                        checks.readsJson = true;
                    }
                    return true;
                }
                return false;
            }
            switch (name) {
                case "status", "statusCode" -> {
                    if (args.size() == 1
                            && args.getFirst() != null
                            && args.getFirst().json() instanceof BigDecimal code) {
                        checks.allow(maybeNot(codes(code.intValue(), code.intValue()), not));
                        return true;
                    }
                    return false;
                }
                case "header" -> {
                    if (args.isEmpty()
                            || args.getFirst() == null
                            || !(args.getFirst().json() instanceof String header)) {
                        return false;
                    }
                    if (args.size() == 1) {
                        checks.header(header, not ? "notExists" : "exists", null);
                        return true;
                    }
                    if (!not && args.get(1) != null && args.get(1).primitive()) {
                        checks.header(header, "equals", args.get(1).text());
                        return true;
                    }
                    return false;
                }
                case "jsonBody" -> {
                    if (not) {
                        return false;
                    }
                    checks.readsJson = true;
                    if (args.isEmpty()) {
                        return true;
                    }
                    if (args.getFirst() == null || !(args.getFirst().json() instanceof String path)) {
                        return false;
                    }
                    String jsonPath = "$" + nestedPath(path);
                    checks.json(jsonPath, "exists", null);
                    if (args.size() > 1) {
                        if (args.get(1) == null || !args.get(1).primitive()) {
                            return false;
                        }
                        checks.json(jsonPath, "equals", args.get(1).text());
                    }
                    return true;
                }
                case "jsonSchema" -> {
                    return !not && !link.args().isEmpty() && schema(link.args().getFirst(), scope, DRAFT_07);
                }
                default -> {
                    return false;
                }
            }
        }

        boolean status(String name, List<Value> args, boolean not) {
            BitSet allowed = null;
            BigDecimal n = args.size() == 1
                            && args.getFirst() != null
                            && args.getFirst().json() instanceof BigDecimal d
                    ? d
                    : null;
            switch (name) {
                case "eql", "eqls", "equal", "equals", "eq" ->
                    allowed = n == null ? null : codes(n.intValue(), n.intValue());
                case "above", "gt", "greaterThan" -> allowed = n == null ? null : codes(n.intValue() + 1, 599);
                case "below", "lt", "lessThan" -> allowed = n == null ? null : codes(100, n.intValue() - 1);
                case "least", "gte" -> allowed = n == null ? null : codes(n.intValue(), 599);
                case "most", "lte" -> allowed = n == null ? null : codes(100, n.intValue());
                case "within" -> {
                    if (args.size() == 2
                            && args.get(0) != null
                            && args.get(1) != null
                            && args.get(0).json() instanceof BigDecimal from
                            && args.get(1).json() instanceof BigDecimal to) {
                        allowed = codes(from.intValue(), to.intValue());
                    }
                }
                case "oneOf" -> {
                    if (args.size() == 1
                            && args.getFirst() != null
                            && args.getFirst().json() instanceof List<?> list) {
                        allowed = new BitSet();
                        for (Object code : list) {
                            if (!(code instanceof BigDecimal c)) {
                                return false;
                            }
                            allowed.or(codes(c.intValue(), c.intValue()));
                        }
                    }
                }
                default -> {}
            }
            if (allowed == null) {
                return false;
            }
            checks.allow(maybeNot(allowed, not));
            return true;
        }

        boolean time(String name, List<Value> args, boolean not) {
            if (args.size() != 1 || args.getFirst() == null || !(args.getFirst().json() instanceof BigDecimal n)) {
                return false;
            }
            // Postman's response time is whole milliseconds: below n is at most n - 1
            switch (name) {
                case "below", "lt", "lessThan" -> {
                    if (not) {
                        return false;
                    }
                    checks.maxTime(Math.max(1, n.longValue() - 1));
                }
                case "most", "lte" -> {
                    if (not) {
                        return false;
                    }
                    checks.maxTime(Math.max(1, n.longValue()));
                }
                case "above", "gt", "greaterThan" -> {
                    if (!not) {
                        return false;
                    }
                    checks.maxTime(Math.max(1, n.longValue()));
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        boolean text(String name, List<Value> args, boolean not) {
            if (!Set.of("include", "includes", "contain", "contains", "string").contains(name)
                    || args.size() != 1
                    || args.getFirst() == null
                    || !args.getFirst().primitive()) {
                return false;
            }
            (not ? checks.bodyNotContains : checks.bodyContains)
                    .add(args.getFirst().text());
            return true;
        }

        boolean header(Header h, String name, List<Value> args, boolean not) {
            String expected = args.size() == 1
                            && args.getFirst() != null
                            && args.getFirst().primitive()
                    ? args.getFirst().text()
                    : null;
            String operator =
                    switch (name) {
                        case "eql", "eqls", "equal", "equals", "eq" ->
                            expected == null ? null : not ? "notEquals" : "equals";
                        case "include", "includes", "contain", "contains", "string" ->
                            expected == null || not ? null : "contains";
                        case "exist" -> not ? "notExists" : "exists";
                        case "empty" -> not ? "notEmpty" : "empty";
                        case "match", "matches" ->
                            not || args.size() != 1 ? null : regex(args.getFirst()) == null ? null : "matches";
                        default -> null;
                    };
            if (operator == null) {
                return false;
            }
            checks.header(
                    h.name(),
                    operator,
                    operator.equals("matches") ? regex(args.getFirst()) : expected(operator, expected));
            return true;
        }

        private static String expected(String operator, String expected) {
            return operator.equals("exists") || operator.equals("notExists") || operator.endsWith("mpty")
                    ? null
                    : expected;
        }

        boolean body(Body b, String name, boolean call, List<Value> args, boolean not, boolean length) {
            String path = b.path();
            Value arg = args.size() == 1 ? args.getFirst() : null;
            if (b.length() || length) {
                // .length of a value, or Chai's length/lengthOf
                if ((call && (name.equals("lengthOf") || name.equals("length"))
                                || Set.of("eql", "eqls", "equal", "equals", "eq")
                                        .contains(name))
                        && !not
                        && arg != null
                        && arg.json() instanceof BigDecimal n) {
                    checks.json(path, "size", n.toPlainString());
                    return true;
                }
                return false;
            }
            if (!call) {
                switch (name) {
                    case "true", "false", "null" -> checks.json(path, not ? "notEquals" : "equals", name);
                    case "undefined" -> checks.json(path, not ? "exists" : "notExists", null);
                    case "exist" -> {
                        // Chai's exist: neither undefined nor null
                        if (not) {
                            checks.json(path, "notExists", null);
                        } else {
                            checks.json(path, "exists", null);
                            checks.json(path, "notEquals", "null");
                        }
                    }
                    case "empty" -> checks.json(path, not ? "notEmpty" : "empty", null);
                    default -> {
                        return false;
                    }
                }
                return true;
            }
            switch (name) {
                case "a", "an" -> {
                    if (arg == null || !(arg.json() instanceof String t)) {
                        return false;
                    }
                    String type = t.toLowerCase(Locale.ROOT);
                    if (type.equals("undefined")) {
                        checks.json(path, not ? "exists" : "notExists", null);
                    } else if (not && type.equals("null")) {
                        checks.json(path, "notEquals", "null");
                    } else if (!not
                            && Set.of("string", "number", "boolean", "array", "object", "null")
                                    .contains(type)) {
                        checks.json(path, "type", type);
                    } else {
                        return false;
                    }
                    return true;
                }
                case "eql", "eqls", "equal", "equals", "eq" -> {
                    if (arg == null) {
                        return false;
                    }
                    if (arg.primitive()) {
                        checks.json(path, not ? "notEquals" : "equals", arg.text());
                        return true;
                    }
                    // an empty array or object literal: the type and nothing in it
                    if (!not
                            && name.startsWith("eql")
                            && (arg.json() instanceof List<?> l && l.isEmpty()
                                    || arg.json() instanceof Map<?, ?> m && m.isEmpty())) {
                        checks.json(path, "type", arg.json() instanceof List<?> ? "array" : "object");
                        checks.json(path, "empty", null);
                        return true;
                    }
                    return false;
                }
                case "include", "includes", "contain", "contains", "string" -> {
                    if (arg == null || !arg.primitive() || not) {
                        return false;
                    }
                    checks.json(path, "contains", arg.text());
                    return true;
                }
                case "above", "gt", "greaterThan", "below", "lt", "lessThan", "least", "gte", "most", "lte" -> {
                    if (arg == null || !(arg.json() instanceof BigDecimal || arg.template() != null)) {
                        return false;
                    }
                    String op =
                            switch (name) {
                                case "above", "gt", "greaterThan" -> not ? "atMost" : "greaterThan";
                                case "below", "lt", "lessThan" -> not ? "atLeast" : "lessThan";
                                case "least", "gte" -> not ? "lessThan" : "atLeast";
                                default -> not ? "greaterThan" : "atMost";
                            };
                    checks.json(path, op, arg.text());
                    return true;
                }
                case "within" -> {
                    if (not
                            || args.size() != 2
                            || args.get(0) == null
                            || args.get(1) == null
                            || !(args.get(0).json() instanceof BigDecimal)
                            || !(args.get(1).json() instanceof BigDecimal)) {
                        return false;
                    }
                    checks.json(path, "atLeast", args.get(0).text());
                    checks.json(path, "atMost", args.get(1).text());
                    return true;
                }
                case "oneOf" -> {
                    if (not
                            || arg == null
                            || !(arg.json() instanceof List<?> list)
                            || list.stream().anyMatch(o -> o instanceof List<?> || o instanceof Map<?, ?>)) {
                        return false;
                    }
                    checks.json(path, "oneOf", json(list));
                    return true;
                }
                case "match", "matches" -> {
                    String regex = not || arg == null ? null : regex(arg);
                    if (regex == null) {
                        return false;
                    }
                    checks.json(path, "matches", regex);
                    return true;
                }
                case "lengthOf", "length" -> {
                    if (not || arg == null || !(arg.json() instanceof BigDecimal n)) {
                        return false;
                    }
                    checks.json(path, "size", n.toPlainString());
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        // ---- subjects and values

        /** What a subject expression reads from the response, or null. */
        Subject subject(AstNode node, Map<String, Subject> scope) {
            node = unwrap(node);
            if (node instanceof Name n) {
                Subject bound = scope.get(n.getIdentifier());
                if (bound != null) {
                    return bound;
                }
                return n.getIdentifier().equals("responseBody") ? new Text() : null;
            }
            if (node instanceof FunctionCall call) {
                if (isResponse(call.getTarget(), "json") && call.getArguments().isEmpty()) {
                    checks.readsJson = true;
                    return new Body("$", false);
                }
                if (isResponse(call.getTarget(), "text") && call.getArguments().isEmpty()) {
                    return new Text();
                }
                // JSON.parse(responseBody), the legacy way to the body
                if (call.getTarget() instanceof PropertyGet pg
                        && isName(pg.getTarget(), "JSON")
                        && pg.getProperty().getIdentifier().equals("parse")
                        && call.getArguments().size() == 1
                        && isName(call.getArguments().getFirst(), "responseBody")) {
                    checks.readsJson = true;
                    return new Body("$", false);
                }
                if (call.getTarget() instanceof PropertyGet pg
                        && pg.getProperty().getIdentifier().equals("get")
                        && isResponse(pg.getTarget(), "headers")
                        && call.getArguments().size() == 1
                        && call.getArguments().getFirst() instanceof StringLiteral h) {
                    return new Header(h.getValue());
                }
                return null;
            }
            if (node instanceof PropertyGet pg) {
                if (isResponse(pg, "code")) {
                    return new Status();
                }
                if (isResponse(pg, "responseTime")) {
                    return new Time();
                }
                if (isName(pg.getTarget(), "pm")
                        && pg.getProperty().getIdentifier().equals("response")) {
                    return new Response();
                }
                Subject target = subject(pg.getTarget(), scope);
                if (target instanceof Body b && !b.length()) {
                    String key = pg.getProperty().getIdentifier();
                    return key.equals("length") ? new Body(b.path(), true) : new Body(b.path() + member(key), false);
                }
                return null;
            }
            if (node instanceof ElementGet eg) {
                Subject target = subject(eg.getTarget(), scope);
                if (target instanceof Body b && !b.length()) {
                    AstNode element = unwrap(eg.getElement());
                    if (element instanceof NumberLiteral n
                            && n.getNumber() >= 0
                            && n.getNumber() == Math.floor(n.getNumber())) {
                        return new Body(b.path() + "[" + (long) n.getNumber() + "]", false);
                    }
                    if (element instanceof StringLiteral s) {
                        return new Body(b.path() + member(s.getValue()), false);
                    }
                }
                return null;
            }
            return null;
        }

        private static boolean isResponse(AstNode node, String member) {
            return node instanceof PropertyGet pg
                    && pg.getProperty().getIdentifier().equals(member)
                    && pg.getTarget() instanceof PropertyGet response
                    && response.getProperty().getIdentifier().equals("response")
                    && isName(response.getTarget(), "pm");
        }

        /** A literal value, a variable's template ({@code pm.*.get("x")} → {@code {{x}}}), or null. */
        Value value(AstNode node, Map<String, Subject> scope) {
            node = unwrap(node);
            switch (node) {
                case StringLiteral s -> {
                    // a literal is not a template in Postman; Gantry would render its braces
                    return s.getValue().contains("{{") ? null : new Value(s.getValue(), null);
                }
                case NumberLiteral n -> {
                    return number(n.getNumber());
                }
                case UnaryExpression u
                when u.getType() == Token.NEG && unwrap(u.getOperand()) instanceof NumberLiteral n -> {
                    return number(-n.getNumber());
                }
                case KeywordLiteral k
                when k.getType() == Token.TRUE -> {
                    return new Value(Boolean.TRUE, null);
                }
                case KeywordLiteral k
                when k.getType() == Token.FALSE -> {
                    return new Value(Boolean.FALSE, null);
                }
                case KeywordLiteral k
                when k.getType() == Token.NULL -> {
                    return new Value(NULL, null);
                }
                case RegExpLiteral r -> {
                    return new Value(new Regex(r.getValue(), r.getFlags() == null ? "" : r.getFlags()), null);
                }
                case ArrayLiteral a -> {
                    List<Object> items = new ArrayList<>();
                    for (AstNode element : a.getElements()) {
                        Value v = value(element, scope);
                        if (v == null || v.template() != null || v.json() instanceof Regex) {
                            return null;
                        }
                        items.add(v.json() == NULL ? null : v.json());
                    }
                    return new Value(items, null);
                }
                case ObjectLiteral o -> {
                    Map<String, Object> members = new LinkedHashMap<>();
                    for (AstNode element : o.getElements()) {
                        if (!(element instanceof ObjectProperty p) || p.isMethod()) {
                            return null;
                        }
                        String key =
                                switch (p.getKey()) {
                                    case Name n -> n.getIdentifier();
                                    case StringLiteral str -> str.getValue();
                                    case NumberLiteral n -> n.getValue();
                                    default -> null;
                                };
                        Value v = key == null || p.getValue() == null ? null : value(p.getValue(), scope);
                        if (v == null || v.template() != null || v.json() instanceof Regex) {
                            return null;
                        }
                        members.put(key, v.json() == NULL ? null : v.json());
                    }
                    return new Value(members, null);
                }
                case TemplateLiteral t -> {
                    StringBuilder template = new StringBuilder();
                    for (AstNode part : t.getElements()) {
                        if (part instanceof TemplateCharacters chars) {
                            if (chars.getValue() == null || chars.getValue().contains("{{")) {
                                return null;
                            }
                            template.append(chars.getValue());
                        } else {
                            Value v = value(part, scope);
                            if (v == null || !v.primitive()) {
                                return null;
                            }
                            template.append(v.text());
                        }
                    }
                    return new Value(null, template.toString());
                }
                case InfixExpression in
                when in.getType() == Token.ADD -> {
                    Value left = value(in.getLeft(), scope);
                    Value right = value(in.getRight(), scope);
                    // string concatenation only: numbers would add up
                    if (left == null
                            || right == null
                            || !(left.json() instanceof String || left.template() != null)
                            || !right.primitive()) {
                        return null;
                    }
                    return new Value(null, left.text() + right.text());
                }
                case FunctionCall call -> {
                    if (call.getArguments().size() == 1
                            && call.getArguments().getFirst() instanceof StringLiteral name) {
                        if ("get".equals(variableMethod(call.getTarget())) || isIterationData(call.getTarget())) {
                            return new Value(null, "{{" + name.getValue() + "}}");
                        }
                    }
                    return null;
                }
                case PropertyGet pg
                when isName(pg.getTarget(), "data") -> {
                    return new Value(null, "{{" + pg.getProperty().getIdentifier() + "}}");
                }
                case Name n -> {
                    return scope.get(n.getIdentifier()) instanceof Value v ? v : null;
                }
                default -> {
                    return null;
                }
            }
        }

        /** A whole number stays whole (a schema's minLength of 1, not 1.0). */
        private static Value number(double n) {
            if (!Double.isFinite(n)) {
                return null;
            }
            return new Value(
                    n == Math.rint(n) && Math.abs(n) < 9.007199254740992E15
                            ? BigDecimal.valueOf((long) n)
                            : BigDecimal.valueOf(n),
                    null);
        }

        private static boolean isIterationData(AstNode target) {
            return target instanceof PropertyGet pg
                    && pg.getProperty().getIdentifier().equals("get")
                    && pg.getTarget() instanceof PropertyGet data
                    && data.getProperty().getIdentifier().equals("iterationData")
                    && isName(data.getTarget(), "pm");
        }
    }

    /** A JavaScript regular expression literal. */
    private record Regex(String pattern, String flags) {}

    /**
     * The Java form of a JavaScript regular expression, or null when Java cannot read it: flags
     * i, m, s as inline flags (u adds Unicode case folding to i; g and d change nothing for a test;
     * y anchors at the start), {@code [^]} (any character) as {@code [\s\S]}.
     */
    static String regex(Object value) {
        if (!(value instanceof Value v) || !(v.json() instanceof Regex r)) {
            return null;
        }
        StringBuilder inline = new StringBuilder();
        for (char flag : r.flags().toCharArray()) {
            switch (flag) {
                case 'i' -> inline.append(r.flags().contains("u") ? "iu" : "i");
                case 'm' -> inline.append('m');
                case 's' -> inline.append('s');
                case 'g', 'u', 'd', 'y' -> {}
                default -> {
                    return null;
                }
            }
        }
        String body = r.pattern().replace("[^]", "[\\s\\S]");
        String java = (inline.isEmpty() ? "" : "(?" + inline + ")")
                + (r.flags().contains("y") ? "\\G(?:" + body + ")" : body);
        try {
            Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            return null;
        }
        return java.contains("{{") ? null : java;
    }

    private static AstNode unwrap(AstNode node) {
        while (node instanceof ParenthesizedExpression p) {
            node = p.getExpression();
        }
        return node;
    }

    /** {@code .key} or {@code ['key']} as JSONPath writes a member. */
    static String member(String key) {
        return IDENTIFIER.matcher(key).matches() && !key.contains("$")
                ? "." + key
                : "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** A lodash/Chai nested path ({@code a.b[0].c}) as JSONPath. */
    static String nestedPath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("\\.")) {
            var m = Pattern.compile("([^\\[]*)((?:\\[\\d+\\])*)").matcher(part);
            if (m.matches()) {
                if (!m.group(1).isEmpty()) {
                    out.append(member(m.group(1)));
                }
                out.append(m.group(2));
            } else {
                out.append(member(part));
            }
        }
        return out.toString();
    }

    static BitSet codes(int from, int to) {
        BitSet codes = new BitSet(600);
        if (from <= to) {
            codes.set(Math.max(100, from), Math.min(599, to) + 1);
        }
        return codes;
    }

    static BitSet maybeNot(BitSet codes, boolean not) {
        if (!not) {
            return codes;
        }
        BitSet all = codes(100, 599);
        all.andNot(codes);
        return all;
    }

    private static String json(List<?> list) {
        StringBuilder out = new StringBuilder("[");
        for (Object o : list) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (o instanceof String s) {
                out.append('"')
                        .append(s.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            } else if (o instanceof BigDecimal d) {
                out.append(d.stripTrailingZeros().toPlainString());
            } else {
                out.append(o);
            }
        }
        return out.append(']').toString();
    }
}
