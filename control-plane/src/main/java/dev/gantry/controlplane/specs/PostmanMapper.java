package dev.gantry.controlplane.specs;

import dev.gantry.model.HttpMethod;
import dev.gantry.model.RunSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Maps a Postman collection (v2.0/v2.1) to case drafts: folders become name prefixes, requests become
 * cases, collection variables become suite variables, and the test scripts (the request's and those of
 * its folders and the collection, as Newman runs them) become expectations and extractions through
 * {@link PostmanScripts}. Requests that pass values along through variables are linked into chains
 * ({@link Chain}). Everything else (pre-request scripts, unmapped statements, request auth, file parts,
 * GraphQL bodies, unknown dynamic variables) is listed as unmapped, never dropped.
 */
final class PostmanMapper {
    record Draft(String item, Map<String, Object> json) {}

    record Unmapped(String item, String what, String reason) {}

    /**
     * Requests linked into one chain, in collection order (indexes into the drafts), because a value
     * one of them sets is used by a later one: the variables that linked them.
     */
    record Chain(List<Integer> drafts, List<String> variables) {}

    record Result(List<Draft> drafts, Map<String, String> variables, List<Unmapped> unmapped, List<Chain> chains) {}

    /** A test script of a folder or the collection: Newman runs it for every request inside. */
    private record Inherited(String owner, String source) {}

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
    /** Per draft: the variables its scripts set, and those it uses (placeholders, pm.*.get). */
    private final List<Set<String>> sets = new ArrayList<>();

