package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CaseModuleRepository extends JpaRepository<CaseModule, UUID> {
    Optional<CaseModule> findByIdAndTenantId(UUID id, UUID tenantId);

    List<CaseModule> findByProjectIdOrderByNameAsc(UUID projectId);

    boolean existsByParentId(UUID parentId);

    default CaseModule require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("module", id));
    }
}
