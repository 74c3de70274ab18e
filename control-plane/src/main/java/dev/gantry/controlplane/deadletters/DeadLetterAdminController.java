package dev.gantry.controlplane.deadletters;

import dev.gantry.controlplane.common.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Partition requests no worker could take, for operators: why, which run and partition, the request itself. */
@RestController
class DeadLetterAdminController {
    static final int MAX_LIMIT = 500;

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    List<DeadLetters.DeadLetter> list(
            @RequestParam(required = false) Instant before, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return deadLetters.list(before, limit);
    }

    @GetMapping("/api/v1/admin/dead-letters/{id}")
    DeadLetters.DeadLetter get(@PathVariable UUID id) {
        return deadLetters.get(id);
    }

    @DeleteMapping("/api/v1/admin/dead-letters/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        deadLetters.delete(id);
        return ResponseEntity.noContent().build();
    }
}
