package dev.gantry.controlplane.projects;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProjectRepository extends JpaRepository<Project, UUID> {
    long countByTenantId(UUID tenantId);

    Optional<Project> findByIdAndTenantId(UUID id, UUID tenantId);

    List<Project> findByTenantIdOrderByName(UUID tenantId);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    default Project require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("project", id));
    }
}
