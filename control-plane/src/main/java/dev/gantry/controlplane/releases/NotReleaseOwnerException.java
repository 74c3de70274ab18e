package dev.gantry.controlplane.releases;

import java.util.UUID;

/** A change only the release's owner, its QA lead or an admin may make (403). */
class NotReleaseOwnerException extends RuntimeException {
    NotReleaseOwnerException(UUID releaseId) {
        super("only the owner of release " + releaseId + ", its QA lead or an admin configures its gate and approvers");
    }
}
