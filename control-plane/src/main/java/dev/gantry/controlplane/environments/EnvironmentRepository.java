package dev.gantry.controlplane.environments;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EnvironmentRepository extends JpaRepository<Environment, UUID> {
    Optional<Environment> findByIdAndTenantId(UUID id, UUID tenantId);

    List<Environment> findByProjectIdAndTenantIdOrderByName(UUID projectId, UUID tenantId);

    boolean existsByProjectIdAndName(UUID projectId, String name);

    default Environment require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("environment", id));
    }
}
