package dev.gantry.demo;

import tools.jackson.databind.JsonNode;

/** The step counters of a run, as the control plane reports them and as the demo expects them. */
record RunTotals(long workItems, long steps, long done, long passed, long failed, long skipped, long errored) {

    static final RunTotals NONE = new RunTotals(0, 0, 0, 0, 0, 0, 0);

    static RunTotals from(JsonNode node) {
        if (node == null || !node.isObject()) {
            return NONE;
        }
        return new RunTotals(
                node.path("workItems").asLong(),
                node.path("steps").asLong(),
                node.path("done").asLong(),
                node.path("passed").asLong(),
                node.path("failed").asLong(),
                node.path("skipped").asLong(),
                node.path("errored").asLong());
    }
}
