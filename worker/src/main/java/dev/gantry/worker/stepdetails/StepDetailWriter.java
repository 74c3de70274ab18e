package dev.gantry.worker.stepdetails;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.StepDetail;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a step detail's JSON field by field, as databind would (same names, nulls left out), for
 * the price of the generator calls alone: serialising details was a tenth of a worker's CPU under
 * JFR, much of it databind's per-property dispatch. The property names are encoded once, here:
 * encoding them again for every detail was a fifth of what remained. Readers use plain databind.
 */
final class StepDetailWriter extends StdSerializer<StepDetail> {
    private static final SerializableString SCHEMA_VERSION = name("schemaVersion");
    private static final SerializableString RUN_ID = name("runId");
    private static final SerializableString WORK_ITEM_SEQ = name("workItemSeq");
    private static final SerializableString ROW_INDEX = name("rowIndex");
    private static final SerializableString STEP_INDEX = name("stepIndex");
    private static final SerializableString ATTEMPT = name("attempt");
    private static final SerializableString CASE_ID = name("caseId");
    private static final SerializableString CASE_NAME = name("caseName");
    private static final SerializableString STATUS = name("status");
    private static final SerializableString METHOD = name("method");
    private static final SerializableString URL = name("url");
    private static final SerializableString REQUEST_HEADERS = name("requestHeaders");
    private static final SerializableString REQUEST_BODY = name("requestBody");
    private static final SerializableString RESPONSE_STATUS = name("responseStatus");
    private static final SerializableString RESPONSE_HEADERS = name("responseHeaders");
    private static final SerializableString RESPONSE_BODY = name("responseBody");
    private static final SerializableString STARTED_AT = name("startedAtEpochMs");
    private static final SerializableString DURATION = name("durationMicros");
    private static final SerializableString FAILURES = name("failures");
    private static final SerializableString CHECK = name("check");
    private static final SerializableString EXPECTED = name("expected");
    private static final SerializableString ACTUAL = name("actual");
    private static final SerializableString ERROR = name("error");
    private static final SerializableString CONFORMANCE = name("conformance");
    private static final SerializableString RESPONSE_BYTES = name("responseBytes");
    private static final SerializableString ABRIDGED = name("abridged");

    StepDetailWriter() {
        super(StepDetail.class);
    }

    private static SerializableString name(String name) {
        SerializedString encoded = new SerializedString(name);
        // computes and keeps the quoted UTF-8 bytes the generator copies
        encoded.asQuotedUTF8();
        return encoded;
    }

    @Override
    public void serialize(StepDetail d, JsonGenerator out, SerializationContext context) {
        out.writeStartObject();
        number(out, SCHEMA_VERSION, d.schemaVersion());
        text(out, RUN_ID, d.runId() == null ? null : d.runId().toString());
        number(out, WORK_ITEM_SEQ, d.workItemSeq());
        number(out, ROW_INDEX, d.rowIndex());
        number(out, STEP_INDEX, d.stepIndex());
        number(out, ATTEMPT, d.attempt());
        text(out, CASE_ID, d.caseId() == null ? null : d.caseId().toString());
        text(out, CASE_NAME, d.caseName());
        text(out, STATUS, d.status() == null ? null : d.status().name());
        text(out, METHOD, d.method());
        text(out, URL, d.url());
        map(out, REQUEST_HEADERS, d.requestHeaders());
        text(out, REQUEST_BODY, d.requestBody());
        if (d.responseStatus() != null) {
            number(out, RESPONSE_STATUS, d.responseStatus());
        }
        map(out, RESPONSE_HEADERS, d.responseHeaders());
        text(out, RESPONSE_BODY, d.responseBody());
        number(out, STARTED_AT, d.startedAtEpochMs());
        number(out, DURATION, d.durationMicros());
        out.writeName(FAILURES);
        out.writeStartArray();
        for (AssertionFailure failure : d.failures()) {
            out.writeStartObject();
            text(out, CHECK, failure.check());
            text(out, EXPECTED, failure.expected());
            text(out, ACTUAL, failure.actual());
            out.writeEndObject();
        }
        out.writeEndArray();
        text(out, ERROR, d.error());
        if (d.conformance() != null) {
            out.writeName(CONFORMANCE);
            context.writeValue(out, d.conformance());
        }
        if (d.responseBytes() != null) {
            number(out, RESPONSE_BYTES, d.responseBytes());
        }
        if (d.abridged() != null) {
            out.writeName(ABRIDGED);
            out.writeBoolean(d.abridged());
        }
        out.writeEndObject();
    }

    private static void number(JsonGenerator out, SerializableString name, long value) {
        out.writeName(name);
        out.writeNumber(value);
    }

    private static void text(JsonGenerator out, SerializableString name, String value) {
        if (value != null) {
            out.writeName(name);
            out.writeString(value);
        }
    }

    private static void map(JsonGenerator out, SerializableString name, Map<String, String> values) {
        out.writeName(name);
        out.writeStartObject();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                out.writeStringProperty(entry.getKey(), entry.getValue());
            }
        }
        out.writeEndObject();
    }
}
