package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt at one step of a work item, and how its detail is built: what was (about to be)
 * sent and what came back, with every secret of the run redacted (in each encoding in which it
 * can leave) before the bodies are cut to the worker's bound.
 */
record StepAttempt(CompiledRun run, WorkItem item, int index, CompiledCase compiled, int attempt) {
    /** What was (about to be) sent, kept for the step detail even when sending failed. */
    static final class Sent {
        final long startedAtMs;
        String url;
        Map<String, String> headers = Map.of();
        String body;

        Sent(long startedAtMs) {
            this.startedAtMs = startedAtMs;
        }
    }

    /** The detail of an attempt that got an answer, and its size as counted to its end. */
    StepDetail executed(
            StepStatus status,
            Sent sent,
            HttpTransport.Answer response,
            long micros,
            List<AssertionFailure> failures,
            int maxBody) {
        return detail(
                        status,
                        sent,
                        response.status(),
                        response.headers(),
                        response.body(),
                        micros,
                        failures,
                        null,
                        maxBody)
                .withResponseBytes(response.bodyBytes());
    }

    /** The detail of an attempt that got no answer (or could not be sent), saying why. */
    StepDetail errored(Sent sent, String error, int maxBody) {
        return detail(StepStatus.ERRORED, sent, null, null, null, 0, List.of(), error, maxBody);
    }

    /** The detail of a step not tried because an earlier step of its chain did not pass. */
    StepDetail skipped(String reason, long nowMs) {
        return detail(StepStatus.SKIPPED, new Sent(nowMs), null, null, null, 0, List.of(), reason, 0);
    }

    private StepDetail detail(
            StepStatus status,
            Sent sent,
            Integer responseStatus,
            Map<String, String> responseHeaders,
            String responseBody,
            long micros,
            List<AssertionFailure> failures,
            String error,
            int maxBody) {
        Redaction redaction = run.redaction();
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        sent.headers.forEach((name, value) -> requestHeaders.put(name, redaction.header(name, value)));
        Map<String, String> shownResponseHeaders = new LinkedHashMap<>();
        if (responseHeaders != null) {
            responseHeaders.forEach((name, value) -> shownResponseHeaders.put(name, redaction.header(name, value)));
        }
        return new StepDetail(
                StepDetail.SCHEMA_VERSION,
                run.runId(),
                item.seq(),
                item.rowIndex(),
                index,
                attempt,
                compiled.definition().id(),
                compiled.definition().name(),
                status,
                compiled.definition().request().method().name(),
                redaction.text(sent.url),
                requestHeaders,
                // redacted whole, then cut: a cut could leave a secret's head unrecognisable
                truncate(redaction.text(sent.body), maxBody),
                responseStatus,
                shownResponseHeaders,
                truncate(redaction.text(responseBody), maxBody),
                sent.startedAtMs,
                micros,
                redaction.failures(failures),
                redaction.text(error));
    }

    private static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…(" + (text.length() - max) + " more characters)";
    }
}
