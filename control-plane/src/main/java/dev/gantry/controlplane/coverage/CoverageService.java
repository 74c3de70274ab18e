package dev.gantry.controlplane.coverage;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.processes.ProcessResults;
import dev.gantry.controlplane.runs.RunEnded;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts coverage reports (after every finished run whose project has an active specification, and
 * on demand) and reads them. The report row exists before its job starts, so a client polling
 * {@code GET /runs/{id}/coverage} sees RUNNING, then COMPLETED or FAILED with the reason. A run
 * of a process suite has its process coverage (elements and sequence flows exercised) there too, as
 * {@code process}; without an active specification it is the only part ({@code status} NO_SPECIFICATION).
 */
@Service
public class CoverageService implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(CoverageService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int ENDPOINTS_PER_PARTITION = 500;
    static final int MAX_PARTITIONS = 16;

    private final JdbcTemplate jdbc;
    private final CoverageReportStore reports;
    private final JobOperator jobOperator;
    private final Job coverageJob;
    private final Clock clock;
    private final ProcessResults processes;

    CoverageService(
            JdbcTemplate jdbc,
            CoverageReportStore reports,
            JobOperator jobOperator,
            @Qualifier("coverageJob") Job coverageJob,
            Clock clock,
            ProcessResults processes) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.jobOperator = jobOperator;
        this.coverageJob = coverageJob;
        this.clock = clock;
        this.processes = processes;
    }

    public record Report(
            UUID id,
            UUID runId,
            UUID specId,
            String status,
            int partitions,
            JsonNode summary,
            String error,
            Instant createdAt,
            Instant completedAt,
            ProcessResults.Coverage process) {
        Report withProcess(ProcessResults.Coverage coverage) {
            return new Report(id, runId, specId, status, partitions, summary, error, createdAt, completedAt, coverage);
        }
    }

    /** Status of a run's coverage when its project has no report against a specification, only the process's. */
    static final String NO_SPECIFICATION = "NO_SPECIFICATION";

    public record TrendPoint(UUID runId, UUID reportId, Instant createdAt, int tested, int total, JsonNode percent) {}

    private record RunInfo(UUID tenantId, UUID projectId, String status) {}

    private Optional<RunInfo> run(UUID runId) {
        return jdbc
                .query(
                        "select r.tenant_id, s.project_id, r.status from runs r join test_suites s on s.id = r.suite_id where r.id = ?",
                        (rs, i) ->
                                new RunInfo(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                        runId)
                .stream()
                .findFirst();
    }

    private Optional<UUID> activeSpec(UUID projectId) {
        return jdbc
                .queryForList("select id from api_specs where project_id = ? and active", UUID.class, projectId)
                .stream()
                .findFirst();
    }

    /** After a run's job: a report with as many partitions as the specification's size calls for. */
    @EventListener
    void afterRun(RunEnded ended) {
        if (!ended.jobRan()) {
            return;
        }
        UUID runId = ended.runId();
        try {
            run(runId).ifPresent(run -> activeSpec(run.projectId()).ifPresent(spec -> {
                Integer endpoints = jdbc.queryForObject(
                        "select count(*) from spec_endpoints where spec_id = ?", Integer.class, spec);
                int partitions = Math.max(
                        1,
                        Math.min(
                                MAX_PARTITIONS,
                                Math.ceilDiv(endpoints == null ? 0 : endpoints, ENDPOINTS_PER_PARTITION)));
                launch(run, runId, spec, partitions);
            }));
        } catch (RuntimeException e) {
            log.warn("coverage of run {} could not be started: {}", runId, e.getMessage());
        }
    }

    /** On demand, with a chosen number of partitions (1..64). */
    public Report start(UUID tenantId, UUID runId, Integer partitions) {
        RunInfo run = run(runId)
                .filter(r -> r.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("run", runId));
        if (List.of("QUEUED", "RUNNING").contains(run.status())) {
            throw new ConflictException(
                    "status", "run " + runId + " is still " + run.status() + "; coverage needs its final step details");
        }
        int n = partitions == null ? 0 : partitions;
        if (partitions != null && (n < 1 || n > 64)) {
            throw new InvalidInputException("partitions", "between 1 and 64");
        }
        UUID spec = activeSpec(run.projectId())
                .orElseThrow(() ->
                        new UnprocessableException("no-active-spec", "the run's project has no active specification"));
        if (partitions == null) {
            Integer endpoints =
                    jdbc.queryForObject("select count(*) from spec_endpoints where spec_id = ?", Integer.class, spec);
            n = Math.max(
                    1,
                    Math.min(MAX_PARTITIONS, Math.ceilDiv(endpoints == null ? 0 : endpoints, ENDPOINTS_PER_PARTITION)));
        }
        UUID id = launch(run, runId, spec, n);
        return report(id).orElseThrow().withProcess(processCoverage(tenantId, runId));
    }

    private UUID launch(RunInfo run, UUID runId, UUID spec, int partitions) {
        UUID id = UUID.randomUUID();
        reports.create(id, run.tenantId(), runId, run.projectId(), spec, partitions, clock.instant());
        JobParameters parameters = new JobParametersBuilder()
                .addString(CoverageJobConfiguration.COVERAGE_ID, id.toString())
                .toJobParameters();
        try {
            jobOperator.start(coverageJob, parameters);
        } catch (Exception e) {
            fail(id, "the coverage job could not be started: " + e.getMessage());
        }
        return id;
    }

    private void fail(UUID id, String error) {
        reports.fail(id, error, clock.instant());
    }

    /** A job that ends without the aggregation's COMPLETED leaves its report FAILED, saying why. */
    @Override
    public void afterJob(JobExecution execution) {
        String id = execution.getJobParameters().getString(CoverageJobConfiguration.COVERAGE_ID);
        if (id != null && execution.getStatus() != BatchStatus.COMPLETED) {
            // a slice's own reason, as its worker recorded it, says more than "a partition failed"
            String reason = jdbc
                    .queryForList(
                            """
                            select f.reason from worker_step_failures f
                            join batch_step_execution s on s.step_execution_id = f.step_execution_id
                            where s.job_execution_id = ? order by f.recorded_at limit 1
                            """,
                            String.class,
                            execution.getId())
                    .stream()
                    .map(slice -> "a slice failed: " + slice)
                    .findFirst()
                    .orElseGet(() -> execution.getAllFailureExceptions().stream()
                            .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
                            .findFirst()
                            .orElse(String.valueOf(execution.getExitStatus().getExitDescription())));
            fail(UUID.fromString(id), "the coverage job ended " + execution.getStatus() + ": " + reason);
        }
    }

    private Optional<Report> report(UUID id) {
        return jdbc
                .query(
                        "select id, run_id, spec_id, status, partitions, summary::text, error, created_at, completed_at from coverage_reports where id = ?",
                        (rs, i) -> new Report(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                rs.getInt(5),
                                rs.getString(6) == null ? null : JSON.readTree(rs.getString(6)),
                                rs.getString(7),
                                rs.getTimestamp(8).toInstant(),
                                rs.getTimestamp(9) == null
                                        ? null
                                        : rs.getTimestamp(9).toInstant(),
                                null),
                        id)
                .stream()
                .findFirst();
    }

    /** The run's latest report. */
    public Report latest(UUID tenantId, UUID runId) {
        var run = run(runId)
                .filter(r -> r.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("run", runId));
        List<UUID> ids = jdbc.queryForList(
                "select id from coverage_reports where run_id = ? and tenant_id = ? order by created_at desc limit 1",
                UUID.class,
                runId,
                tenantId);
        ProcessResults.Coverage process = processCoverage(tenantId, runId);
        if (ids.isEmpty()) {
            // without a specification there is nothing to wait for: say so rather than "not found"
            if (process != null || activeSpec(run.projectId()).isEmpty()) {
                return new Report(null, runId, null, NO_SPECIFICATION, 0, null, null, null, null, process);
            }
            throw new NotFoundException("coverage of run", runId);
        }
        return report(ids.getFirst()).orElseThrow().withProcess(process);
    }

    private ProcessResults.Coverage processCoverage(UUID tenantId, UUID runId) {
        return processes
                .ofRun(tenantId, runId)
                .map(ProcessResults.Report::coverage)
                .orElse(null);
    }

    /** Per run (newest first), its latest completed report's figures. */
    public List<TrendPoint> trend(UUID tenantId, UUID projectId, int limit) {
        Integer owned = jdbc.queryForObject(
                "select count(*) from projects where id = ? and tenant_id = ?", Integer.class, projectId, tenantId);
        if (owned == null || owned == 0) {
            throw new NotFoundException("project", projectId);
        }
        return jdbc
                .query(
                        """
                select distinct on (c.run_id) c.run_id, c.id, c.created_at, c.summary::text
                from coverage_reports c where c.project_id = ? and c.tenant_id = ? and c.status = 'COMPLETED'
                order by c.run_id, c.created_at desc""",
                        (rs, i) -> {
                            JsonNode summary = JSON.readTree(rs.getString(4));
                            return new TrendPoint(
                                    rs.getObject(1, UUID.class),
                                    rs.getObject(2, UUID.class),
                                    rs.getTimestamp(3).toInstant(),
                                    summary.path("tested").asInt(),
                                    summary.path("total").asInt(),
                                    summary.path("percent"));
                        },
                        projectId,
                        tenantId)
                .stream()
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .limit(Math.max(1, Math.min(limit, 100)))
                .toList();
    }
}
