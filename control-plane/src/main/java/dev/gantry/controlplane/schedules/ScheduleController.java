package dev.gantry.controlplane.schedules;

import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.security.Caller;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cron schedules of a suite in an environment: {@code /api/v1/suites/{id}/schedules} and
 * {@code /api/v1/schedules/{id}} (with the next fire times and the last runs), pause and resume.
 * Resuming computes the next fire time from now: a paused schedule does not catch up.
 */
@RestController
class ScheduleController {
    static final int NEXT_TIMES = 5;
    static final int LAST_RUNS = 10;

    /** {@code runUnreadySuites}: also run the suite while it is DRAFT (default: READY suites only). */
    record ScheduleRequest(
            String name, UUID environmentId, String cron, String timeZone, Boolean enabled, Boolean runUnreadySuites) {}

    record LastRun(UUID id, String status, Instant scheduledFor, Instant createdAt, Instant finishedAt) {}

    record ScheduleResponse(
            UUID id,
            UUID suiteId,
            UUID environmentId,
            String name,
            String cron,
            String timeZone,
            boolean enabled,
            Instant nextFireAt,
            List<Instant> nextFireTimes,
            Instant lastFiredAt,
            String lastError,
            boolean runUnreadySuites,
            List<LastRun> lastRuns) {}

    private record Row(
            UUID id,
            UUID suiteId,
            UUID environmentId,
            String name,
            String cron,
            String zone,
            boolean enabled,
            Instant nextFireAt,
            Instant lastFiredAt,
            String lastError,
            boolean runUnreadySuites) {}

    private final JdbcTemplate jdbc;
    private final ScheduleStore store;
    private final Clock clock;

