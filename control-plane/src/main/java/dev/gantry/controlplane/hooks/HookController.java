package dev.gantry.controlplane.hooks;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.Refusals;
import dev.gantry.model.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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
    private static final List<String> DELIVERY_HEADERS =
            List.of(HookSignatures.DELIVERY, "X-GitHub-Delivery", "X-Gitlab-Event-UUID");

    record CreateHook(String name, String secret, Boolean runUnreadySuites) {}

    record HookResponse(
            UUID id,
            UUID projectId,
            String name,
            String url,
            Instant createdAt,
            boolean runUnreadySuites,
            String secret) {}

    record DeliveryResponse(
            UUID runId, boolean duplicate, String statusUrl, String waitUrl, Map<String, String> reportUrls) {}

    private final HookStore hooks;
    private final HookIntake intake;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration replayWindow;
    private final Refusals refusals;
    private final Map<String, Counter> deliveries = new LinkedHashMap<>();

    HookController(
            HookStore hooks,
            HookIntake intake,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            Refusals refusals,
            HooksProperties properties) {
        this.refusals = refusals;
        this.hooks = hooks;
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        this.replayWindow = properties.replayWindow();
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
                UUID.randomUUID(),
                caller.tenantId(),
                projectId,
                body.name().trim(),
                caller.userId(),
                clock.instant(),
                Boolean.TRUE.equals(body.runUnreadySuites()));
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

    record HookChange(Boolean runUnreadySuites) {}

    /** Changes whether the hook's deliveries also run DRAFT suites. */
    @PatchMapping("/api/v1/hooks/{id}")
    HookResponse change(Caller caller, @PathVariable UUID id, @RequestBody HookChange body) {
        if (body == null || body.runUnreadySuites() == null) {
            throw new InvalidInputException("runUnreadySuites", "is required: true or false");
        }
        return response(hooks.changeRunUnreadySuites(id, caller.tenantId(), body.runUnreadySuites()), null);
    }

    @DeleteMapping("/api/v1/hooks/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        hooks.delete(id, caller.tenantId());
        return ResponseEntity.noContent().build();
    }

    /**
     * A delivery from a CI system. The cheap checks come first and read no body: the hook exists,
     * the signature and timestamp headers are there, the timestamp is within the replay window.
     * Only then is the body read (bounded by {@code gantry.bodies.webhook}) and the signature
     * checked over timestamp, delivery id, query string and body ({@link HookSignatures}).
     */
    @PostMapping("/api/v1/hooks/ci/{hookId}")
    @BodyLimit(BodiesProperties.WEBHOOK)
    ResponseEntity<?> deliver(
            @PathVariable UUID hookId,
            @RequestHeader(value = HookSignatures.SIGNATURE, required = false) String signature,
            @RequestHeader(value = HookSignatures.TIMESTAMP, required = false) String timestamp,
            HttpServletRequest request)
            throws IOException {
        HookStore.HookWithSecret found = hooks.find(hookId).orElseThrow(() -> new NotFoundException("hook", hookId));
        if (found.secret() == null || signature == null || signature.isBlank() || timestamp == null) {
            return unauthorized(
                    Refusals.Reason.BAD_SIGNATURE,
                    "bad-signature",
                    "the " + HookSignatures.SIGNATURE + " and " + HookSignatures.TIMESTAMP + " headers are required");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return unauthorized(
                    Refusals.Reason.BAD_SIGNATURE, "bad-timestamp", HookSignatures.TIMESTAMP + " must be Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - sentAt);
        if (skew > replayWindow.toSeconds()) {
            // refused before its body is read or its signature checked: a replay costs no more than this
            return unauthorized(
                    Refusals.Reason.STALE_TIMESTAMP,
                    "stale-timestamp",
                    "the delivery was signed " + skew + " s away from now; the window is " + replayWindow.toSeconds()
                            + " s");
        }
        String deliveryHeader = deliveryHeader(request);
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        byte[] body = RequestBodies.read(request);
        if (!HookSignatures.valid(
                found.secret(), timestamp, deliveryHeader == null ? "" : deliveryHeader, query, body, signature)) {
            return unauthorized(
                    Refusals.Reason.BAD_SIGNATURE,
                    "bad-signature",
                    "the " + HookSignatures.SIGNATURE + " header does not sign this delivery (timestamp, delivery id,"
                            + " query string and body)");
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
        String deliveryId = deliveryHeader != null ? check(deliveryHeader) : deliveryIdField(payload);
        Map<String, String> parameters = queryParameters(query);
        HookIntake.Request asked =
                intake.read(found.hook(), payload, parameters.get("suite"), parameters.get("environment"));
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

    /** The first delivery id header present, as signed; null when the id is in the body. */
    private static String deliveryHeader(HttpServletRequest request) {
        for (String header : DELIVERY_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String deliveryIdField(JsonNode payload) {
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

    /**
     * The query string's parameters, decoded as a servlet container decodes them. Read from the
     * signed string itself (never from the container's parameters, which would merge a form body's),
     * so what picks the suite is what was signed; a name given twice is refused, not joined.
     */
    static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            if (parameters.put(name, value) != null) {
                throw new InvalidInputException(name, "is given more than once in the query string");
            }
        }
        return parameters;
    }

    private static String decode(String text, String field) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "is not URL-encoded: " + e.getMessage());
        }
    }

    private ResponseEntity<ProblemDetail> unauthorized(Refusals.Reason reason, String code, String detail) {
        refusals.count(reason);
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
        return new HookResponse(
                hook.id(),
                hook.projectId(),
                hook.name(),
                url(hook.id()),
                hook.createdAt(),
                hook.runUnreadySuites(),
                secret);
    }
}
