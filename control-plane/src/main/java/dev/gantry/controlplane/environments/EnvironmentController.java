package dev.gantry.controlplane.environments;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EnvironmentController {
    record EnvironmentRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 2000) String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers) {}

    record EnvironmentResponse(
            UUID id,
            UUID projectId,
            String name,
            String baseUrl,
            Map<String, String> variables,
            Map<String, String> headers,
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
                    e.getCreatedAt(),
                    e.getUpdatedAt());
        }
    }

    private final EnvironmentRepository environments;
    private final ProjectRepository projects;
    private final Clock clock;

    EnvironmentController(EnvironmentRepository environments, ProjectRepository projects, Clock clock) {
        this.environments = environments;
        this.projects = projects;
        this.clock = clock;
    }

    @PostMapping("/api/v1/projects/{projectId}/environments")
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
    }

    private static void validate(EnvironmentRequest request) {
        try {
            URI uri = new URI(request.baseUrl());
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "");
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException(
                        "baseUrl", "must be an absolute http(s) URL, e.g. https://api.example.com");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("baseUrl", "not a valid URL: " + e.getReason());
        }
        if (request.variables() != null && request.variables().values().stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("variables", "values must not be null");
        }
        if (request.headers() != null && request.headers().values().stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("headers", "values must not be null");
        }
    }
}
