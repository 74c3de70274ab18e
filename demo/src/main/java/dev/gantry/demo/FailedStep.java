package dev.gantry.demo;

import java.util.List;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** A step that did not pass, with the checks that failed or the error that stopped it. */
record FailedStep(String caseName, int rowIndex, List<Check> failures, String error) {

    /** One expectation that did not hold. */
    record Check(String check, String expected, String actual) {}

    static FailedStep from(JsonNode node) {
        List<Check> failures = StreamSupport.stream(node.path("failures").spliterator(), false)
                .map(f -> new Check(Json.text(f, "check"), Json.text(f, "expected"), Json.text(f, "actual")))
                .toList();
        return new FailedStep(
                Json.text(node, "caseName"), node.path("rowIndex").asInt(), failures, Json.text(node, "error"));
    }
}
