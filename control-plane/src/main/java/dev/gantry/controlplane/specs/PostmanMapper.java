package dev.gantry.controlplane.specs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Maps a Postman collection (v2.0/v2.1) to case drafts: folders become name prefixes, requests become
 * cases, collection variables become suite variables, and the common forms of test scripts become
 * expectations and extractions. Everything else (pre-request scripts, other script lines, request
 * auth, file parts, GraphQL bodies, unknown dynamic variables) is listed as unmapped, never dropped.
 */
final class PostmanMapper {
    record Draft(String item, Map<String, Object> json) {}

    record Unmapped(String item, String what, String reason) {}

    record Result(List<Draft> drafts, Map<String, String> variables, List<Unmapped> unmapped) {}

    private static final String VALUE =
            "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|-?\\d+(?:\\.\\d+)?|true|false|null)";
    private static final String PATH = "((?:\\.[A-Za-z_$][\\w$]*|\\[\\d+\\]|\\[\"[^\"]+\"\\]|\\['[^']+'\\])*)";
    private static final Pattern STATUS = Pattern.compile("pm\\.response\\.to\\.have\\.status\\((\\d{3})\\)");
    private static final Pattern CODE_EQ =
            Pattern.compile("pm\\.expect\\(pm\\.response\\.(?:code|status)\\)\\.to\\.(?:eql|equal|eq)\\((\\d{3})\\)");
    private static final Pattern CODE_ONE_OF =
            Pattern.compile("pm\\.expect\\(pm\\.response\\.code\\)\\.to\\.be\\.oneOf\\(\\[([\\d,\\s]+)\\]\\)");
    private static final Pattern OK = Pattern.compile("pm\\.response\\.to\\.be\\.ok");
    private static final Pattern JSON_ALIAS =
            Pattern.compile("(?:var|let|const)\\s+(\\w+)\\s*=\\s*pm\\.response\\.json\\(\\)");
    private static final Pattern EXPECT_EQ = Pattern.compile("pm\\.expect\\((pm\\.response\\.json\\(\\)|\\w+)" + PATH
            + "\\)\\.to\\.(?:eql|equal|eq|deep\\.equal)\\(" + VALUE + "\\)");
    private static final Pattern EXPECT_EXIST =
            Pattern.compile("pm\\.expect\\((pm\\.response\\.json\\(\\)|\\w+)" + PATH + "\\)\\.to\\.exist");
    private static final Pattern EXPECT_INCLUDE_TEXT = Pattern.compile(
            "pm\\.expect\\(pm\\.response\\.text\\(\\)\\)\\.to\\.(?:include|contain)\\(" + VALUE + "\\)");
    private static final Pattern HAS_HEADER = Pattern.compile("pm\\.response\\.to\\.have\\.header\\(" + VALUE + "\\)");
    private static final Pattern HEADER_EQ = Pattern.compile("pm\\.expect\\(pm\\.response\\.headers\\.get\\(" + VALUE
            + "\\)\\)\\.to\\.(?:eql|equal|eq)\\(" + VALUE + "\\)");
    private static final Pattern TIME_BELOW =
            Pattern.compile("pm\\.expect\\(pm\\.response\\.responseTime\\)\\.to\\.be\\.below\\((\\d+)\\)");
    private static final Pattern SET_VARIABLE =
            Pattern.compile("pm\\.(?:environment|collectionVariables|globals|variables)\\.set\\(" + VALUE
                    + ",\\s*(pm\\.response\\.json\\(\\)|\\w+)" + PATH + "\\)");
    private static final Pattern STRUCTURE = Pattern.compile(
            "^(?:pm\\.test\\(.*function\\s*\\(\\)\\s*\\{|pm\\.test\\(.*\\(\\)\\s*=>\\s*\\{|\\}\\);?|\\}|//.*|/\\*.*|\\*.*)$");
    private static final Pattern DYNAMIC = Pattern.compile("\\{\\{\\$(\\w+)\\}\\}");
    private static final Map<String, String> BUILT_INS = Map.of(
            "guid", "{{$uuid}}",
            "randomUUID", "{{$uuid}}",
            "timestamp", "{{$timestamp}}",
            "isoTimestamp", "{{$isoDateTime}}",
            "randomInt", "{{$randomInt 0 1000}}",
            "randomEmail", "{{$randomEmail}}");

