package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.targets.TargetPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Changes to many cases of a suite in one transaction (a bulk update, a CSV import), each case
 * checked exactly as {@code POST /suites/{id}/cases} and {@code PUT /cases/{id}} check one: the same
 * {@link CaseValidator} and the same checks against the suite (a free name, a dependency on an
 * automated test case, no cycle, a data set of the suite, a module of the project). Problems are
 * thrown with the field names of a case request; the caller says which row or id they belong to.
 */
@Component
class CaseEdits {
    private final TestCaseRepository cases;
    private final DataSetRepository dataSets;
    private final CaseModuleRepository modules;
    private final TargetPolicy targets;
    private final CaseIds caseIds;
    private final CaseLinks links;
    private final CaseChanges changes;
    private final Clock clock;

    CaseEdits(
            TestCaseRepository cases,
            DataSetRepository dataSets,
            CaseModuleRepository modules,
            TargetPolicy targets,
            CaseIds caseIds,
            CaseLinks links,
            CaseChanges changes,
            Clock clock) {
        this.changes = changes;
        this.cases = cases;
        this.dataSets = dataSets;
        this.modules = modules;
        this.targets = targets;
        this.caseIds = caseIds;
        this.links = links;
        this.clock = clock;
    }

    /** A suite's cases read once, with their links, and changed through {@link #edit} and {@link #create}. */
    final class SuiteCases {
        private final Suite suite;
        private final UUID userId;
        private final List<TestCase> all;
        private final Map<UUID, List<CaseLink>> linked;
        private final Map<UUID, List<CaseLink>> changedLinks = new java.util.LinkedHashMap<>();
        private boolean changed;

        private SuiteCases(Suite suite, UUID userId) {
            this.suite = suite;
            this.userId = userId;
            this.all = new ArrayList<>(cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suite.getId()));
            this.linked = links.of(all.stream().map(TestCase::getId).toList());
        }

        Suite suite() {
            return suite;
        }

        List<TestCase> cases() {
            return all;
        }

        List<CaseLink> linksOf(UUID caseId) {
            return linked.getOrDefault(caseId, List.of());
        }

        /** The case as a client would send it back, to be edited and passed to {@link #edit}. */
        CaseRequest request(TestCase c) {
            return CaseRequests.of(c, linksOf(c.getId()));
        }

        /** Applies the request to the case; answers false, touching nothing, when it changes nothing. */
        boolean edit(TestCase testCase, CaseRequest request) {
            ValidCase valid = CaseValidator.validate(request);
            if (unchanged(testCase, valid)) {
                return false;
            }
            check(testCase.getId(), valid);
            if (valid.phase() != CasePhase.TEST
                    && all.stream().anyMatch(c -> testCase.getId().equals(c.getDependsOn()))) {
                throw new ConflictException(
                        "phase",
                        "other cases depend on case " + testCase.getReadableId() + "; a " + valid.phase()
                                + " case cannot have dependents");
            }
            TestCaseController.checkDependents(testCase.getId(), valid, all);
            int position = valid.position() != null ? valid.position() : testCase.getPosition();
            changes.touching(suite.getTenantId(), suite.getId(), userId, List.of(testCase.getId()));
            testCase.update(valid, position, clock.instant());
            if (!new HashSet<>(valid.links()).equals(new HashSet<>(linksOf(testCase.getId())))) {
                changedLinks.put(testCase.getId(), valid.links());
                linked.put(testCase.getId(), valid.links());
            }
            changed = true;
            return true;
        }

        /** A new case at the end of the suite, numbered as every new case is. */
        TestCase create(CaseRequest request) {
            ValidCase valid = CaseValidator.validate(request);
            UUID id = UUID.randomUUID();
            check(id, valid);
            // the suite's lock before the project's case counter, as every writer of cases takes them
            changes.touching(suite.getTenantId(), suite.getId(), userId, List.of(id));
            TestCase testCase =
                    new TestCase(id, suite, caseIds.next(suite.getProjectId(), CaseKind.API), clock.instant());
            int position = valid.position() != null
                    ? valid.position()
                    : all.stream().mapToInt(TestCase::getPosition).max().orElse(-1) + 1;
            testCase.update(valid, position, clock.instant());
            cases.save(testCase);
            all.add(testCase);
            if (!valid.links().isEmpty()) {
                changedLinks.put(id, valid.links());
                linked.put(id, valid.links());
            }
            changed = true;
            return testCase;
        }

        private void check(UUID caseId, ValidCase valid) {
            TestCaseController.checkRequest(targets, valid);
            if (all.stream()
                    .anyMatch(c -> !c.getId().equals(caseId) && c.getName().equals(valid.name()))) {
                throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
            }
            TestCaseController.checkDependency(caseId, valid, all);
            TestCaseController.checkDataSet(dataSets, suite.getId(), valid.dataSetId());
            TestCaseController.checkModule(modules, suite, valid.moduleId());
        }

        /** Writes the links that changed; the suite's new version is recorded as the transaction commits. */
        void finish() {
            if (!changed) {
                return;
            }
            cases.flush();
            links.replace(suite.getTenantId(), suite.getProjectId(), changedLinks);
            changedLinks.clear();
        }

        private boolean unchanged(TestCase c, ValidCase valid) {
            return Objects.equals(c.getName(), valid.name())
                    && (valid.position() == null || valid.position() == c.getPosition())
                    && Objects.equals(c.getDependsOn(), valid.dependsOn())
                    && c.isEnabled() == valid.enabled()
                    && Objects.equals(c.getRequest(), valid.request())
                    && Objects.equals(c.getExpectations(), valid.expectations())
                    && Objects.equals(c.getExtractions(), valid.extractions())
                    && Objects.equals(c.getRetry(), valid.retry())
                    && c.getPhase() == valid.phase()
                    && Objects.equals(c.getDataSetId(), valid.dataSetId())
                    && c.isRunAfterFailure() == valid.runAfterFailure()
                    && c.getClassification().equals(valid.classification())
                    && Objects.equals(c.getModuleId(), valid.moduleId())
                    && c.getText().equals(valid.text())
                    && new HashSet<>(linksOf(c.getId())).equals(new HashSet<>(valid.links()));
        }
    }

    /** The suite's cases, to change some of them; {@link SuiteCases#finish} when done. */
    SuiteCases of(Suite suite, UUID userId) {
        return new SuiteCases(suite, userId);
    }
}
