package dev.gantry.controlplane.environments;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.Secrets;
import dev.gantry.controlplane.targets.TargetPolicy;
import dev.gantry.model.AuthConfig;
import dev.gantry.model.AuthType;
import dev.gantry.model.Template;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EnvironmentController {
    /**
     * @param secrets write-only values, sealed before they are stored; on update, an absent map keeps
     *                the stored secrets and a name mapped to null removes that one
     */
    record EnvironmentRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 2000) String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers,
            Map<String, String> secrets,
            AuthRequest auth,
            Boolean followRedirects,
            Boolean verifyTls,
            Long maxResponseBytes) {}

    /** Credentials (password, token, value) must refer to a secret: {@code {{name}}}. */
    record AuthRequest(
            String type,
            String username,
            String password,
            String token,
            String name,
            String value,
            String tokenUrl,
            String scope) {}

    record EnvironmentResponse(
            UUID id,
            UUID projectId,
            String name,
            String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers,
            List<String> secretNames,
            AuthConfig auth,
            boolean followRedirects,
            boolean verifyTls,
            Long maxResponseBytes,
            Instant createdAt,
            Instant updatedAt) {
        static EnvironmentResponse of(Environment e) {
            return new EnvironmentResponse(
                    e.getId(),
                    e.getProjectId(),
                    e.getName(),
                    e.getBaseUrl(),
                    e.getVariables(),
                    e.getHeaders(),
                    new TreeSet<>(e.getSecrets().keySet()).stream().toList(),
                    e.getAuth(),
                    e.isFollowRedirects(),
                    e.isVerifyTls(),
                    e.getMaxResponseBytes(),
                    e.getCreatedAt(),
                    e.getUpdatedAt());
        }
    }

    /** A Postman environment file imported: the environment, and each value of the file as imported or not. */
    record PostmanImportResponse(
            EnvironmentResponse environment,
            String baseUrlFrom,
            List<PostmanEnvironmentFile.Imported> imported,
            List<PostmanEnvironmentFile.Skipped> skipped) {}

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*}}");

    private final EnvironmentRepository environments;
    private final ProjectRepository projects;
    private final Clock clock;

    private final Secrets secrets;
    private final TargetPolicy targets;
    private final DataSize responseCap;
    static final long MIN_RESPONSE_BYTES = 1024;

    EnvironmentController(
            EnvironmentRepository environments,
            ProjectRepository projects,
            Secrets secrets,
            Clock clock,
            TargetPolicy targets,
            EnvironmentsProperties properties) {
        this.responseCap = properties.maxResponseBytesCap();
        this.environments = environments;
        this.secrets = secrets;
        this.projects = projects;
        this.clock = clock;
        this.targets = targets;
    }

    @PostMapping("/api/v1/projects/{projectId}/environments")
    @BodyLimit(BodiesProperties.ENVIRONMENT)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    EnvironmentResponse create(
            Caller caller, @PathVariable UUID projectId, @Valid @RequestBody EnvironmentRequest request) {
        projects.require(projectId, caller.tenantId());
        validate(request);
        if (environments.existsByProjectIdAndName(projectId, request.name())) {
            throw new ConflictException("name", "an environment named '" + request.name() + "' already exists");
        }
        Environment environment = new Environment(caller.tenantId(), projectId, clock.instant());
        apply(environment, request);
        return EnvironmentResponse.of(environments.save(environment));
    }

    /**
     * A Postman environment file (or exported globals) as a new environment, whole or not at all: its
     * secret values sealed like any secret, never answered.
     */
    @PostMapping("/api/v1/projects/{projectId}/environments/import/postman")
    @BodyLimit(BodiesProperties.ENVIRONMENT)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    PostmanImportResponse importPostman(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String baseUrl,
            @RequestParam(required = false) String baseUrlVariable,
            HttpServletRequest body)
            throws IOException {
        projects.require(projectId, caller.tenantId());
        PostmanEnvironmentFile.Plan plan =
                PostmanEnvironmentFile.read(RequestBodies.read(body), name, baseUrl, baseUrlVariable);
        String baseUrlField = baseUrl != null ? "baseUrl" : plan.baseUrlFrom();
        if (plan.baseUrl().length() > 2000) {
            throw new InvalidInputException(baseUrlField, "at most 2000 characters");
        }
        validateBaseUrl(baseUrlField, plan.baseUrl());
        if (environments.existsByProjectIdAndName(projectId, plan.name())) {
            throw new ConflictException(
                    "name", "an environment named '" + plan.name() + "' already exists; give another with ?name=");
        }
        Environment environment = new Environment(caller.tenantId(), projectId, clock.instant());
        apply(
                environment,
                new EnvironmentRequest(
                        plan.name(), plan.baseUrl(), plan.variables(), null, plan.secrets(), null, null, null, null));
        return new PostmanImportResponse(
                EnvironmentResponse.of(environments.save(environment)),
                plan.baseUrlFrom(),
                plan.imported(),
                plan.skipped());
    }

    @GetMapping("/api/v1/projects/{projectId}/environments")
    List<EnvironmentResponse> list(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return environments.findByProjectIdAndTenantIdOrderByName(projectId, caller.tenantId()).stream()
                .map(EnvironmentResponse::of)
                .toList();
    }

    @GetMapping("/api/v1/environments/{id}")
    EnvironmentResponse get(Caller caller, @PathVariable UUID id) {
        return EnvironmentResponse.of(environments.require(id, caller.tenantId()));
    }

    @PutMapping("/api/v1/environments/{id}")
    @BodyLimit(BodiesProperties.ENVIRONMENT)
    @Transactional
    EnvironmentResponse update(Caller caller, @PathVariable UUID id, @Valid @RequestBody EnvironmentRequest request) {
        Environment environment = environments.require(id, caller.tenantId());
        validate(request);
        apply(environment, request);
        return EnvironmentResponse.of(environment);
    }

    @DeleteMapping("/api/v1/environments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        environments.delete(environments.require(id, caller.tenantId()));
    }

    private void apply(Environment environment, EnvironmentRequest request) {
        environment.update(request.name(), request.baseUrl(), request.variables(), request.headers(), clock.instant());
        Map<String, String> sealed = new HashMap<>(environment.getSecrets());
        if (request.secrets() != null) {
            request.secrets().forEach((name, value) -> {
                if (!VARIABLE_NAME.matcher(name).matches()) {
                    throw new InvalidInputException("secrets." + name, "is not a variable name");
                }
                if (value == null) {
                    sealed.remove(name);
                } else {
                    sealed.put(name, secrets.seal("secrets." + name, value));
                }
            });
        }
        AuthConfig auth = auth(request.auth(), sealed.keySet());
        if (auth != null && auth.type() == AuthType.OAUTH2_CLIENT_CREDENTIALS) {
            targets.check("auth.tokenUrl", auth.tokenUrl());
        }
        environment.secure(sealed, auth);
        environment.transport(
                request.followRedirects() != null && request.followRedirects(),
                request.verifyTls() == null || request.verifyTls(),
                maxResponseBytes(request.maxResponseBytes()));
    }

    /** Up to the operator's cap; a worker clamps to its own cap as well. */
    private Long maxResponseBytes(Long requested) {
        long cap = responseCap.toBytes();
        if (requested != null && (requested < MIN_RESPONSE_BYTES || requested > cap)) {
            throw new InvalidInputException(
                    "maxResponseBytes",
                    "must be between " + MIN_RESPONSE_BYTES + " and " + cap + " bytes (the operator's cap,"
                            + " gantry.environments.max-response-bytes-cap)");
        }
        return requested;
    }

    private static AuthConfig auth(AuthRequest auth, Set<String> secretNames) {
        if (auth == null) {
            return null;
        }
        AuthType type = Arrays.stream(AuthType.values())
                .filter(t -> t.name()
                        .replace("_", "")
                        .equalsIgnoreCase(String.valueOf(auth.type()).replace("_", "")))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "auth.type",
                        "unknown auth type '" + auth.type() + "'; use bearer, basic, apiKeyHeader or apiKeyQuery"));
        switch (type) {
            case BEARER -> secretReference("auth.token", auth.token(), secretNames);
            case BASIC -> {
                template("auth.username", auth.username());
                secretReference("auth.password", auth.password(), secretNames);
            }
            case API_KEY_HEADER, API_KEY_QUERY -> {
                template("auth.name", auth.name());
                secretReference("auth.value", auth.value(), secretNames);
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                template("auth.tokenUrl", auth.tokenUrl());
                template("auth.username", auth.username());
                secretReference("auth.password", auth.password(), secretNames);
                if (auth.scope() != null) {
                    template("auth.scope", auth.scope());
                }
            }
        }
        return new AuthConfig(
                type,
                auth.username(),
                auth.password(),
                auth.token(),
                auth.name(),
                auth.value(),
                auth.tokenUrl(),
                auth.scope());
    }

    private static void template(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required for this auth type");
        }
        try {
            Template.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "malformed template: " + e.getMessage());
        }
    }

    /** Credentials are never stored in clear: they must name one of the environment's secrets. */
    private static void secretReference(String field, String value, Set<String> secretNames) {
        Matcher reference = value == null ? null : SECRET_REFERENCE.matcher(value);
        if (reference == null || !reference.matches()) {
            throw new InvalidInputException(field, "must refer to a secret of this environment, e.g. {{apiToken}}");
        }
        if (!secretNames.contains(reference.group(1))) {
            throw new InvalidInputException(
                    field,
                    "refers to {{" + reference.group(1) + "}}, which is not a secret of"
                            + " this environment; add it under secrets");
        }
    }

    private void validate(EnvironmentRequest request) {
        validateBaseUrl("baseUrl", request.baseUrl());
        if (request.variables() != null && request.variables().values().stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("variables", "values must not be null");
        }
        if (request.headers() != null && request.headers().values().stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("headers", "values must not be null");
        }
    }

    private void validateBaseUrl(String field, String baseUrl) {
        // first: a refused host in a form java.net.URI does not take for a host (2852039166) is
        // still told as what it is
        targets.check(field, baseUrl);
        try {
            URI uri = new URI(baseUrl);
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "");
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException(field, "must be an absolute http(s) URL, e.g. https://api.example.com");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, "not a valid URL: " + e.getReason());
        }
    }
}
