package dev.gantry.demo;

import dev.gantry.client.Run;

/** Outcome and latency of one case over all rows of a finished run; latencies are null when unknown. */
record CaseResult(String name, long passed, long failed, long skipped, long errored, Double p50Ms, Double p95Ms) {

    static CaseResult from(Run.CaseResult result) {
        return new CaseResult(
                result.name(),
                result.passed(),
                result.failed(),
                result.skipped(),
                result.errored(),
                result.p50Ms(),
                result.p95Ms());
    }
}
