package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CaseDrafts;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link FeaturePlan} into a suite, in the caller's transaction, through the suites package
 * ({@link CaseDrafts}): data sets first, then each chain's cases in order, each depending on the one
 * before it. A case or data set the file made before keeps its id (found by its key); those of
 * scenarios that are gone are removed. Whole or nothing, within the plan's case limit.
 */
@Component
class FeaturePublisher {
    record CaseRef(UUID id, String name, String key) {}

    record DataSetRef(UUID id, String name, int rows) {}

    record Result(
            UUID suiteId,
            List<CaseRef> created,
            List<CaseRef> updated,
            List<CaseRef> removed,
            List<DataSetRef> dataSets,
            Map<String, UUID> caseIds,
            Map<String, UUID> dataSetIds) {}

    private final CaseDrafts drafts;
    private final SuiteRepository suites;
    private final PlanService plans;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    FeaturePublisher(CaseDrafts drafts, SuiteRepository suites, PlanService plans, JdbcTemplate jdbc, Clock clock) {
        this.drafts = drafts;
        this.suites = suites;
        this.plans = plans;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Each planned case checked as {@code POST /cases} checks one; 400 on {@code content} naming the step's line. */
    void check(FeaturePlan plan) {
        List<FieldViolation> violations = new ArrayList<>();
        for (FeaturePlan.Chain chain : plan.chains()) {
            for (FeaturePlan.Case c : chain.cases()) {
                try {
                    drafts.draft(c.json());
                } catch (InvalidInputException e) {
                    FeaturePlan.Step step = c.steps().getFirst();
                    e.violations()
                            .forEach(v -> violations.add(new FieldViolation(
                                    "content",
                                    "line " + step.line() + " (" + step.keyword() + " " + step.text() + "): "
                                            + v.field() + " " + v.message())));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.subList(0, Math.min(violations.size(), 20)));
        }
    }

    /** The suite a publication writes into: the one given, the one the file went to before, or a new one. */
    UUID suite(Caller caller, FeatureStore.FeatureFile file, UUID requested, String featureName) {
        if (requested != null) {
            Suite suite = suites.require(requested, caller.tenantId());
            if (!suite.getProjectId().equals(file.projectId())) {
                throw new InvalidInputException("suiteId", "suite " + requested + " is not in the file's project");
            }
            if (file.suiteId() != null && !file.suiteId().equals(requested)) {
                throw new ConflictException(
                        "suiteId", "this file publishes into suite " + file.suiteId() + "; its cases are there");
            }
            return requested;
        }
        if (file.suiteId() != null) {
            return file.suiteId();
        }
        String name = featureName.isBlank() ? file.name() : featureName;
        return drafts.createSuite(
                caller.tenantId(),
                file.projectId(),
                caller.userId(),
                name.length() > 200 ? name.substring(0, 200) : name,
                "Published from the feature file " + file.name(),
                "suiteId");
    }

    Result publish(
            Caller caller, UUID suiteId, FeaturePlan plan, Map<String, UUID> oldCases, Map<String, UUID> oldSets) {
        UUID tenantId = caller.tenantId();
        plans.holdLimit(tenantId, PlanLimit.MaxTestCasesPerSuite);
        // data sets first: the cases pin them
        Map<String, UUID> setIds = new LinkedHashMap<>();
        List<DataSetRef> setRefs = new ArrayList<>();
        for (FeaturePlan.DataSet set : plan.dataSets()) {
            UUID id = drafts.putDataSet(
                    tenantId, suiteId, caller.userId(), oldSets.get(set.key()), set.name(), set.rows());
            setIds.put(set.key(), id);
            setRefs.add(new DataSetRef(id, set.name(), set.rows().size()));
        }
        Set<String> keys = new HashSet<>();
        plan.chains().forEach(chain -> chain.cases().forEach(c -> keys.add(c.key())));
        List<UUID> gone = new ArrayList<>();
        Map<UUID, String> oldNames = names(suiteId, oldCases.values());
        List<CaseRef> removed = new ArrayList<>();
        oldCases.forEach((key, id) -> {
            if (!keys.contains(key)) {
                gone.add(id);
                removed.add(new CaseRef(id, oldNames.get(id), key));
            }
        });
        drafts.unlinkAndDelete(tenantId, suiteId, caller.userId(), oldCases.values(), gone);

        CaseDrafts.Batch batch = drafts.batch(tenantId, suiteId, caller.userId());
        CaseDrafts.Origin none = new CaseDrafts.Origin(null, null, null, null, null);
        Map<String, UUID> caseIds = new LinkedHashMap<>();
        List<CaseRef> created = new ArrayList<>();
        List<CaseRef> updated = new ArrayList<>();
        for (FeaturePlan.Chain chain : plan.chains()) {
            UUID previous = null;
            for (FeaturePlan.Case c : chain.cases()) {
                Map<String, Object> json = new LinkedHashMap<>(c.json());
                if (previous != null) {
                    json.put("dependsOn", previous.toString());
                }
                if (chain.dataSetKey() != null) {
                    json.put("dataSetId", setIds.get(chain.dataSetKey()).toString());
                }
                CaseDrafts.Draft draft = drafts.draft(json);
                UUID id = oldCases.get(c.key());
                if (id != null && oldNames.containsKey(id)) {
                    batch.replaceFiled(id, oldNames.get(id), draft);
                    updated.add(new CaseRef(id, c.name(), c.key()));
                } else {
                    id = batch.create(draft, none);
                    created.add(new CaseRef(id, c.name(), c.key()));
                }
                caseIds.put(c.key(), id);
                previous = id;
            }
        }
        batch.finish();
        List<UUID> goneSets = new ArrayList<>();
        oldSets.forEach((key, id) -> {
            if (!setIds.containsKey(key)) {
                goneSets.add(id);
            }
        });
        drafts.deleteDataSets(tenantId, suiteId, caller.userId(), goneSets);
        plans.checkAdded(
                tenantId,
                PlanLimit.MaxTestCasesPerSuite,
                created.size(),
                () -> jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId),
                "cannot publish " + created.size() + " new cases into suite " + suiteId);
        return new Result(suiteId, created, updated, removed, setRefs, caseIds, setIds);
    }

    private Map<UUID, String> names(UUID suiteId, java.util.Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.query(
                "select id, name from test_cases where suite_id = ? and id = any(?)",
                rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                },
                suiteId,
                ids.toArray(UUID[]::new));
        return names;
    }

    Clock clock() {
        return clock;
    }
}