    private final List<Set<String>> uses = new ArrayList<>();
    /** What an inherited script leaves unmapped is listed once, under its folder, not for every request. */
    private final Set<Unmapped> inheritedLeft = new LinkedHashSet<>();

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
        m.prerequest("(collection)", collection.path("event"));
        m.items(collection.path("item"), "", inherited("(collection)", collection.path("event"), List.of()));
        m.unmapped.addAll(m.inheritedLeft);
        return new Result(m.drafts, m.variables, m.unmapped, m.chains());
    }

    private static List<Inherited> inherited(String owner, JsonNode events, List<Inherited> outer) {
        List<Inherited> all = new ArrayList<>(outer);
        for (JsonNode event : events) {
            if (event.path("listen").asString("").equals("test")) {
                all.add(new Inherited(owner, source(event)));
            }
        }
        return all;
    }

    private static String source(JsonNode event) {
        JsonNode exec = event.path("script").path("exec");
        if (exec.isString()) {
            return exec.asString();
        }
        StringBuilder source = new StringBuilder();
        exec.forEach(line -> source.append(line.asString("")).append('\n'));
        return source.toString();
    }

    private void items(JsonNode items, String prefix, List<Inherited> inherited) {
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
                prerequest(full, item.path("event"));
                items(item.path("item"), full, inherited(full, item.path("event"), inherited));
            } else if (item.has("request")) {
                request(full, item, inherited);
            } else {
                unmapped.add(new Unmapped(full, "item", "neither a folder nor a request"));
            }
        }
    }

    private void request(String item, JsonNode node, List<Inherited> inherited) {
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
        if (req.containsKey("bodyType") && !bodyAllowed((String) req.get("method"))) {
            // Postman prunes the body of GET, HEAD and the like unless told not to; Gantry never sends one
            req.remove("bodyType");
            req.remove("body");
            req.remove("parts");
            unmapped.add(new Unmapped(
                    item,
                    "body of a " + req.get("method") + " request",
                    node.path("protocolProfileBehavior")
                                    .path("disableBodyPruning")
                                    .asBoolean(false)
                            ? "Gantry sends no body with " + req.get("method") + "; the request goes without it"
                            : "Newman does not send it either (Postman prunes it); the request goes without it"));
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
        // Newman runs the collection's and the folders' test scripts, then the request's, each in its own scope
        PostmanScripts.Checks checks = new PostmanScripts.Checks();
        Set<String> set = new LinkedHashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (Inherited script : inherited) {
            PostmanScripts.map(script.source(), checks);
            for (PostmanScripts.Left left : checks.left) {
                inheritedLeft.add(new Unmapped(script.owner(), left.what(), left.reason()));
            }
            checks.left.clear();
            PostmanScripts.Names names = PostmanScripts.names(script.source());
            set.addAll(names.set());
            used.addAll(names.read());
        }
        for (JsonNode event : node.path("event")) {
            String listen = event.path("listen").asString("");
            String source = source(event);
            PostmanScripts.Names names = PostmanScripts.names(source);
            set.addAll(names.set());
            used.addAll(names.read());
            if (listen.equals("test")) {
                PostmanScripts.map(source, checks);
                for (PostmanScripts.Left left : checks.left) {
                    unmapped.add(new Unmapped(item, left.what(), left.reason()));
                }
                checks.left.clear();
            } else {
                listLines(item, listen, source);
            }
        }
        used.addAll(PostmanScripts.placeholders(raw));
        for (JsonNode h : request.path("header")) {
            used.addAll(PostmanScripts.placeholders(h.path("value").asString("")));
        }
        if (url != null && url.isObject()) {
            for (JsonNode v : url.path("variable")) {
                used.addAll(PostmanScripts.placeholders(v.path("value").asString("")));
            }
            for (JsonNode q : url.path("query")) {
                used.addAll(PostmanScripts.placeholders(q.path("value").asString("")));
            }
        }
        used.addAll(PostmanScripts.placeholders(body.toString()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name(item));
        json.put("request", req);
        json.put("expectations", checks.expectations());
        json.put("extractions", checks.extractions);
        if (checks.status != null && checks.status.isEmpty()) {
            unmapped.add(new Unmapped(
                    item, "status tests", "no status passes all of them, so Newman fails every run of it"));
        }
        drafts.add(new Draft(item, json));
        sets.add(set);
        uses.add(used);
    }

    /**
     * The chains: for each variable, the requests from the first that sets it to the last later one
     * that uses it; overlapping spans merge; a chain longer than a run allows is cut (and the cut listed).
     */
    private List<Chain> chains() {
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            for (String name : sets.get(i)) {
                spans.putIfAbsent(name, new int[] {i, -1});
            }
            for (String name : uses.get(i)) {
                int[] span = spans.get(name);
                if (span != null && i > span[0]) {
                    span[1] = i;
                }
            }
        }
        List<int[]> linked = new ArrayList<>();
        List<Set<String>> why = new ArrayList<>();
        spans.entrySet().stream()
                .filter(e -> e.getValue()[1] > e.getValue()[0])
                .sorted(Comparator.comparingInt(e -> e.getValue()[0]))
                .forEach(e -> {
                    int[] span = e.getValue();
                    if (!linked.isEmpty() && span[0] <= linked.getLast()[1]) {
                        linked.getLast()[1] = Math.max(linked.getLast()[1], span[1]);
                        why.getLast().add(e.getKey());
                    } else {
                        linked.add(span.clone());
                        why.add(new TreeSet<>(Set.of(e.getKey())));
                    }
                });
        List<Chain> chains = new ArrayList<>();
        for (int c = 0; c < linked.size(); c++) {
            int from = linked.get(c)[0];
            int to = linked.get(c)[1];
            for (int start = from; start <= to; start += RunSnapshot.MAX_CHAIN_LENGTH) {
                int end = Math.min(to, start + RunSnapshot.MAX_CHAIN_LENGTH - 1);
                if (start > from) {
                    unmapped.add(new Unmapped(
                            drafts.get(start).item(),
                            "link to '" + drafts.get(start - 1).item() + "'",
                            "a chain holds at most " + RunSnapshot.MAX_CHAIN_LENGTH + " cases; a new one starts here"));
                }
                if (end > start) {
                    List<Integer> members = new ArrayList<>();
                    for (int i = start; i <= end; i++) {
                        members.add(i);
                    }
                    chains.add(new Chain(members, List.copyOf(why.get(c))));
                }
            }
        }
        return chains;
    }

    private static boolean bodyAllowed(String method) {
        return Arrays.stream(HttpMethod.values())
                .filter(m -> m.name().equals(method))
                .findFirst()
                .map(HttpMethod::allowsBody)
                .orElse(true);
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

    /** Scripts that do not run in Gantry (pre-request), listed line by line. */
    private void listLines(String item, String listen, String source) {
        for (String line : source.split("\n")) {
            if (!line.isBlank()) {
                unmapped.add(new Unmapped(item, listen + " script: " + line.strip(), "scripts do not run in Gantry"));
            }
        }
    }

    private void prerequest(String item, JsonNode events) {
        for (JsonNode event : events) {
            String listen = event.path("listen").asString("");
            if (!listen.equals("test")) {
                listLines(item, listen, source(event));
            }
        }
    }
}
