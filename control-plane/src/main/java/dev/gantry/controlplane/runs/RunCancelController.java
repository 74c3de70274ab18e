package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.security.Caller;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/runs/{id}/cancel}: the run ends CANCELLED, keeping what it counted so far. */
@RestController
class RunCancelController {
    private final RunCancellation cancellation;
    private final RunController runs;

    RunCancelController(RunCancellation cancellation, RunController runs) {
        this.cancellation = cancellation;
        this.runs = runs;
    }

    @PostMapping("/api/v1/runs/{id}/cancel")
    RunController.RunResponse cancel(Caller caller, @PathVariable UUID id) {
        cancellation.cancel(id, caller.tenantId(), "by request");
        return runs.get(caller, id);
    }
}
