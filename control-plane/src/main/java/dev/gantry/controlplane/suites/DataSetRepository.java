package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DataSetRepository extends JpaRepository<DataSet, UUID> {
    Optional<DataSet> findByIdAndTenantId(UUID id, UUID tenantId);

    List<DataSet> findBySuiteIdOrderByCreatedAtAsc(UUID suiteId);

    boolean existsBySuiteIdAndName(UUID suiteId, String name);

    default DataSet require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("data set", id));
    }
}
