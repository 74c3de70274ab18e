package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RunRepository extends JpaRepository<Run, UUID> {
    Optional<Run> findByIdAndTenantId(UUID id, UUID tenantId);

    List<Run> findBySuiteIdAndTenantIdOrderByCreatedAtDesc(UUID suiteId, UUID tenantId, Limit limit);

    default Run require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("run", id));
    }
}
