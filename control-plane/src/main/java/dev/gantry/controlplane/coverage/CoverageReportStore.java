package dev.gantry.controlplane.coverage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only writer of {@code coverage_reports}: a report is created RUNNING, then COMPLETED by the
 * aggregation or FAILED. (The worker writes the rows of {@code coverage_endpoints}.)
 * {@code TableOwnershipTest} holds the table to this class.
 */
@Component
class CoverageReportStore {
    private final JdbcTemplate jdbc;

    CoverageReportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID id, UUID tenantId, UUID runId, UUID projectId, UUID specId, int partitions, Instant now) {
        jdbc.update(
                "insert into coverage_reports (id, tenant_id, run_id, project_id, spec_id, status, partitions, created_at) values (?, ?, ?, ?, ?, 'RUNNING', ?, ?)",
                id,
                tenantId,
                runId,
                projectId,
                specId,
                partitions,
                Timestamp.from(now));
    }

    void complete(UUID id, String summaryJson, Instant now) {
        jdbc.update(
                "update coverage_reports set status = 'COMPLETED', summary = ?::jsonb, completed_at = ? where id = ?",
                summaryJson,
                Timestamp.from(now),
                id);
    }

    /** A RUNNING report ends FAILED, saying why; one that ended already stays as it is. */
    void fail(UUID id, String error, Instant now) {
        jdbc.update(
                "update coverage_reports set status = 'FAILED', error = ?, completed_at = ? where id = ? and status = 'RUNNING'",
                error,
                Timestamp.from(now),
                id);
    }
}
