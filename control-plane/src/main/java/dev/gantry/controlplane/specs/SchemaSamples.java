package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Deterministic values from schemas: the example, else the default, else the first enum value,
 * else a value built from type, format and constraints. Local {@code $ref}s are followed into the
 * document's components, with a depth bound for recursive schemas.
 */
final class SchemaSamples {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private final JsonNode root;

    /** @param components the stored {@code components} ({@code {"schemas": {...}}}) */
    SchemaSamples(JsonNode components) {
        ObjectNode r = NODES.objectNode();
        r.set("components", components == null ? NODES.objectNode() : components);
        this.root = r;
    }

    /** The schema a reference points at (following chains), or the schema itself. */
    JsonNode resolve(JsonNode schema) {
        for (int hops = 0; schema != null && schema.path("$ref").isTextual() && hops < 20; hops++) {
            String ref = schema.get("$ref").asText();
            JsonNode target = ref.startsWith("#") ? SpecReferences.resolve(root, ref) : null;
            if (target == null) {
                return NODES.objectNode(); // dangling: anything goes
            }
            schema = target;
        }
        return schema == null ? NODES.objectNode() : schema;
    }

    /** The schema's own properties merged with those of its allOf parts. */
    Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        collectProperties(resolve(schema), out, 0);
        return out;
    }

    List<String> required(JsonNode schema) {
        List<String> out = new ArrayList<>();
        collectRequired(resolve(schema), out, 0);
        return out;
    }

    private void collectProperties(JsonNode schema, Map<String, JsonNode> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            collectProperties(resolve(part), out, depth + 1);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), f.getValue());
        }
    }

    private void collectRequired(JsonNode schema, List<String> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            collectRequired(resolve(part), out, depth + 1);
        }
        for (JsonNode name : schema.path("required")) {
            if (name.isTextual() && !out.contains(name.asText())) {
                out.add(name.asText());
            }
        }
    }

    /** The schema's type: its {@code type}, the first non-null of a 3.1 type list, or implied by its keywords. */
    String type(JsonNode schema) {
        JsonNode s = resolve(schema);
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (s.has("properties") || s.has("allOf")) {
            return "object";
        }
        if (s.has("items")) {
            return "array";
        }
        return null;
    }

    JsonNode sample(JsonNode schema) {
        return sample(schema, 0);
    }

    private JsonNode sample(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        // swagger-core writes "example": null for schemas without one
        if (s.has("example") && !s.get("example").isNull()) {
            return s.get("example");
        }
        if (s.path("examples").isArray() && !s.path("examples").isEmpty()) {
            return s.path("examples").get(0);
        }
        if (s.has("default") && !s.get("default").isNull()) {
            return s.get("default");
        }
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
            return s.path("enum").get(0);
        }
        for (String combinator : new String[] {"oneOf", "anyOf"}) {
            if (s.path(combinator).isArray() && !s.path(combinator).isEmpty() && depth < MAX_DEPTH) {
                return sample(s.path(combinator).get(0), depth + 1);
            }
        }
        String type = type(s);
        if (type == null) {
            type = "string";
        }
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < MAX_DEPTH) {
                    properties(s).forEach((name, property) -> {
                        JsonNode p = resolve(property);
                        if (!p.path("readOnly").asBoolean(false)) {
                            object.set(name, sample(property, depth + 1));
                        }
                    });
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int count = Math.max(1, s.path("minItems").asInt(1));
                if (depth < MAX_DEPTH) {
                    for (int i = 0; i < Math.min(count, 5); i++) {
                        array.add(sample(s.path("items"), depth + 1));
                    }
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(integer(s));
            case "number" ->
                s.has("minimum") || s.has("maximum") ? NODES.numberNode(integer(s)) : NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(s));
        };
    }

    private static long integer(JsonNode s) {
        if (s.has("minimum")) {
            long min = (long) Math.ceil(s.get("minimum").asDouble());
            return s.path("exclusiveMinimum").asBoolean(false) ? min + 1 : min;
        }
        if (s.path("exclusiveMinimum").isNumber()) {
            return (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1;
        }
        if (s.has("maximum")) {
            long max = (long) Math.floor(s.get("maximum").asDouble());
            return Math.min(1, max);
        }
        return 1;
    }

    private static String string(JsonNode s) {
        String value =
                switch (s.path("format").asText("")) {
                    case "date" -> "2024-01-01";
                    case "date-time" -> "2024-01-01T00:00:00Z";
                    case "time" -> "12:00:00";
                    case "uuid" -> "00000000-0000-4000-8000-000000000001";
                    case "email" -> "user@example.com";
                    case "uri", "url" -> "https://example.com/";
                    case "hostname" -> "example.com";
                    case "ipv4" -> "192.0.2.1";
                    case "byte" -> "c2FtcGxl";
                    default -> "sample";
                };
        int min = s.path("minLength").asInt(0);
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        if (value.length() < min) {
            value = value + "x".repeat(min - value.length());
        }
        if (value.length() > max) {
            value = value.substring(0, Math.max(0, max));
        }
        return value;
    }

    /** A string of exactly {@code length} characters, for length boundaries. */
    static String ofLength(int length) {
        return "x".repeat(Math.max(0, length));
    }
}