    private final List<Draft> drafts = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Unmapped> unmapped = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    static Result map(JsonNode collection) {
        PostmanMapper m = new PostmanMapper();
        for (JsonNode v : collection.path("variable")) {
            if (v.hasNonNull("key") && !v.path("disabled").asBoolean(false)) {
                m.variables.put(
                        v.get("key").asString(),
                        v.path("value").isString()
                                ? v.get("value").asString()
                                : v.path("value").toString());
            }
        }
        if (collection.has("auth")) {
            m.unmapped.add(new Unmapped(
                    "(collection)",
                    "auth " + collection.path("auth").path("type").asString(""),
                    "credentials belong to the environment's auth, with secrets"));
        }
        m.scripts("(collection)", collection.path("event"), null);
        m.items(collection.path("item"), "");
        return new Result(m.drafts, m.variables, m.unmapped);
    }

    private void items(JsonNode items, String prefix) {
        for (JsonNode item : items) {
            String name = item.path("name").asString("unnamed");
            String full = prefix.isEmpty() ? name : prefix + " / " + name;
            if (item.has("item")) {
                if (item.has("auth")) {
                    unmapped.add(new Unmapped(
                            full,
                            "auth " + item.path("auth").path("type").asString(""),
                            "credentials belong to the environment's auth, with secrets"));
                }
                scripts(full, item.path("event"), null);
                items(item.path("item"), full);
            } else if (item.has("request")) {
                request(full, item);
            } else {
                unmapped.add(new Unmapped(full, "item", "neither a folder nor a request"));
            }
        }
    }

