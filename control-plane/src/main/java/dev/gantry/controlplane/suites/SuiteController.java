package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import dev.gantry.model.StepDetailLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
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
class SuiteController {
    record SuiteRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            Map<String, String> variables,
            @Min(1) @Max(Suite.MAX_DEADLINE_SECONDS) Integer deadlineSeconds,
            String stepDetails,
            String status) {}

    /** A suite's review: who decided, when, with what note, about which version. */
    record Review(ReviewStatus status, Person reviewer, Instant reviewedAt, String note, Integer version) {}

    record SuiteResponse(
            UUID id,
            UUID projectId,
            String name,
            String description,
            Map<String, String> variables,
            Integer deadlineSeconds,
            StepDetailLevel stepDetails,
            int version,
            SuiteStatus status,
            Review review,
            Instant createdAt,
            Instant updatedAt) {
        static SuiteResponse of(Suite s, People people) {
            return new SuiteResponse(
                    s.getId(),
                    s.getProjectId(),
                    s.getName(),
                    s.getDescription(),
                    s.getVariables(),
                    s.getDeadlineSeconds(),
                    s.getStepDetails(),
                    s.getVersion(),
                    s.getStatus(),
                    s.getReviewStatus() == null
                            ? null
                            : new Review(
                                    s.getReviewStatus(),
                                    people.person(s.getTenantId(), s.getReviewedBy()),
                                    s.getReviewedAt(),
                                    s.getReviewNote(),
                                    s.getReviewedVersion()),
                    s.getCreatedAt(),
                    s.getUpdatedAt());
        }
    }

    private final SuiteRepository suites;
    private final ProjectRepository projects;
    private final CaseChanges changes;
    private final People people;
    private final Clock clock;

    SuiteController(
            SuiteRepository suites, ProjectRepository projects, CaseChanges changes, People people, Clock clock) {
        this.changes = changes;
        this.people = people;
        this.suites = suites;
        this.projects = projects;
        this.clock = clock;
    }

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private static Map<String, String> variables(SuiteRequest request) {
        if (request.variables() == null) {
            return Map.of();
        }
        request.variables().forEach((name, value) -> {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new InvalidInputException("variables." + name, "is not a variable name");
            }
            if (value == null) {
                throw new InvalidInputException("variables." + name, "must not be null");
            }
        });
        return request.variables();
    }

    /** Absent: {@link Suite#DEFAULT_STEP_DETAILS}. Any case; anything else names the field. */
    private static StepDetailLevel stepDetails(SuiteRequest request) {
        if (request.stepDetails() == null) {
            return Suite.DEFAULT_STEP_DETAILS;
        }
        for (StepDetailLevel level : StepDetailLevel.values()) {
            if (level.name().equalsIgnoreCase(request.stepDetails().trim())) {
                return level;
            }
        }
        throw new InvalidInputException("stepDetails", "must be one of " + Arrays.toString(StepDetailLevel.values()));
    }

    @PostMapping("/api/v1/projects/{projectId}/suites")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    SuiteResponse create(Caller caller, @PathVariable UUID projectId, @Valid @RequestBody SuiteRequest request) {
        projects.require(projectId, caller.tenantId());
        if (suites.existsByProjectIdAndName(projectId, request.name())) {
            throw new ConflictException(
                    "name", "a suite named '" + request.name() + "' already exists in this project");
        }
        SuiteStatus status = initialStatus(request.status());
        Suite suite = new Suite(
                caller.tenantId(),
                projectId,
                request.name(),
                request.description(),
                variables(request),
                request.deadlineSeconds(),
                stepDetails(request),
                clock.instant());
        suite.moveTo(status);
        changes.created(suite, caller.userId());
        return SuiteResponse.of(suites.save(suite), people);
    }

    /**
     * Absent: READY, as every suite was before suites had a status (schedules and hooks run it); a
     * suite written to be reviewed first is created DRAFT. Not ARCHIVED: there is nothing to keep yet.
     */
    private static SuiteStatus initialStatus(String status) {
        if (status == null) {
            return SuiteStatus.READY;
        }
        return switch (SuiteReviewController.status(status)) {
            case DRAFT -> SuiteStatus.DRAFT;
            case READY -> SuiteStatus.READY;
            case ARCHIVED -> throw new InvalidInputException("status", "a new suite is DRAFT or READY");
        };
    }

    @GetMapping("/api/v1/projects/{projectId}/suites")
    List<SuiteResponse> list(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return suites.findByProjectIdAndTenantIdOrderByName(projectId, caller.tenantId()).stream()
                .map(s -> SuiteResponse.of(s, people))
                .toList();
    }

    @GetMapping("/api/v1/suites/{id}")
    SuiteResponse get(Caller caller, @PathVariable UUID id) {
        return SuiteResponse.of(suites.require(id, caller.tenantId()), people);
    }

    @PutMapping("/api/v1/suites/{id}")
    @Transactional
    SuiteResponse update(Caller caller, @PathVariable UUID id, @Valid @RequestBody SuiteRequest request) {
        Suite suite = suites.require(id, caller.tenantId());
        changes.suiteChanged(caller.tenantId(), id, caller.userId(), "suite settings changed");
        suite.update(
                request.name(),
                request.description(),
                variables(request),
                request.deadlineSeconds(),
                stepDetails(request),
                clock.instant());
        return SuiteResponse.of(suite, people);
    }

    @DeleteMapping("/api/v1/suites/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        suites.delete(suites.require(id, caller.tenantId()));
    }
}
