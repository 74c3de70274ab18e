package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.security.Caller;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** End-to-end scenarios of a diagram: previewed, or generated as a suite (see {@link ScenarioService}). */
@RestController
class ProcessScenarioController {
    private final ScenarioService scenarios;

    ProcessScenarioController(ScenarioService scenarios) {
        this.scenarios = scenarios;
    }

    @PostMapping("/api/v1/processes/{id}/scenarios/preview")
    ScenarioService.Answer preview(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) ScenarioService.Request request) {
        return scenarios.preview(caller, id, request);
    }

    @PostMapping("/api/v1/processes/{id}/scenarios")
    ResponseEntity<ScenarioService.Answer> generate(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) ScenarioService.Request request) {
        ScenarioService.Answer answer = scenarios.generate(caller, id, request);
        return ResponseEntity.created(URI.create("/api/v1/suites/" + answer.suiteId()))
                .body(answer);
    }
}
