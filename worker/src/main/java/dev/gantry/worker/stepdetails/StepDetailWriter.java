package dev.gantry.worker.stepdetails;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.StepDetail;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a step detail's JSON field by field, as databind would (same names, nulls left out), for
 * the price of the generator calls alone: serialising details was a tenth of a worker's CPU under
 * JFR, much of it databind's per-property dispatch. Readers use plain databind.
 */
final class StepDetailWriter extends StdSerializer<StepDetail> {

    StepDetailWriter() {
        super(StepDetail.class);
    }

    @Override
    public void serialize(StepDetail d, JsonGenerator out, SerializationContext context) {
        out.writeStartObject();
        out.writeNumberProperty("schemaVersion", d.schemaVersion());
        text(out, "runId", d.runId() == null ? null : d.runId().toString());
        out.writeNumberProperty("workItemSeq", d.workItemSeq());
        out.writeNumberProperty("rowIndex", d.rowIndex());
        out.writeNumberProperty("stepIndex", d.stepIndex());
        out.writeNumberProperty("attempt", d.attempt());
        text(out, "caseId", d.caseId() == null ? null : d.caseId().toString());
        text(out, "caseName", d.caseName());
        text(out, "status", d.status() == null ? null : d.status().name());
        text(out, "method", d.method());
        text(out, "url", d.url());
        map(out, "requestHeaders", d.requestHeaders());
        text(out, "requestBody", d.requestBody());
        if (d.responseStatus() != null) {
            out.writeNumberProperty("responseStatus", d.responseStatus());
        }
        map(out, "responseHeaders", d.responseHeaders());
        text(out, "responseBody", d.responseBody());
        out.writeNumberProperty("startedAtEpochMs", d.startedAtEpochMs());
        out.writeNumberProperty("durationMicros", d.durationMicros());
        out.writeArrayPropertyStart("failures");
        for (AssertionFailure failure : d.failures()) {
            out.writeStartObject();
            text(out, "check", failure.check());
            text(out, "expected", failure.expected());
            text(out, "actual", failure.actual());
            out.writeEndObject();
        }
        out.writeEndArray();
        text(out, "error", d.error());
        if (d.conformance() != null) {
            out.writeName("conformance");
            context.writeValue(out, d.conformance());
        }
        if (d.responseBytes() != null) {
            out.writeNumberProperty("responseBytes", d.responseBytes());
        }
        if (d.abridged() != null) {
            out.writeBooleanProperty("abridged", d.abridged());
        }
        out.writeEndObject();
    }

    private static void text(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    private static void map(JsonGenerator out, String name, Map<String, String> values) {
        out.writeObjectPropertyStart(name);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                out.writeStringProperty(entry.getKey(), entry.getValue());
            }
        }
        out.writeEndObject();
    }
}
