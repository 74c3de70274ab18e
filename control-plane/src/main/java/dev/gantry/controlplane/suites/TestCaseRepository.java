package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TestCaseRepository extends JpaRepository<TestCase, UUID> {
    long countBySuiteId(UUID suiteId);

    Optional<TestCase> findByIdAndTenantId(UUID id, UUID tenantId);

    List<TestCase> findBySuiteIdOrderByPositionAscCreatedAtAsc(UUID suiteId);

    boolean existsBySuiteIdAndName(UUID suiteId, String name);

    boolean existsByDependsOn(UUID caseId);

    boolean existsByDataSetId(UUID dataSetId);

    boolean existsByModuleId(UUID moduleId);

    default TestCase require(UUID id, UUID tenantId) {
        return findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("test case", id));
    }
}