    ScheduleController(JdbcTemplate jdbc, ScheduleStore store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    @PostMapping("/api/v1/suites/{suiteId}/schedules")
    ResponseEntity<ScheduleResponse> create(
            Caller caller, @PathVariable UUID suiteId, @RequestBody ScheduleRequest body) {
        UUID projectId = suiteProject(suiteId, caller.tenantId());
        if (body == null) {
            throw new InvalidInputException("body", "is required");
        }
        List<FieldViolation> errors = new ArrayList<>();
        if (body.environmentId() == null) {
            errors.add(new FieldViolation("environmentId", "is required"));
        }
        Cron cron = cron(body.cron(), body.timeZone(), errors);
        if (body.name() != null && body.name().length() > 200) {
            errors.add(new FieldViolation("name", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        checkEnvironment(body.environmentId(), projectId, caller.tenantId());
        boolean enabled = body.enabled() == null || body.enabled();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        store.create(
                id,
                caller.tenantId(),
                suiteId,
                new ScheduleStore.Values(
                        body.name(),
                        body.environmentId(),
                        cron.expression(),
                        cron.zone().getId(),
                        enabled,
                        enabled ? cron.next(now) : null,
                        Boolean.TRUE.equals(body.runUnreadySuites())),
                caller.userId(),
                now);
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + id)).body(get(caller, id));
    }

    /** The suite's schedules, each with its last runs (one read of them all, as for one schedule). */
    @GetMapping("/api/v1/suites/{suiteId}/schedules")
    List<ScheduleResponse> list(Caller caller, @PathVariable UUID suiteId) {
        suiteProject(suiteId, caller.tenantId());
        Map<UUID, List<LastRun>> lastRuns = new HashMap<>();
        jdbc.query(
                """
                select s.id, r.id, r.status, r.scheduled_for, r.created_at, r.finished_at from schedules s
                cross join lateral (select id, status, scheduled_for, created_at, finished_at from runs
                    where schedule_id = s.id order by created_at desc limit ?) r
                where s.suite_id = ? and s.tenant_id = ?
                order by r.created_at desc
                """,
                rs -> {
                    lastRuns.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(lastRun(rs, 2));
                },
                LAST_RUNS,
                suiteId,
                caller.tenantId());
        return jdbc
                .query(
                        "select " + COLUMNS
                                + " from schedules where suite_id = ? and tenant_id = ? order by created_at",
                        (rs, i) -> row(rs),
                        suiteId,
                        caller.tenantId())
                .stream()
                .map(r -> response(r, lastRuns.getOrDefault(r.id(), List.of())))
                .toList();
    }

    @GetMapping("/api/v1/schedules/{id}")
    ScheduleResponse get(Caller caller, @PathVariable UUID id) {
        Row row = require(id, caller.tenantId());
        return response(
                row,
                jdbc.query(
                        """
                        select id, status, scheduled_for, created_at, finished_at from runs
                        where schedule_id = ? order by created_at desc limit ?
                        """,
                        (rs, i) -> lastRun(rs, 1),
                        row.id(),
                        LAST_RUNS));
    }

    /** A run's columns id, status, scheduled_for, created_at, finished_at from the given one on. */
    private static LastRun lastRun(ResultSet rs, int first) throws SQLException {
        return new LastRun(
                rs.getObject(first, UUID.class),
                rs.getString(first + 1),
                instant(rs.getTimestamp(first + 2)),
                instant(rs.getTimestamp(first + 3)),
                instant(rs.getTimestamp(first + 4)));
    }

    /** Changes cron, time zone, name or enabled; the next fire time is computed anew from now. */
    @PutMapping("/api/v1/schedules/{id}")
    ScheduleResponse update(Caller caller, @PathVariable UUID id, @RequestBody ScheduleRequest body) {
        Row row = require(id, caller.tenantId());
        if (body == null) {
            throw new InvalidInputException("body", "is required");
        }
        List<FieldViolation> errors = new ArrayList<>();
        Cron cron = cron(
                body.cron() == null ? row.cron() : body.cron(),
                body.timeZone() == null ? row.zone() : body.timeZone(),
                errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID environmentId = body.environmentId() == null ? row.environmentId() : body.environmentId();
        checkEnvironment(environmentId, suiteProject(row.suiteId(), caller.tenantId()), caller.tenantId());
        boolean enabled = body.enabled() == null ? row.enabled() : body.enabled();
        store.update(
                id,
                caller.tenantId(),
                new ScheduleStore.Values(
                        body.name() == null ? row.name() : body.name(),
                        environmentId,
                        cron.expression(),
                        cron.zone().getId(),
                        enabled,
                        enabled ? cron.next(clock.instant()) : null,
                        body.runUnreadySuites() == null ? row.runUnreadySuites() : body.runUnreadySuites()));
        return get(caller, id);
    }

    @PostMapping("/api/v1/schedules/{id}/pause")
    ScheduleResponse pause(Caller caller, @PathVariable UUID id) {
        require(id, caller.tenantId());
        store.pause(id, caller.tenantId());
        return get(caller, id);
    }

    /** Resumes from now on: the times that passed while paused are not fired. */
    @PostMapping("/api/v1/schedules/{id}/resume")
    ScheduleResponse resume(Caller caller, @PathVariable UUID id) {
        Row row = require(id, caller.tenantId());
        Cron cron = Cron.parse(row.cron(), ZoneId.of(row.zone()));
        store.resume(id, caller.tenantId(), cron.next(clock.instant()));
        return get(caller, id);
    }

    @DeleteMapping("/api/v1/schedules/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        if (!store.delete(id, caller.tenantId())) {
            throw new NotFoundException("schedule", id);
        }
        return ResponseEntity.noContent().build();
    }

    private static final String COLUMNS =
            "id, suite_id, environment_id, name, cron, time_zone, enabled, next_fire_at, last_fired_at, last_error,"
                    + " run_unready_suites";

    private Row require(UUID id, UUID tenantId) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from schedules where id = ? and tenant_id = ?",
                        (rs, i) -> row(rs),
                        id,
                        tenantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("schedule", id));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBoolean(7),
                instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)),
                rs.getString(10),
                rs.getBoolean(11));
    }

    private ScheduleResponse response(Row row, List<LastRun> lastRuns) {
        Cron cron = Cron.parse(row.cron(), ZoneId.of(row.zone()));
        List<Instant> next = row.enabled() && row.nextFireAt() != null
                ? concat(row.nextFireAt(), cron.next(row.nextFireAt(), NEXT_TIMES - 1))
                : List.of();
        return new ScheduleResponse(
                row.id(),
                row.suiteId(),
                row.environmentId(),
                row.name(),
                row.cron(),
                row.zone(),
                row.enabled(),
                row.nextFireAt(),
                next,
                row.lastFiredAt(),
                row.lastError(),
                row.runUnreadySuites(),
                lastRuns);
    }

    private static List<Instant> concat(Instant first, List<Instant> rest) {
        List<Instant> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private Cron cron(String expression, String timeZone, List<FieldViolation> errors) {
        ZoneId zone = ZoneId.of("UTC");
        if (timeZone != null) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldViolation(
                        "timeZone", "unknown time zone '" + timeZone + "' (e.g. Europe/Berlin, UTC)"));
            }
        }
        if (expression == null || expression.isBlank()) {
            errors.add(new FieldViolation("cron", "is required, e.g. '0 2 * * *' (02:00 daily) or '0 */5 * * * *'"));
            return null;
        }
        try {
            Cron cron = Cron.parse(expression, zone);
            if (cron.next(clock.instant()) == null) {
                errors.add(new FieldViolation("cron", "never fires"));
            }
            return cron;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldViolation("cron", "invalid cron expression: " + e.getMessage()));
            return null;
        }
    }

    private UUID suiteProject(UUID suiteId, UUID tenantId) {
        return jdbc
                .queryForList(
                        "select project_id from test_suites where id = ? and tenant_id = ?",
                        UUID.class,
                        suiteId,
                        tenantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("suite", suiteId));
    }

    private void checkEnvironment(UUID environmentId, UUID projectId, UUID tenantId) {
        List<UUID> project = jdbc.queryForList(
                "select project_id from environments where id = ? and tenant_id = ?",
                UUID.class,
                environmentId,
                tenantId);
        if (project.isEmpty()) {
            throw new NotFoundException("environment", environmentId);
        }
        if (!project.getFirst().equals(projectId)) {
            throw new UnprocessableException(
                    "environment-mismatch",
                    "environment " + environmentId + " belongs to another project than the suite");
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
