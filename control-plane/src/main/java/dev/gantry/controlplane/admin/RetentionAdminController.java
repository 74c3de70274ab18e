package dev.gantry.controlplane.admin;

import dev.gantry.controlplane.runs.RetentionPurge;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs the retention purge now (it also runs on its own every {@code gantry.runs.purge-interval}). */
@RestController
class RetentionAdminController {
    private final RetentionPurge purge;

    RetentionAdminController(RetentionPurge purge) {
        this.purge = purge;
    }

    @PostMapping("/api/v1/admin/retention/purge")
    RetentionPurge.Purged purge() {
        return purge.purge();
    }
}
