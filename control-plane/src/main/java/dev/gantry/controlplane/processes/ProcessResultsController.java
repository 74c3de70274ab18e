package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's results per process element, and a diagram drawn as SVG, plain or coloured by a run's
 * results. The SVG is served with a Content-Security-Policy of its own, so that even opened on its
 * own it can run nothing and fetch nothing.
 */
@RestController
class ProcessResultsController {
    static final MediaType SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'";

    private final ProcessResults results;
    private final ProcessStore store;

    ProcessResultsController(ProcessResults results, ProcessStore store) {
        this.results = results;
        this.store = store;
    }

    @GetMapping("/api/v1/runs/{id}/process")
    ProcessResults.Report ofRun(Caller caller, @PathVariable UUID id) {
        return results.require(caller.tenantId(), id);
    }

    @GetMapping("/api/v1/processes/{id}/diagram.svg")
    ResponseEntity<String> diagram(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) UUID runId) {
        ProcessStore.Diagram diagram =
                store.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("diagram", id));
        String svg;
        if (runId == null) {
            int drawn = version == null ? diagram.latestVersion() : version;
            if (drawn < 1 || drawn > diagram.latestVersion()) {
                throw new InvalidInputException(
                        "version", "diagram " + id + " has versions 1 to " + diagram.latestVersion());
            }
            svg = ProcessDiagramSvg.draw(store.elements(id, drawn), store.flows(id, drawn), null);
        } else {
            ProcessResults.Report report = results.require(caller.tenantId(), runId);
            if (!report.diagramId().equals(id)) {
                throw new InvalidInputException(
                        "runId", "run " + runId + " is of a suite generated from another diagram");
            }
            if (version != null && version != report.version()) {
                throw new InvalidInputException(
                        "version", "run " + runId + " exercised version " + report.version() + " of the diagram");
            }
            svg = ProcessDiagramSvg.draw(
                    store.elements(id, report.version()), store.flows(id, report.version()), report);
        }
        return ResponseEntity.ok()
                .contentType(SVG)
                .header("Content-Security-Policy", CSP)
                .header("Content-Disposition", "inline; filename=\"diagram-" + id + ".svg\"")
                .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg);
    }
}
