package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** Reads runs; {@link RunStore} is their only writer, so this repository has no save or delete. */
public interface RunRepository extends Repository<Run, UUID> {
    Optional<Run> findById(UUID id);

    Optional<Run> findByIdAndTenantId(UUID id, UUID tenantId);

    List<Run> findBySuiteIdAndTenantIdOrderByCreatedAtDesc(UUID suiteId, UUID tenantId, Limit limit);

    List<Run> findByIdInAndTenantId(java.util.Collection<UUID> ids, UUID tenantId);

    default Run require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("run", id));
    }
}