    private void request(String item, JsonNode node) {
        JsonNode request = node.get("request");
        Map<String, Object> req = new LinkedHashMap<>();
        JsonNode url = request.isString() ? null : request.path("url");
        String raw = request.isString()
                ? request.asString()
                : url.isString() ? url.asString() : url.path("raw").asString("");
        req.put("method", request.path("method").asString("GET").toUpperCase(Locale.ROOT));
        Map<String, String> pathVariables = new LinkedHashMap<>();
        if (url != null && url.isObject()) {
            for (JsonNode v : url.path("variable")) {
                String value = v.path("value").asString("");
                pathVariables.put(
                        v.path("key").asString(),
                        value.isEmpty() || value.startsWith("<")
                                ? "{{" + v.path("key").asString() + "}}"
                                : value);
            }
        }
        req.put("path", dynamic(item, path(item, raw, pathVariables)));
        Map<String, String> query = new LinkedHashMap<>();
        if (url != null && url.isObject() && url.has("query")) {
            for (JsonNode q : url.path("query")) {
                if (!q.path("disabled").asBoolean(false) && q.hasNonNull("key")) {
                    query.put(
                            q.get("key").asString(),
                            dynamic(item, q.path("value").asString("")));
                }
            }
        } else if (raw.contains("?")) {
            for (String pair : raw.substring(raw.indexOf('?') + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()) {
                    query.put(
                            eq < 0 ? pair : pair.substring(0, eq), dynamic(item, eq < 0 ? "" : pair.substring(eq + 1)));
                }
            }
        }
        if (!query.isEmpty()) {
            req.put("query", query);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode h : request.path("header")) {
            if (!h.path("disabled").asBoolean(false) && h.hasNonNull("key")) {
                headers.put(
                        h.get("key").asString(), dynamic(item, h.path("value").asString("")));
            }
        }
        JsonNode body = request.path("body");
        switch (body.path("mode").asString("")) {
            case "raw" -> {
                boolean json = body.path("options")
                                .path("raw")
                                .path("language")
                                .asString("")
                                .equals("json")
                        || headers.entrySet().stream()
                                .anyMatch(h -> h.getKey().equalsIgnoreCase("content-type")
                                        && h.getValue().contains("json"));
                req.put("bodyType", json ? "JSON" : "TEXT");
                req.put("body", dynamic(item, body.path("raw").asString("")));
            }
            case "urlencoded" -> {
                StringBuilder form = new StringBuilder();
                for (JsonNode f : body.path("urlencoded")) {
                    if (!f.path("disabled").asBoolean(false)) {
                        form.append(form.isEmpty() ? "" : "&")
                                .append(f.path("key").asString())
                                .append('=')
                                .append(f.path("value").asString(""));
                    }
                }
                req.put("bodyType", "FORM");
                req.put("body", dynamic(item, form.toString()));
            }
            case "formdata" -> {
                List<Map<String, Object>> parts = new ArrayList<>();
                for (JsonNode f : body.path("formdata")) {
                    if (f.path("disabled").asBoolean(false)) {
                        continue;
                    }
                    if (f.path("type").asString("text").equals("file")) {
                        unmapped.add(new Unmapped(
                                item,
                                "form-data file part " + f.path("key").asString(),
                                "files on the client's disk cannot travel; give the part's content from a data set"));
                    } else {
                        parts.add(Map.of(
                                "name",
                                f.path("key").asString(),
                                "content",
                                dynamic(item, f.path("value").asString(""))));
                    }
                }
                if (!parts.isEmpty()) {
                    req.put("bodyType", "MULTIPART");
                    req.put("parts", parts);
                }
            }
            case "" -> {}
            default ->
                unmapped.add(new Unmapped(item, "body mode " + body.path("mode").asString(), "not supported"));
        }
        // the body type sets Content-Type itself
        if (req.containsKey("bodyType") && !req.get("bodyType").equals("TEXT")) {
            headers.keySet().removeIf(h -> h.equalsIgnoreCase("content-type"));
        }
        if (!headers.isEmpty()) {
            req.put("headers", headers);
        }
        if (request.has("auth")) {
            unmapped.add(new Unmapped(
                    item,
                    "auth " + request.path("auth").path("type").asString(""),
                    "credentials belong to the environment's auth, with secrets"));
        }
        Map<String, Object> expectations = new LinkedHashMap<>();
        List<Map<String, Object>> extractions = new ArrayList<>();
        scripts(item, node.path("event"), new Object[] {expectations, extractions});
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name(item));
        json.put("request", req);
        json.put("expectations", expectations);
        json.put("extractions", extractions);
        drafts.add(new Draft(item, json));
    }

    /** The path of a Postman URL: the base ({{baseUrl}} or a host) is the environment's; :name → its value. */
    private String path(String item, String raw, Map<String, String> pathVariables) {
        String path = raw;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("{{")) {
            int end = path.indexOf("}}");
            path = end < 0 ? path : path.substring(end + 2);
        } else if (path.contains("://")) {
            int slash = path.indexOf('/', path.indexOf("://") + 3);
            unmapped.add(new Unmapped(item, "host of " + raw, "the environment's base URL is used instead"));
            path = slash < 0 ? "/" : path.substring(slash);
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.append('/');
            if (segment.startsWith(":") && segment.length() > 1) {
                String name = segment.substring(1);
                out.append(pathVariables.getOrDefault(name, "{{" + name + "}}"));
            } else {
                out.append(segment);
            }
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private String dynamic(String item, String text) {
        Matcher m = DYNAMIC.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String builtIn = BUILT_INS.get(m.group(1));
            if (builtIn == null) {
                unmapped.add(new Unmapped(
                        item,
                        "{{$" + m.group(1) + "}}",
                        "no such built-in; left as the variable '" + m.group(1) + "'"));
                builtIn = "{{" + m.group(1) + "}}";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(builtIn));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String name(String item) {
        String base = item.length() > 190 ? item.substring(0, 190) : item;
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + " #" + i;
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private void scripts(String item, JsonNode events, Object[] target) {
        for (JsonNode event : events) {
            String listen = event.path("listen").asString("");
            JsonNode exec = event.path("script").path("exec");
            List<String> lines = new ArrayList<>();
            if (exec.isString()) {
                lines.addAll(List.of(exec.asString().split("\n")));
            } else {
                exec.forEach(l -> lines.addAll(List.of(l.asString("").split("\n"))));
            }
            if (!listen.equals("test") || target == null) {
                for (String line : lines) {
                    if (!line.isBlank()) {
                        unmapped.add(new Unmapped(
                                item,
                                listen + " script: " + line.strip(),
                                listen.equals("test")
                                        ? "tests on a folder or the collection are not per case"
                                        : "scripts do not run in Gantry"));
                    }
                }
                continue;
            }
            Map<String, Object> expectations = (Map<String, Object>) target[0];
            List<Map<String, Object>> extractions = (List<Map<String, Object>>) target[1];
            Set<String> aliases = new LinkedHashSet<>();
            for (String rawLine : lines) {
                String line = rawLine.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (!test(line, expectations, extractions, aliases)) {
                    unmapped.add(new Unmapped(item, "test: " + line, "not one of the common forms Gantry maps"));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private boolean test(String line, Map<String, Object> e, List<Map<String, Object>> x, Set<String> aliases) {
        String code = line.endsWith(";") ? line.substring(0, line.length() - 1) : line;
        // a statement wrapped in pm.test on one line: pm.test("…", () => { statement; });
        Matcher wrapped = Pattern.compile(
                        "^pm\\.test\\(.*?(?:function\\s*\\(\\)|\\(\\)\\s*=>)\\s*\\{\\s*(.*?);?\\s*\\}\\);?$")
                .matcher(line);
        if (wrapped.matches()) {
            return wrapped.group(1).isBlank() || test(wrapped.group(1), e, x, aliases);
        }
        if (STRUCTURE.matcher(line).matches()) {
            return true;
        }
        Matcher m;
        if ((m = JSON_ALIAS.matcher(code)).matches()) {
            aliases.add(m.group(1));
            return true;
        }
        if ((m = STATUS.matcher(code)).matches() || (m = CODE_EQ.matcher(code)).matches()) {
            ((List<Object>) e.computeIfAbsent("status", k -> new ArrayList<>())).add(Integer.parseInt(m.group(1)));
            return true;
        }
        if ((m = CODE_ONE_OF.matcher(code)).matches()) {
            for (String c : m.group(1).split(",")) {
                ((List<Object>) e.computeIfAbsent("status", k -> new ArrayList<>())).add(Integer.parseInt(c.strip()));
            }
            return true;
        }
        if (OK.matcher(code).matches()) {
            ((List<Object>) e.computeIfAbsent("status", k -> new ArrayList<>())).add(200);
            return true;
        }
        if ((m = EXPECT_EQ.matcher(code)).matches() && isBody(m.group(1), aliases)) {
            jsonCheck(e, m.group(2), "equals", literal(m.group(3)));
            return true;
        }
        if ((m = EXPECT_EXIST.matcher(code)).matches() && isBody(m.group(1), aliases)) {
            jsonCheck(e, m.group(2), "exists", null);
            return true;
        }
        if ((m = EXPECT_INCLUDE_TEXT.matcher(code)).matches()) {
            ((List<Object>) e.computeIfAbsent("bodyContains", k -> new ArrayList<>())).add(literal(m.group(1)));
            return true;
        }
        if ((m = HAS_HEADER.matcher(code)).matches()) {
            header(e, literal(m.group(1)), "exists", null);
            return true;
        }
        if ((m = HEADER_EQ.matcher(code)).matches()) {
            header(e, literal(m.group(1)), "equals", literal(m.group(2)));
            return true;
        }
        if ((m = TIME_BELOW.matcher(code)).matches()) {
            e.put("maxResponseTimeMs", Math.max(1, Long.parseLong(m.group(1)) - 1));
            return true;
        }
        if ((m = SET_VARIABLE.matcher(code)).matches() && isBody(m.group(2), aliases)) {
            Map<String, Object> extraction = new LinkedHashMap<>();
            extraction.put("name", literal(m.group(1)));
            extraction.put("source", "BODY");
            extraction.put("expression", "$" + jsonPath(m.group(3)));
            x.add(extraction);
            return true;
        }
        return false;
    }

    private static boolean isBody(String subject, Set<String> aliases) {
        return subject.equals("pm.response.json()") || aliases.contains(subject);
    }

    @SuppressWarnings("unchecked")
    private static void jsonCheck(Map<String, Object> e, String path, String operator, String expected) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("path", "$" + jsonPath(path));
        check.put("operator", operator);
        if (expected != null) {
            check.put("expected", expected);
        }
        ((List<Object>) e.computeIfAbsent("jsonPath", k -> new ArrayList<>())).add(check);
    }

    @SuppressWarnings("unchecked")
    private static void header(Map<String, Object> e, String name, String operator, String expected) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", name);
        check.put("operator", operator);
        if (expected != null) {
            check.put("expected", expected);
        }
        ((List<Object>) e.computeIfAbsent("headers", k -> new ArrayList<>())).add(check);
    }

    /** {@code .a.b[0]["c d"]} → {@code .a.b[0]['c d']}. */
    private static String jsonPath(String path) {
        return path.replaceAll("\\[\"([^\"]+)\"\\]", "['$1']");
    }

    private static String literal(String value) {
        if ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\'", "'");
        }
        return value;
    }
}
