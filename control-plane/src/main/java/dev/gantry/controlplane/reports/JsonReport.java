package dev.gantry.controlplane.reports;

import java.io.OutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** The run as one JSON document: summary, cases, quarantined cases, then every step detail, streamed. */
@Component
class JsonReport {
    private final ReportSource source;
    private final JsonMapper json;

    JsonReport(ReportSource source, JsonMapper json) {
        this.source = source;
        this.json = json;
    }

    void write(ReportRun run, OutputStream out) {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("format", "gantry-report/1");
            g.writeName("run");
            g.writeStartObject();
            g.writeStringProperty("id", run.id().toString());
            g.writeStringProperty("suiteId", run.suiteId().toString());
            g.writeStringProperty("suiteName", run.suiteName());
            g.writeStringProperty("environmentId", run.environmentId().toString());
            g.writeStringProperty("environmentName", run.environmentName());
            g.writeStringProperty("status", run.status().name());
            g.writeStringProperty("trigger", run.trigger());
            g.writeStringProperty("commitSha", run.commitSha());
            g.writeStringProperty("branch", run.branch());
            g.writePOJOProperty("createdAt", run.createdAt());
            g.writePOJOProperty("startedAt", run.startedAt());
            g.writePOJOProperty("finishedAt", run.finishedAt());
            g.writePOJOProperty("durationMs", run.durationMs());
            g.writeStringProperty("error", run.error());
            g.writeName("totals");
            g.writeStartObject();
            g.writeNumberProperty("steps", run.totalSteps());
            g.writeNumberProperty("done", run.done());
            g.writeNumberProperty("passed", run.passed());
            g.writeNumberProperty("flaky", run.flaky());
            g.writeNumberProperty("failed", run.failed());
            g.writeNumberProperty("skipped", run.skipped());
            g.writeNumberProperty("errored", run.errored());
            g.writeEndObject();
            g.writeEndObject();
            g.writePOJOProperty("cases", run.cases());
            g.writePOJOProperty("quarantined", run.quarantined());
            g.writeName("steps");
            g.writeStartArray();
            source.forEachStep(run.id(), null, g::writePOJO);
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
