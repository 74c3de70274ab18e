package dev.gantry.controlplane.admin;

import dev.gantry.controlplane.runs.Run;
import dev.gantry.controlplane.runs.RunCancellation;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.model.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** What operators ask when a run does not start: who waits, behind whom, and who holds the permits. */
@RestController
class AdmissionAdminController {
    /** A run waiting for a run permit; {@code position} counts from 1 within its tenant. */
    record Waiting(
            UUID runId, UUID tenantId, String tenant, String suite, Instant queuedAt, long position, String reason) {}

    /** A run holding a run permit, and until when its control plane has renewed the lease. */
    record Held(
            UUID runId,
            UUID tenantId,
            String tenant,
            String status,
            Instant admittedAt,
            String admittedBy,
            Instant leaseUntil) {}

    /** A run an operator cancelled, whichever tenant it belongs to. */
    record Cancelled(UUID runId, UUID tenantId, RunStatus status, String error) {}

    private final JdbcTemplate jdbc;
    private final RunCancellation cancellation;

    AdmissionAdminController(JdbcTemplate jdbc, RunCancellation cancellation) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
    }

    /** Frees a farm from a runaway run of any tenant: the same cancellation as the tenant's own. */
    @PostMapping("/api/v1/admin/runs/{id}/cancel")
    Cancelled cancel(Caller caller, @PathVariable UUID id) {
        Run run = cancellation.cancelAnyTenant(id, "by an operator (user " + caller.userId() + ")");
        return new Cancelled(run.getId(), run.getTenantId(), run.getStatus(), run.getErrorMessage());
    }

    @GetMapping("/api/v1/admin/queue")
    List<Waiting> queue() {
        return jdbc.query(
                """
                select r.id, r.tenant_id, t.name, s.name, r.created_at,
                    row_number() over (partition by r.tenant_id order by r.created_at, r.id),
                    p.name, l.limit_value,
                    (select count(*) from runs a where a.tenant_id = r.tenant_id and a.admitted_at is not null
                        and a.status in ('QUEUED', 'RUNNING'))
                from runs r join tenants t on t.id = r.tenant_id join plans p on p.id = t.plan_id
                join test_suites s on s.id = r.suite_id
                left join plan_limits l on l.plan_id = p.id and l.limit_name = 'MaxConcurrentRuns'
                where r.status = 'QUEUED' and r.admitted_at is null
                order by r.created_at, r.id
                """,
                (rs, i) -> new Waiting(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getLong(6),
                        "MaxConcurrentRuns of plan " + rs.getString(7) + " is "
                                + (rs.getObject(8) == null ? "unlimited" : rs.getLong(8)) + "; " + rs.getLong(9)
                                + " run(s) of this tenant hold a permit"));
    }

    @GetMapping("/api/v1/admin/permits")
    List<Held> permits() {
        return jdbc.query(
                """
                select r.id, r.tenant_id, t.name, r.status, r.admitted_at, r.admitted_by, r.lease_until
                from runs r join tenants t on t.id = r.tenant_id
                where r.admitted_at is not null and r.status in ('QUEUED', 'RUNNING')
                order by r.admitted_at
                """,
                (rs, i) -> new Held(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()));
    }
}
