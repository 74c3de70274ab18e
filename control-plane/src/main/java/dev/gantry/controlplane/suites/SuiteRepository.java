package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SuiteRepository extends JpaRepository<Suite, UUID> {
    Optional<Suite> findByIdAndTenantId(UUID id, UUID tenantId);

    List<Suite> findByProjectIdAndTenantIdOrderByName(UUID projectId, UUID tenantId);

    boolean existsByProjectIdAndName(UUID projectId, String name);

    default Suite require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("suite", id));
    }
}
