package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Test cases from a specification, deterministically and without the network: per endpoint a happy
 * path, boundary cases from length and value bounds (and empty arrays), negative cases (missing
 * required field or parameter, wrong type, value outside the enum, malformed JSON) and, for secured
 * endpoints, a request with a bad credential. A POST whose answer carries the id a GET/PUT/PATCH/DELETE
 * of the same resource takes as its last path parameter becomes the head of a create → read chain.
 * The output is plain case JSON, as a client would send it to the cases API.
 */
final class CaseGenerator {
    /** One generated case: {@code key} is its identity across regenerations. */
    record Generated(String key, String endpoint, String kind, String dependsOnKey, Map<String, Object> json) {
        String name() {
            return (String) json.get("name");
        }
    }

    private static final int MAX_BOUNDARY = 6;
    private static final int MAX_NEGATIVE = 6;

    private final SchemaSamples samples;
    private final Set<String> kinds;
    /** Path parameter values given by the caller (a {@code {{variable}}} a step before extracted), by name. */
    private final Map<String, String> pinnedPath;

    CaseGenerator(JsonNode components, Set<String> kinds) {
        this(components, kinds, Map.of());
    }

    CaseGenerator(JsonNode components, Set<String> kinds, Map<String, String> pinnedPath) {
        this.samples = new SchemaSamples(components);
        this.kinds = kinds;
        this.pinnedPath = pinnedPath;
    }

    /** The happy case of one endpoint, alone (no chain): its path parameters as pinned, or samples. */
    Generated happyOf(SpecStore.EndpointRow e) {
        String endpoint = e.method() + " " + e.path();
        return happy(e, endpoint, null, null, new HashSet<>());
    }

    /** The negative cases of one endpoint, alone; path parameters as pinned unless a case changes one. */
    List<Generated> negativesOf(SpecStore.EndpointRow e) {
        return negatives(e, e.method() + " " + e.path(), new HashSet<>());
    }

    /** The property of the endpoint's success answer carrying a new id: {@code param}, else {@code id}. */
    String idFieldOf(SpecStore.EndpointRow e, String param) {
        return idField(e, param);
    }

