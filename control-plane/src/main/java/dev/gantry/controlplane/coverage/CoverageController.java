package dev.gantry.controlplane.coverage;

import dev.gantry.controlplane.security.Caller;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CoverageController {
    private final CoverageService coverage;

    CoverageController(CoverageService coverage) {
        this.coverage = coverage;
    }

    @GetMapping("/api/v1/runs/{runId}/coverage")
    CoverageService.Report get(Caller caller, @PathVariable UUID runId) {
        return coverage.latest(caller.tenantId(), runId);
    }

    @PostMapping("/api/v1/runs/{runId}/coverage")
    @ResponseStatus(HttpStatus.ACCEPTED)
    CoverageService.Report start(
            Caller caller, @PathVariable UUID runId, @RequestParam(required = false) Integer partitions) {
        return coverage.start(caller.tenantId(), runId, partitions);
    }

    @GetMapping("/api/v1/projects/{projectId}/coverage/trend")
    List<CoverageService.TrendPoint> trend(
            Caller caller, @PathVariable UUID projectId, @RequestParam(defaultValue = "10") int limit) {
        return coverage.trend(caller.tenantId(), projectId, limit);
    }
}
