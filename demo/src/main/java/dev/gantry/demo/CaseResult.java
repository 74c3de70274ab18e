package dev.gantry.demo;

import tools.jackson.databind.JsonNode;

/** Outcome and latency of one case over all rows of a finished run; latencies are null when unknown. */
record CaseResult(String name, long passed, long failed, long skipped, long errored, Double p50Ms, Double p95Ms) {

    static CaseResult from(JsonNode node) {
        return new CaseResult(
                Json.text(node, "name"),
                node.path("passed").asLong(),
                node.path("failed").asLong(),
                node.path("skipped").asLong(),
                node.path("errored").asLong(),
                Json.decimal(node, "p50Ms"),
                Json.decimal(node, "p95Ms"));
    }
}
