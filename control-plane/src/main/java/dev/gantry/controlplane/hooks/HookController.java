package dev.gantry.controlplane.hooks;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CI webhooks. Hooks are managed with an API key ({@code /api/v1/projects/{id}/hooks}); the
 * delivery endpoint {@code POST /api/v1/hooks/ci/{hookId}} takes no API key: the HMAC signature
 * with the hook's secret is its credential (see {@link HookSignatures}).
 */
@RestController
class HookController {
    private static final SecureRandom RANDOM = new SecureRandom();

    record CreateHook(String name, String secret) {}

    record HookResponse(UUID id, UUID projectId, String name, String url, Instant createdAt, String secret) {}

    record DeliveryResponse(
            UUID runId, boolean duplicate, String statusUrl, String waitUrl, Map<String, String> reportUrls) {}

    private final HookStore hooks;
    private final HookIntake intake;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration replayWindow;
    private final Map<String, Counter> deliveries = new LinkedHashMap<>();

    HookController(
            HookStore hooks,
            HookIntake intake,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            @Value("${gantry.hooks.replay-window:5m}") Duration replayWindow) {
        this.hooks = hooks;
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        this.replayWindow = replayWindow;
        for (String outcome : List.of("accepted", "duplicate", "rejected")) {
            deliveries.put(
                    outcome,
                    Counter.builder(MetricNames.WEBHOOK_DELIVERIES)
                            .description("CI webhook deliveries by outcome")
                            .tag("outcome", outcome)
                            .register(meters));
        }
    }

    @PostMapping("/api/v1/projects/{projectId}/hooks")
    ResponseEntity<HookResponse> create(Caller caller, @PathVariable UUID projectId, @RequestBody CreateHook body) {
        if (!hooks.projectExists(projectId, caller.tenantId())) {
            throw new NotFoundException("project", projectId);
        }
        if (body == null
                || body.name() == null
                || body.name().isBlank()
                || body.name().length() > 200) {
            throw new InvalidInputException("name", "is required, at most 200 characters");
        }
        if (body.secret() != null && body.secret().length() < 16) {
            throw new InvalidInputException("secret", "must be at least 16 characters (or left out to get one)");
        }
        if (!hooks.canSeal()) {
            throw new InvalidInputException(
                    "secret", "hooks are disabled: the control plane has no encryption key (GANTRY_ENCRYPTION_KEY)");
        }
        String secret = body.secret() != null ? body.secret() : generateSecret();
        HookStore.Hook hook = new HookStore.Hook(
                UUID.randomUUID(), caller.tenantId(), projectId, body.name().trim(), caller.userId(), clock.instant());
        try {
            hooks.create(hook, secret);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new dev.gantry.controlplane.common.ConflictException(
                    "name", "the project already has a hook named '" + hook.name() + "'");
        }
        // the secret is shown this once; it is stored sealed and never answered again
        return ResponseEntity.created(URI.create(url(hook.id()))).body(response(hook, secret));
    }

    @GetMapping("/api/v1/projects/{projectId}/hooks")
    List<HookResponse> list(Caller caller, @PathVariable UUID projectId) {
        if (!hooks.projectExists(projectId, caller.tenantId())) {
            throw new NotFoundException("project", projectId);
        }
        return hooks.list(projectId, caller.tenantId()).stream()
                .map(h -> response(h, null))
                .toList();
    }

    @DeleteMapping("/api/v1/hooks/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        hooks.delete(id, caller.tenantId());
        return ResponseEntity.noContent().build();
    }

    /** A delivery from a CI system; the raw body is what the signature covers. */
    @PostMapping("/api/v1/hooks/ci/{hookId}")
    ResponseEntity<?> deliver(
            @PathVariable UUID hookId,
            @RequestBody(required = false) byte[] raw,
            @RequestHeader(value = HookSignatures.SIGNATURE, required = false) String signature,
            @RequestHeader(value = HookSignatures.TIMESTAMP, required = false) String timestamp,
            @RequestParam(required = false) String suite,
            @RequestParam(required = false) String environment,
            HttpServletRequest request) {
        byte[] body = raw == null ? new byte[0] : raw;
        HookStore.HookWithSecret found = hooks.find(hookId).orElseThrow(() -> new NotFoundException("hook", hookId));
        if (found.secret() == null || !HookSignatures.valid(found.secret(), timestamp, body, signature)) {
            return unauthorized("bad-signature", "the " + HookSignatures.SIGNATURE + " header is missing or wrong");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return unauthorized("bad-timestamp", HookSignatures.TIMESTAMP + " must be Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - sentAt);
        if (skew > replayWindow.toSeconds()) {
            // a signed delivery replayed later than the window is refused even with a valid signature
            return unauthorized(
                    "stale-timestamp",
                    "the delivery was signed " + skew + " s away from now; the window is " + replayWindow.toSeconds()
                            + " s");
        }
        JsonNode payload;
        try {
            payload = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
        }
        if (!payload.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        String deliveryId = deliveryId(request, payload);
        HookIntake.Request asked = intake.read(found.hook(), payload, suite, environment);
        HookIntake.Outcome outcome = intake.start(found.hook(), deliveryId, asked);
        deliveries.get(outcome.duplicate() ? "duplicate" : "accepted").increment();
        String statusUrl = "/api/v1/runs/" + outcome.runId();
        Map<String, String> reports = new LinkedHashMap<>();
        reports.put("junit", statusUrl + "/reports/junit");
        reports.put("json", statusUrl + "/reports/json");
        reports.put("csv", statusUrl + "/reports/csv");
        reports.put("html", statusUrl + "/reports/html");
        return ResponseEntity.accepted()
                .location(URI.create(statusUrl))
                .body(new DeliveryResponse(
                        outcome.runId(), outcome.duplicate(), statusUrl, statusUrl + "?wait=60s", reports));
    }

    private static String deliveryId(HttpServletRequest request, JsonNode payload) {
        for (String header : List.of(HookSignatures.DELIVERY, "X-GitHub-Delivery", "X-Gitlab-Event-UUID")) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return check(value.trim());
            }
        }
        JsonNode field = payload.get("deliveryId");
        if (field != null && field.isString() && !field.asString().isBlank()) {
            return check(field.asString().trim());
        }
        throw new InvalidInputException(
                "deliveryId",
                "is required: the " + HookSignatures.DELIVERY + " header (or X-GitHub-Delivery, X-Gitlab-Event-UUID,"
                        + " or a deliveryId field), so that a retried delivery never starts a second run");
    }

    private static String check(String deliveryId) {
        if (deliveryId.length() > 200) {
            throw new InvalidInputException("deliveryId", "must be at most 200 characters");
        }
        return deliveryId;
    }

    private ResponseEntity<ProblemDetail> unauthorized(String code, String detail) {
        deliveries.get("rejected").increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(URI.create("urn:gantry:problem:" + code));
        problem.setProperty("code", code);
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String url(UUID id) {
        return "/api/v1/hooks/ci/" + id;
    }

    private static HookResponse response(HookStore.Hook hook, String secret) {
        return new HookResponse(hook.id(), hook.projectId(), hook.name(), url(hook.id()), hook.createdAt(), secret);
    }
}
