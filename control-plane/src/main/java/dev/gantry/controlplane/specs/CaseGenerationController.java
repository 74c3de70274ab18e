package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.security.Caller;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CaseGenerationController {
    /** Both optional: the project's active specification, every kind. */
    record GenerateRequest(UUID specId, List<String> kinds) {}

    private final CaseGenerationService generation;

    CaseGenerationController(CaseGenerationService generation) {
        this.generation = generation;
    }

    @PostMapping("/api/v1/suites/{suiteId}/generate")
    CaseGenerationService.Report generate(
            Caller caller, @PathVariable UUID suiteId, @RequestBody(required = false) GenerateRequest request) {
        GenerateRequest r = request == null ? new GenerateRequest(null, null) : request;
        return generation.generate(caller, suiteId, r.specId(), r.kinds());
    }

    @GetMapping("/api/v1/suites/{suiteId}/generated")
    List<CaseGenerationService.Origin> origins(Caller caller, @PathVariable UUID suiteId) {
        return generation.origins(caller, suiteId);
    }
}
