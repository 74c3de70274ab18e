package dev.gantry.controlplane.reports;

import dev.gantry.model.StepDetail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** One line per step detail (every attempt), RFC 4180 quoting, for spreadsheets and scripts. */
@Component
class CsvReport {
    static final List<String> COLUMNS = List.of(
            "run_id",
            "work_item",
            "row",
            "step",
            "attempt",
            "case_id",
            "case_name",
            "status",
            "method",
            "url",
            "response_status",
            "duration_ms",
            "started_at",
            "message");

    private final ReportSource source;

    CsvReport(ReportSource source) {
        this.source = source;
    }

    void write(ReportRun run, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", COLUMNS));
        w.write("\r\n");
        try {
            source.forEachStep(run.id(), null, d -> line(w, d));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
    }

    private static void line(Writer w, StepDetail d) {
        try {
            w.write(String.join(
                    ",",
                    d.runId().toString(),
                    Long.toString(d.workItemSeq()),
                    Integer.toString(d.rowIndex()),
                    Integer.toString(d.stepIndex()),
                    Integer.toString(d.attempt()),
                    d.caseId().toString(),
                    quote(d.caseName()),
                    d.status().name(),
                    quote(d.method()),
                    quote(d.url()),
                    d.responseStatus() == null ? "" : d.responseStatus().toString(),
                    String.format(java.util.Locale.ROOT, "%.3f", d.durationMicros() / 1000.0),
                    Instant.ofEpochMilli(d.startedAtEpochMs()).toString(),
                    d.status().successful() ? "" : quote(Text.message(d))));
            w.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
    static String quote(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
