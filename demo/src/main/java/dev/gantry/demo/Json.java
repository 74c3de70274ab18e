package dev.gantry.demo;

import tools.jackson.databind.JsonNode;

/** Null-tolerant reads of optional fields, because the control plane sends JSON null for absent values. */
final class Json {

    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    static Long integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.longValue() : null;
    }

    static Double decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.doubleValue() : null;
    }
}