    List<Generated> generate(List<SpecStore.EndpointRow> endpoints) {
        Map<String, Chain> chains = chains(endpoints);
        List<Generated> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SpecStore.EndpointRow e : endpoints) {
            String endpoint = e.method() + " " + e.path();
            Chain chain = chains.get(endpoint);
            Chain head = chains.values().stream()
                    .filter(c -> c.creator().equals(endpoint))
                    .findFirst()
                    .orElse(null);
            if (kinds.contains("happy")) {
                out.add(happy(e, endpoint, chain, head, names));
            }
            if (kinds.contains("boundary")) {
                out.addAll(boundaries(e, endpoint, names));
            }
            if (kinds.contains("negative")) {
                out.addAll(negatives(e, endpoint, names));
            }
            if (kinds.contains("security") && requiresCredentials(e)) {
                out.add(security(e, endpoint, names));
            }
        }
        // a chain's head before its members, members in read → update → delete order
        Set<String> heads = new HashSet<>();
        out.forEach(g -> {
            if (g.dependsOnKey() != null) {
                heads.add(g.dependsOnKey());
            }
        });
        List<Generated> ordered = new ArrayList<>(out);
        ordered.sort(Comparator.comparingInt((Generated g) -> heads.contains(g.key()) ? 0 : 1)
                .thenComparingInt(g -> g.dependsOnKey() == null ? 5 : methodRank(g.endpoint())));
        return ordered;
    }

    private static int methodRank(String endpoint) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        return switch (method) {
            case "GET", "HEAD" -> 1;
            case "PUT" -> 2;
            case "PATCH" -> 3;
            case "DELETE" -> 4;
            default -> 5;
        };
    }

    /** The item endpoints that read what a POST created, keyed by item endpoint. */
    private record Chain(String creator, String creatorKey, String variable, String idField) {}

    private Map<String, Chain> chains(List<SpecStore.EndpointRow> endpoints) {
        Map<String, Chain> chains = new HashMap<>();
        Map<String, SpecStore.EndpointRow> posts = new HashMap<>();
        endpoints.stream().filter(e -> e.method().equals("POST")).forEach(e -> posts.put(e.path(), e));
        for (SpecStore.EndpointRow e : endpoints) {
            if (!List.of("GET", "PUT", "PATCH", "DELETE").contains(e.method())) {
                continue;
            }
            int slash = e.path().lastIndexOf('/');
            String last = e.path().substring(slash + 1);
            if (slash <= 0 || !last.startsWith("{") || !last.endsWith("}")) {
                continue;
            }
            String param = last.substring(1, last.length() - 1);
            SpecStore.EndpointRow post = posts.get(e.path().substring(0, slash));
            if (post == null) {
                continue;
            }
            String idField = idField(post, param);
            if (idField != null) {
                String creator = post.method() + " " + post.path();
                chains.put(e.method() + " " + e.path(), new Chain(creator, creator + "#happy", param, idField));
            }
        }
        return chains;
    }

    /** The property of the POST's success answer carrying the new id: the parameter's name, or {@code id}. */
    private String idField(SpecStore.EndpointRow post, String param) {
        SpecStore.ResponseRow success = successResponse(post);
        if (success == null || success.schema() == null) {
            return null;
        }
        Map<String, JsonNode> properties = samples.properties(SpecStore.node(success.schema()));
        if (properties.containsKey(param)) {
            return param;
        }
        if (properties.containsKey("id")) {
            return "id";
        }
        return null;
    }

    private static SpecStore.ResponseRow successResponse(SpecStore.EndpointRow e) {
        return e.responses().stream()
                .filter(r -> r.status().startsWith("2")
                        && r.status().length() == 3
                        && Character.isDigit(r.status().charAt(1)))
                .min(Comparator.comparing(SpecStore.ResponseRow::status))
                .orElse(null);
    }

    /** The documented success code, else the 2xx class. */
    private static List<Object> successStatus(SpecStore.EndpointRow e) {
        SpecStore.ResponseRow success = successResponse(e);
        return success != null ? List.of(Integer.parseInt(success.status())) : List.of("2xx");
    }

    private static final List<Object> CLIENT_ERROR = List.of("4xx");

    private Generated happy(SpecStore.EndpointRow e, String endpoint, Chain chain, Chain head, Set<String> names) {
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (SpecStore.ParameterRow p : e.parameters()) {
            if (p.location().equals("body") || p.location().equals("cookie")) {
                continue;
            }
            String value = p.location().equals("path") && pinnedPath.containsKey(p.name())
                    ? pinnedPath.get(p.name())
                    : text(value(p));
            switch (p.location()) {
                case "path" -> pathValues.put(p.name(), value);
                case "query" -> query.put(p.name(), value);
                case "header" -> headers.put(p.name(), value);
                default -> {}
            }
        }
        String dependsOn = null;
        if (chain != null) {
            pathValues.put(chain.variable(), "{{" + chain.variable() + "}}");
            dependsOn = chain.creatorKey();
        }
        Map<String, Object> request = request(e, pathValues, query, headers, body(e));
        Map<String, Object> json = caseJson(name(endpoint, "happy", null, names), request, successStatus(e));
        if (head != null) {
            json.put(
                    "extractions",
                    List.of(Map.of("name", head.variable(), "source", "BODY", "expression", "$." + head.idField())));
        }
        return new Generated(endpoint + "#happy", endpoint, "happy", dependsOn, json);
    }

    private List<Generated> boundaries(SpecStore.EndpointRow e, String endpoint, Set<String> names) {
        List<Generated> out = new ArrayList<>();
        for (SpecStore.ParameterRow p : e.parameters()) {
            if (p.location().equals("body") || p.location().equals("cookie") || p.schema() == null) {
                continue;
            }
            JsonNode s = samples.resolve(SpecStore.node(p.schema()));
            for (Bound b : bounds(s)) {
                if (out.size() >= MAX_BOUNDARY) {
                    return out;
                }
                String detail = p.name() + " " + b.label();
                out.add(variant(
                        e,
                        endpoint,
                        "boundary",
                        detail,
                        p.name() + " " + b.id(),
                        names,
                        Map.of(p.location() + ":" + p.name(), text(b.value())),
                        null,
                        b.valid()));
            }
        }
        SpecStore.ParameterRow body = bodyParameter(e);
        JsonNode bodySample = body(e);
        if (body != null && bodySample instanceof ObjectNode object && body.schema() != null) {
            Map<String, JsonNode> properties = samples.properties(SpecStore.node(body.schema()));
            for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
                JsonNode s = samples.resolve(property.getValue());
                List<Bound> bounds = new ArrayList<>(bounds(s));
                if ("array".equals(samples.type(s)) && s.path("minItems").asInt(0) == 0) {
                    bounds.add(new Bound("empty array", "empty array", SchemaSamples.NODES.arrayNode(), true));
                }
                for (Bound b : bounds) {
                    if (out.size() >= MAX_BOUNDARY) {
                        return out;
                    }
                    ObjectNode changed = object.deepCopy();
                    changed.set(property.getKey(), b.value());
                    out.add(variant(
                            e,
                            endpoint,
                            "boundary",
                            "body." + property.getKey() + " " + b.label(),
                            "body." + property.getKey() + " " + b.id(),
                            names,
                            Map.of(),
                            changed.toString(),
                            b.valid()));
                }
            }
        }
        return out;
    }

    /** @param id what the bound is, without its value: part of the case's identity across regenerations */
    private record Bound(String id, String label, JsonNode value, boolean valid) {}

    private List<Bound> bounds(JsonNode s) {
        List<Bound> out = new ArrayList<>();
        String type = samples.type(s);
        if ("string".equals(type)) {
            if (s.has("minLength")) {
                int min = s.get("minLength").asInt();
                out.add(new Bound(
                        "minLength", "length " + min + " (minLength)", textNode(SchemaSamples.ofLength(min)), true));
                if (min > 0) {
                    out.add(new Bound(
                            "below minLength",
                            "length " + (min - 1) + " (below minLength)",
                            textNode(SchemaSamples.ofLength(min - 1)),
                            false));
                }
            }
            if (s.has("maxLength") && s.get("maxLength").asInt() <= 10_000) {
                int max = s.get("maxLength").asInt();
                out.add(new Bound(
                        "maxLength", "length " + max + " (maxLength)", textNode(SchemaSamples.ofLength(max)), true));
                out.add(new Bound(
                        "above maxLength",
                        "length " + (max + 1) + " (above maxLength)",
                        textNode(SchemaSamples.ofLength(max + 1)),
                        false));
            }
        } else if ("integer".equals(type) || "number".equals(type)) {
            if (s.path("minimum").isNumber()) {
                long min = (long) Math.ceil(s.get("minimum").asDouble());
                out.add(new Bound("minimum", "= " + min + " (minimum)", SchemaSamples.NODES.numberNode(min), true));
                out.add(new Bound(
                        "below minimum",
                        "= " + (min - 1) + " (below minimum)",
                        SchemaSamples.NODES.numberNode(min - 1),
                        false));
            }
            if (s.path("maximum").isNumber()) {
                long max = (long) Math.floor(s.get("maximum").asDouble());
                out.add(new Bound("maximum", "= " + max + " (maximum)", SchemaSamples.NODES.numberNode(max), true));
                out.add(new Bound(
                        "above maximum",
                        "= " + (max + 1) + " (above maximum)",
                        SchemaSamples.NODES.numberNode(max + 1),
                        false));
            }
        }
        return out;
    }

    private static JsonNode textNode(String value) {
        return SchemaSamples.NODES.textNode(value);
    }

    private List<Generated> negatives(SpecStore.EndpointRow e, String endpoint, Set<String> names) {
        List<Generated> out = new ArrayList<>();
        for (SpecStore.ParameterRow p : e.parameters()) {
            if (out.size() >= MAX_NEGATIVE) {
                return out;
            }
            if (p.location().equals("query") && p.required()) {
                out.add(variant(
                        e,
                        endpoint,
                        "negative",
                        "missing query " + p.name(),
                        "missing query " + p.name(),
                        names,
                        Map.of("query:" + p.name(), "\u0000omit"),
                        null,
                        false));
            }
            if (p.schema() == null
                    || p.location().equals("body")
                    || p.location().equals("cookie")) {
                continue;
            }
            JsonNode s = samples.resolve(SpecStore.node(p.schema()));
            String type = samples.type(s);
            if ("integer".equals(type) || "number".equals(type) || "boolean".equals(type)) {
                out.add(variant(
                        e,
                        endpoint,
                        "negative",
                        p.name() + " wrong type",
                        p.name() + " wrong type",
                        names,
                        Map.of(p.location() + ":" + p.name(), "not-a-" + type),
                        null,
                        false));
            }
            if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
                out.add(variant(
                        e,
                        endpoint,
                        "negative",
                        p.name() + " outside enum",
                        p.name() + " outside enum",
                        names,
                        Map.of(p.location() + ":" + p.name(), "zz-not-in-enum"),
                        null,
                        false));
            }
        }
        SpecStore.ParameterRow body = bodyParameter(e);
        JsonNode sample = body(e);
        if (body != null && sample instanceof ObjectNode object && body.schema() != null) {
            JsonNode schema = SpecStore.node(body.schema());
            List<String> required = samples.required(schema);
            if (!required.isEmpty() && object.has(required.getFirst())) {
                ObjectNode missing = object.deepCopy();
                missing.remove(required.getFirst());
                out.add(variant(
                        e,
                        endpoint,
                        "negative",
                        "body missing " + required.getFirst(),
                        "body missing " + required.getFirst(),
                        names,
                        Map.of(),
                        missing.toString(),
                        false));
            }
            for (Map.Entry<String, JsonNode> property :
                    samples.properties(schema).entrySet()) {
                String type = samples.type(property.getValue());
                if (type == null || "null".equals(type)) {
                    continue;
                }
                ObjectNode wrong = object.deepCopy();
                if ("string".equals(type)) {
                    wrong.put(property.getKey(), 12345);
                } else {
                    wrong.put(property.getKey(), "not-a-" + type);
                }
                out.add(variant(
                        e,
                        endpoint,
                        "negative",
                        "body." + property.getKey() + " wrong type",
                        "body." + property.getKey() + " wrong type",
                        names,
                        Map.of(),
                        wrong.toString(),
                        false));
                break;
            }
            for (Map.Entry<String, JsonNode> property :
                    samples.properties(schema).entrySet()) {
                JsonNode s = samples.resolve(property.getValue());
                if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
                    ObjectNode outside = object.deepCopy();
                    outside.put(property.getKey(), "zz-not-in-enum");
                    out.add(variant(
                            e,
                            endpoint,
                            "negative",
                            "body." + property.getKey() + " outside enum",
                            "body." + property.getKey() + " outside enum",
                            names,
                            Map.of(),
                            outside.toString(),
                            false));
                    break;
                }
            }
        }
        if (body != null && isJson(body.contentType())) {
            out.add(variant(
                    e,
                    endpoint,
                    "negative",
                    "malformed JSON",
                    "malformed JSON",
                    names,
                    Map.of(),
                    "{\"unterminated\": ",
                    false));
        }
        return out.size() > MAX_NEGATIVE ? out.subList(0, MAX_NEGATIVE) : out;
    }

    private static boolean requiresCredentials(SpecStore.EndpointRow e) {
        return !e.security().isEmpty() && e.security().stream().noneMatch(Map::isEmpty);
    }

    private Generated security(SpecStore.EndpointRow e, String endpoint, Set<String> names) {
        Generated g = variant(
                e,
                endpoint,
                "security",
                "bad credential",
                "bad credential",
                names,
                Map.of("header:Authorization", "Bearer invalid-credential"),
                null,
                false);
        ((Map<String, Object>) g.json().get("expectations")).put("status", List.of(401, 403));
        return g;
    }

    /**
     * The happy case with one change: {@code overrides} keyed {@code location:name} (a value of NUL+"omit"
     * leaves the parameter out), or another body; {@code valid} chooses the success or the 4xx class.
     */
    private Generated variant(
            SpecStore.EndpointRow e,
            String endpoint,
            String kind,
            String detail,
            String keyDetail,
            Set<String> names,
            Map<String, String> overrides,
            String body,
            boolean valid) {
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (SpecStore.ParameterRow p : e.parameters()) {
            if (p.location().equals("body") || p.location().equals("cookie")) {
                continue;
            }
            String sample = p.location().equals("path") && pinnedPath.containsKey(p.name())
                    ? pinnedPath.get(p.name())
                    : text(value(p));
            String value = overrides.getOrDefault(p.location() + ":" + p.name(), sample);
            if (value.equals("\u0000omit")) {
                continue;
            }
            switch (p.location()) {
                case "path" -> pathValues.put(p.name(), value);
                case "query" -> query.put(p.name(), value);
                case "header" -> headers.put(p.name(), value);
                default -> {}
            }
        }
        overrides.forEach((k, v) -> {
            if (k.startsWith("header:") && !headers.containsKey(k.substring(7))) {
                headers.put(k.substring(7), v);
            }
        });
        JsonNode happyBody = body(e);
        Map<String, Object> request = request(e, pathValues, query, headers, happyBody);
        if (body != null) {
            request.put("body", body);
            request.put("bodyType", "JSON");
        }
        Map<String, Object> json =
                caseJson(name(endpoint, kind, detail, names), request, valid ? successStatus(e) : CLIENT_ERROR);
        return new Generated(endpoint + "#" + kind + "#" + keyDetail, endpoint, kind, null, json);
    }

    private JsonNode value(SpecStore.ParameterRow p) {
        if (p.example() != null) {
            return SpecStore.node(p.example());
        }
        return p.schema() == null ? SchemaSamples.NODES.textNode("sample") : samples.sample(SpecStore.node(p.schema()));
    }

    private static SpecStore.ParameterRow bodyParameter(SpecStore.EndpointRow e) {
        return e.parameters().stream()
                .filter(p -> p.location().equals("body"))
                .findFirst()
                .orElse(null);
    }

    private JsonNode body(SpecStore.EndpointRow e) {
        SpecStore.ParameterRow body = bodyParameter(e);
        if (body == null) {
            return null;
        }
        if (body.example() != null) {
            return SpecStore.node(body.example());
        }
        return body.schema() == null ? SchemaSamples.NODES.objectNode() : samples.sample(SpecStore.node(body.schema()));
    }

    private static boolean isJson(String contentType) {
        return contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    private static Map<String, Object> request(
            SpecStore.EndpointRow e,
            Map<String, String> pathValues,
            Map<String, String> query,
            Map<String, String> headers,
            JsonNode body) {
        String path = e.path();
        for (Map.Entry<String, String> v : pathValues.entrySet()) {
            String value = v.getValue().startsWith("{{")
                    ? v.getValue()
                    : URLEncoder.encode(v.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
            path = path.replace("{" + v.getKey() + "}", value);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", e.method());
        request.put("path", path);
        if (!query.isEmpty()) {
            request.put("query", query);
        }
        if (!headers.isEmpty()) {
            request.put("headers", headers);
        }
        SpecStore.ParameterRow bodyParam = bodyParameter(e);
        if (body != null && bodyParam != null) {
            String contentType = bodyParam.contentType() == null
                    ? "application/json"
                    : bodyParam.contentType().toLowerCase(Locale.ROOT);
            if (contentType.contains("x-www-form-urlencoded") && body.isObject()) {
                StringBuilder form = new StringBuilder();
                body.fields().forEachRemaining(f -> form.append(form.isEmpty() ? "" : "&")
                        .append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(text(f.getValue()), StandardCharsets.UTF_8)));
                request.put("bodyType", "FORM");
                request.put("body", form.toString());
            } else if (isJson(contentType)) {
                request.put("bodyType", "JSON");
                request.put("body", body.toString());
            } else {
                request.put("bodyType", "TEXT");
                request.put("body", text(body));
                request.put("headers", merged(headers, "Content-Type", bodyParam.contentType()));
            }
        }
        return request;
    }

    private static Map<String, String> merged(Map<String, String> headers, String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put(name, value);
        return out;
    }

    private static Map<String, Object> caseJson(String name, Map<String, Object> request, List<Object> status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("request", request);
        Map<String, Object> expectations = new LinkedHashMap<>();
        expectations.put("status", status);
        json.put("expectations", expectations);
        json.put("extractions", List.of());
        return json;
    }

    private static String name(String endpoint, String kind, String detail, Set<String> names) {
        String base = endpoint + " · " + kind + (detail == null ? "" : " · " + detail);
        if (base.length() > 190) {
            base = base.substring(0, 190);
        }
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + " #" + i;
        }
        return name;
    }

    /** A parameter value as text: strings as they are, arrays comma-joined, the rest as JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(text(v)));
            return String.join(",", parts);
        }
        return value.toString();
    }
}
