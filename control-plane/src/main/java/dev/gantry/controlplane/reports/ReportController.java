package dev.gantry.controlplane.reports;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports of a run: {@code /api/v1/runs/{id}/reports/{junit|json|csv|html}} (and
 * {@code /report.xml}, the JUnit report under the name CI plugins guess). The run is checked
 * first (404 for another tenant's, 410 once its details expired), then the report is written
 * straight to the response while it is read, never assembled in memory.
 */
@RestController
class ReportController {
    private static final Logger log = LoggerFactory.getLogger(ReportController.class);

    enum Format {
        JUNIT("application/xml", "xml"),
        JSON("application/json", "json"),
        CSV("text/csv", "csv"),
        HTML("text/html", "html");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }
    }

    private final ReportSource source;
    private final JunitReport junit;
    private final JsonReport json;
    private final CsvReport csv;
    private final HtmlReport html;

    ReportController(ReportSource source, JunitReport junit, JsonReport json, CsvReport csv, HtmlReport html) {
        this.source = source;
        this.junit = junit;
        this.json = json;
        this.csv = csv;
        this.html = html;
    }

    @GetMapping("/api/v1/runs/{id}/report.xml")
    void junitXml(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        write(caller, id, Format.JUNIT, response);
    }

    @GetMapping("/api/v1/runs/{id}/reports/{format}")
    void report(Caller caller, @PathVariable UUID id, @PathVariable String format, HttpServletResponse response)
            throws IOException {
        write(caller, id, parse(format), response);
    }

    private static Format parse(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        return switch (f) {
            case "junit", "xml" -> Format.JUNIT;
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            case "html" -> Format.HTML;
            default ->
                throw new InvalidInputException(
                        "format", "unknown report format '" + format + "'; use one of junit, json, csv, html");
        };
    }

    private void write(Caller caller, UUID id, Format format, HttpServletResponse response) throws IOException {
        ReportRun run = source.run(id, caller.tenantId());
        source.requireDetails(run);
        response.setStatus(200);
        response.setContentType(format.contentType + ";charset=UTF-8");
        String disposition = format == Format.HTML ? "inline" : "attachment";
        response.setHeader(
                "Content-Disposition", disposition + "; filename=\"gantry-run-" + id + "." + format.extension + "\"");
        response.setHeader("X-Gantry-Run-Status", run.status().name());
        OutputStream out = response.getOutputStream();
        try {
            switch (format) {
                case JUNIT -> junit.write(run, out);
                case JSON -> json.write(run, out);
                case CSV -> csv.write(run, out);
                case HTML -> html.write(run, caller.tenantId(), out);
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the status line is gone already: all a client can see is a cut-off body
            log.warn("writing the {} report of run {} failed: {}", format, id, e.toString());
            throw e;
        }
    }
}
