package dev.gantry.controlplane.projects;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {
    record ProjectRequest(@NotBlank @Size(max = 200) String name, @Size(max = 4000) String description) {}

    record ProjectResponse(UUID id, String name, String description, Instant createdAt, Instant updatedAt) {
        static ProjectResponse of(Project p) {
            return new ProjectResponse(p.getId(), p.getName(), p.getDescription(), p.getCreatedAt(), p.getUpdatedAt());
        }
    }

    private final ProjectRepository projects;
    private final PlanService plans;
    private final Clock clock;

    ProjectController(ProjectRepository projects, PlanService plans, Clock clock) {
        this.projects = projects;
        this.plans = plans;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    ProjectResponse create(Caller caller, @Valid @RequestBody ProjectRequest request) {
        plans.checkCreate(
                caller.tenantId(),
                PlanLimit.MaxProjects,
                () -> projects.countByTenantId(caller.tenantId()),
                "cannot create another project");
        if (projects.existsByTenantIdAndName(caller.tenantId(), request.name())) {
            throw new ConflictException("name", "a project named '" + request.name() + "' already exists");
        }
        return ProjectResponse.of(
                projects.save(new Project(caller.tenantId(), request.name(), request.description(), clock.instant())));
    }

    @GetMapping
    List<ProjectResponse> list(Caller caller) {
        return projects.findByTenantIdOrderByName(caller.tenantId()).stream()
                .map(ProjectResponse::of)
                .toList();
    }

    @GetMapping("/{id}")
    ProjectResponse get(Caller caller, @PathVariable UUID id) {
        return ProjectResponse.of(projects.require(id, caller.tenantId()));
    }

    @PutMapping("/{id}")
    @Transactional
    ProjectResponse update(Caller caller, @PathVariable UUID id, @Valid @RequestBody ProjectRequest request) {
        Project project = projects.require(id, caller.tenantId());
        project.update(request.name(), request.description(), clock.instant());
        return ProjectResponse.of(project);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        projects.delete(projects.require(id, caller.tenantId()));
    }
}
