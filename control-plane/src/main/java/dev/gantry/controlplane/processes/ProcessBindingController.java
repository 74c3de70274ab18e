package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.security.Caller;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A diagram's tasks bound to endpoints of the project's active specification (see {@link BindingService}). */
@RestController
class ProcessBindingController {
    /** Either an endpoint chosen by hand, or {@code "accept": true} for the top suggestion. */
    record BindRequest(UUID endpointId, Boolean accept) {}

    /** Which version's tasks, and the lowest confidence bound (default 0.5). */
    record SuggestRequest(Integer version, Double threshold) {}

    private final BindingService bindings;

    ProcessBindingController(BindingService bindings) {
        this.bindings = bindings;
    }

    @GetMapping("/api/v1/processes/{id}/bindings")
    BindingService.Answer list(Caller caller, @PathVariable UUID id, @RequestParam(required = false) Integer version) {
        return bindings.list(caller, id, version);
    }

    @PutMapping("/api/v1/processes/{id}/bindings/{elementId}")
    BindingService.BindingView bind(
            Caller caller, @PathVariable UUID id, @PathVariable String elementId, @RequestBody BindRequest request) {
        return bindings.bind(caller, id, elementId, request.endpointId(), request.accept());
    }

    @DeleteMapping("/api/v1/processes/{id}/bindings/{elementId}")
    ResponseEntity<Void> unbind(Caller caller, @PathVariable UUID id, @PathVariable String elementId) {
        bindings.unbind(caller, id, elementId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/processes/{id}/bindings/suggest")
    BindingService.SuggestAnswer suggest(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) SuggestRequest request) {
        SuggestRequest r = request == null ? new SuggestRequest(null, null) : request;
        return bindings.suggest(caller, id, r.version(), r.threshold());
    }
}
