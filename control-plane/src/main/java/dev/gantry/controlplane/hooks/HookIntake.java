package dev.gantry.controlplane.hooks;

import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.runs.Run;
import dev.gantry.controlplane.runs.RunCancellation;
import dev.gantry.controlplane.runs.RunOrigin;
import dev.gantry.controlplane.runs.RunService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.Role;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Turns a verified delivery into a run: reads suite, environment, commit and branch (from
 * Gantry's own fields, or where GitHub and GitLab put them), claims the delivery id so that a
 * retried delivery answers the same run, triggers the run as the hook's creator, and cancels the
 * unfinished runs of the same suite and branch when asked to.
 */
@Service
class HookIntake {
    record Outcome(UUID runId, boolean duplicate) {}

    /** What a delivery asks for, once read. */
    record Request(
            UUID suiteId,
            UUID environmentId,
            String commit,
            String branch,
            String callbackUrl,
            Integer deadlineSeconds,
            boolean cancelSuperseded) {}

    private final HookStore hooks;
    private final RunService runService;
    private final RunCancellation cancellation;
    private final OutboundGuard guard;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    HookIntake(
            HookStore hooks,
            RunService runService,
            RunCancellation cancellation,
            OutboundGuard guard,
            JdbcTemplate jdbc,
            Clock clock) {
        this.hooks = hooks;
        this.runService = runService;
        this.cancellation = cancellation;
        this.guard = guard;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Request read(HookStore.Hook hook, JsonNode body, String suiteParam, String environmentParam) {
        List<FieldViolation> errors = new ArrayList<>();
        UUID suiteId = resolve(
                errors,
                "suite",
                text(body, "suiteId"),
                firstNonNull(text(body, "suite"), suiteParam),
                "test_suites",
                hook);
        UUID environmentId = resolve(
                errors,
                "environment",
                text(body, "environmentId"),
                firstNonNull(text(body, "environment"), environmentParam),
                "environments",
                hook);
        String commit = firstNonNull(
                text(body, "commit"),
                text(body, "checkout_sha"), // GitLab push
                text(body.path("pull_request").path("head"), "sha"), // GitHub pull request
                text(body.path("object_attributes").path("last_commit"), "id"), // GitLab merge request
                text(body, "after"), // GitHub push
                text(body.path("head_commit"), "id"));
        String branch = firstNonNull(
                text(body, "branch"),
                text(body.path("pull_request").path("head"), "ref"),
                text(body.path("object_attributes"), "source_branch"),
                stripRef(text(body, "ref")));
        if (commit != null && !commit.matches("[0-9a-fA-F]{4,64}")) {
            errors.add(new FieldViolation("commit", "must be a hexadecimal commit SHA"));
        }
        if (branch != null && branch.length() > 255) {
            errors.add(new FieldViolation("branch", "must be at most 255 characters"));
        }
        String callbackUrl = text(body, "callbackUrl");
        if (callbackUrl != null) {
            String problem = guard.checkForm(callbackUrl);
            if (problem != null) {
                errors.add(new FieldViolation("callbackUrl", problem));
            }
        }
        Integer deadline = null;
        JsonNode deadlineNode = body.get("deadlineSeconds");
        if (deadlineNode != null && !deadlineNode.isNull()) {
            if (!deadlineNode.isIntegralNumber()
                    || deadlineNode.asLong() < 1
                    || deadlineNode.asLong() > Suite.MAX_DEADLINE_SECONDS) {
                errors.add(new FieldViolation(
                        "deadlineSeconds", "must be a whole number from 1 to " + Suite.MAX_DEADLINE_SECONDS));
            } else {
                deadline = deadlineNode.asInt();
            }
        }
        JsonNode supersede = body.get("cancelSuperseded");
        if (supersede != null && !supersede.isNull() && !supersede.isBoolean()) {
            errors.add(new FieldViolation("cancelSuperseded", "must be true or false"));
        }
        boolean cancelSuperseded = supersede != null && supersede.asBoolean(false);
        if (cancelSuperseded && branch == null) {
            errors.add(new FieldViolation("branch", "is required to cancel superseded runs of the same branch"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Request(suiteId, environmentId, commit, branch, callbackUrl, deadline, cancelSuperseded);
    }

    Outcome start(HookStore.Hook hook, String deliveryId, Request request) {
        SuiteStatus status = SuiteStatus.valueOf(
                jdbc.queryForObject("select status from test_suites where id = ?", String.class, request.suiteId()));
        String refusal = status.unattendedRefusal(request.suiteId(), hook.runUnreadySuites());
        if (refusal != null) {
            throw new dev.gantry.controlplane.common.ConflictException(
                    "suite", "hooks run READY suites only: " + refusal);
        }
        Instant now = clock.instant();
        if (!hooks.claim(hook.id(), deliveryId, request.callbackUrl(), now)) {
            return new Outcome(awaitRun(hook.id(), deliveryId), true);
        }
        Run run;
        try {
            // the hook acts with its creator's tenant, as a tester: it can trigger, nothing else
            Caller caller = new Caller(hook.createdBy(), hook.tenantId(), Role.TESTER, false);
            run = runService.trigger(
                    caller,
                    request.suiteId(),
                    request.environmentId(),
                    null,
                    request.deadlineSeconds(),
                    new RunOrigin.CiDelivery(hook.id(), deliveryId, request.commit(), request.branch()));
        } catch (RuntimeException e) {
            hooks.release(hook.id(), deliveryId);
            throw e;
        }
        hooks.attach(hook.id(), deliveryId, run.getId());
        if (request.cancelSuperseded()) {
            List<UUID> older = jdbc.queryForList(
                    """
                    select id from runs where tenant_id = ? and suite_id = ? and branch = ?
                      and status in ('QUEUED', 'RUNNING') and id <> ? and created_at <= ?
                    """,
                    UUID.class,
                    hook.tenantId(),
                    request.suiteId(),
                    request.branch(),
                    run.getId(),
                    Timestamp.from(run.getCreatedAt()));
            older.forEach(id -> cancellation.cancel(id, "superseded by run " + run.getId()));
        }
        return new Outcome(run.getId(), false);
    }

    /** The first delivery is still starting its run: wait a little for it rather than answer without one. */
    private UUID awaitRun(UUID hookId, String deliveryId) {
        for (int i = 0; i < 100; i++) {
            Optional<UUID> run = hooks.runOf(hookId, deliveryId);
            if (run.isPresent()) {
                return run.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new dev.gantry.controlplane.common.ConflictException(
                "deliveryId", "delivery " + deliveryId + " is still being started; retry later");
    }

    private UUID resolve(
            List<FieldViolation> errors, String field, String id, String name, String table, HookStore.Hook hook) {
        if (id != null) {
            try {
                UUID uuid = UUID.fromString(id);
                List<UUID> found = jdbc.queryForList(
                        "select id from " + table + " where id = ? and project_id = ? and tenant_id = ?",
                        UUID.class,
                        uuid,
                        hook.projectId(),
                        hook.tenantId());
                if (found.isEmpty()) {
                    throw new NotFoundException(field, uuid);
                }
                return uuid;
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation(field + "Id", "must be a UUID"));
                return null;
            }
        }
        if (name != null) {
            List<UUID> found = jdbc.queryForList(
                    "select id from " + table + " where name = ? and project_id = ? and tenant_id = ?",
                    UUID.class,
                    name,
                    hook.projectId(),
                    hook.tenantId());
            if (found.size() == 1) {
                return found.getFirst();
            }
            errors.add(new FieldViolation(
                    field,
                    found.isEmpty()
                            ? "no " + field + " named '" + name + "' in the hook's project"
                            : "several " + field + "s are named '" + name + "'; give " + field + "Id"));
            return null;
        }
        errors.add(new FieldViolation(field, "is required: " + field + "Id or " + field + " (its name)"));
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    private static String stripRef(String ref) {
        if (ref == null) {
            return null;
        }
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
