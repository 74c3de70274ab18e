package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CaseDrafts;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes generated cases into a suite, and on later generations updates those nobody edited since:
 * a case whose stored content no longer hashes to what was generated is reported as diverged and left
 * alone. Cases whose endpoint left the specification are reported, never deleted.
 */
@Service
public class CaseGenerationService {
    static final Set<String> KINDS = Set.of("happy", "boundary", "negative", "security");

    private final SuiteRepository suites;
    private final SpecStore specs;
    private final CaseDrafts drafts;
    private final JdbcTemplate jdbc;
    private final PlanService plans;

    CaseGenerationService(
            SuiteRepository suites, SpecStore specs, CaseDrafts drafts, JdbcTemplate jdbc, PlanService plans) {
        this.suites = suites;
        this.specs = specs;
        this.drafts = drafts;
        this.jdbc = jdbc;
        this.plans = plans;
    }

    public record CaseRef(UUID id, String name, String endpoint, String kind) {}

    public record Report(
            UUID specId,
            List<CaseRef> created,
            List<CaseRef> updated,
            int unchanged,
            List<CaseRef> diverged,
            List<CaseRef> orphaned,
            List<String> skipped) {}

    private record Existing(UUID id, String name, String endpoint, String kind, String hash) {}

    /**
     * Whole or nothing: a generation whose new cases would take the suite beyond the plan's
     * MaxTestCasesPerSuite is refused (403 {@code plan-limit}) and rolled back; updating cases
     * already generated adds none, so regenerating a full suite still works.
     */
    @Transactional
    public Report generate(Caller caller, UUID suiteId, UUID specId, List<String> kinds) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        plans.holdLimit(caller.tenantId(), PlanLimit.MaxTestCasesPerSuite);
        Set<String> chosen = kinds == null || kinds.isEmpty() ? KINDS : new LinkedHashSet<>(kinds);
        for (int i = 0; kinds != null && i < kinds.size(); i++) {
            if (!KINDS.contains(kinds.get(i))) {
                throw new InvalidInputException(
                        "kinds[" + i + "]", "unknown kind '" + kinds.get(i) + "'; use " + KINDS);
            }
        }
        SpecStore.SpecRow spec = specId != null
                ? specs.require(specId, caller.tenantId())
                : specs.active(suite.getProjectId(), caller.tenantId())
                        .orElseThrow(() -> new UnprocessableException(
                                "no-active-spec", "the suite's project has no active specification; import one first"));
        if (!spec.projectId().equals(suite.getProjectId())) {
            throw new InvalidInputException("specId", "specification " + spec.id() + " belongs to another project");
        }
        List<CaseGenerator.Generated> generated =
                new CaseGenerator(specs.components(spec.id()), chosen).generate(specs.endpoints(spec.id()));

        Map<String, Existing> existing = new HashMap<>();
        jdbc.query(
                "select origin_key, id, name, origin_endpoint, origin_kind, generated_hash from test_cases where suite_id = ? and origin_key is not null",
                rs -> {
                    existing.put(
                            rs.getString(1),
                            new Existing(
                                    rs.getObject(2, UUID.class),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6)));
                },
                suiteId);
        Set<String> takenNames = new HashSet<>(jdbc.queryForList(
                "select name from test_cases where suite_id = ? and origin_key is null", String.class, suiteId));

        Map<String, UUID> idsByKey = new HashMap<>();
        existing.forEach((key, e) -> idsByKey.put(key, e.id()));
        List<CaseRef> created = new ArrayList<>();
        List<CaseRef> updated = new ArrayList<>();
        List<CaseRef> diverged = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int unchanged = 0;
        Set<String> seen = new HashSet<>();
        for (CaseGenerator.Generated g : generated) {
            seen.add(g.key());
            if (g.dependsOnKey() != null) {
                UUID parent = idsByKey.get(g.dependsOnKey());
                if (parent == null) {
                    skipped.add(g.name() + ": the case it depends on was not generated");
                    continue;
                }
                g.json().put("dependsOn", parent.toString());
            }
            String hash = CaseDrafts.contentHash(g.json());
            Existing old = existing.get(g.key());
            if (old == null) {
                if (takenNames.contains(g.name())) {
                    skipped.add(g.name() + ": a hand-made case already has this name");
                    continue;
                }
                UUID id = drafts.create(caller.tenantId(), suiteId, g.json());
                idsByKey.put(g.key(), id);
                mark(id, spec.id(), g, hash);
                created.add(new CaseRef(id, g.name(), g.endpoint(), g.kind()));
                continue;
            }
            CaseRef ref = new CaseRef(old.id(), old.name(), g.endpoint(), g.kind());
            String stored = drafts.storedHash(caller.tenantId(), old.id());
            if (!stored.equals(old.hash())) {
                diverged.add(ref);
            } else if (stored.equals(hash)) {
                unchanged++;
                mark(old.id(), spec.id(), g, hash);
            } else {
                drafts.replace(caller.tenantId(), old.id(), g.json());
                mark(old.id(), spec.id(), g, hash);
                updated.add(new CaseRef(old.id(), g.name(), g.endpoint(), g.kind()));
            }
        }
        plans.checkAdded(
                caller.tenantId(),
                PlanLimit.MaxTestCasesPerSuite,
                created.size(),
                () -> jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId),
                "cannot generate " + created.size() + " new cases into suite " + suiteId);
        List<CaseRef> orphaned = new ArrayList<>();
        existing.forEach((key, e) -> {
            if (!seen.contains(key)) {
                orphaned.add(new CaseRef(e.id(), e.name(), e.endpoint(), e.kind()));
            }
        });
        return new Report(spec.id(), created, updated, unchanged, diverged, orphaned, skipped);
    }

    private void mark(UUID caseId, UUID specId, CaseGenerator.Generated g, String hash) {
        drafts.markGenerated(caseId, specId, g.endpoint(), g.kind(), g.key(), hash);
    }

    public record Origin(UUID caseId, String name, UUID specId, String endpoint, String kind, boolean diverged) {}

    public List<Origin> origins(Caller caller, UUID suiteId) {
        suites.require(suiteId, caller.tenantId());
        List<Origin> out = new ArrayList<>();
        jdbc.query(
                "select id, name, origin_spec_id, origin_endpoint, origin_kind, generated_hash from test_cases"
                        + " where suite_id = ? and tenant_id = ? and origin_key is not null order by position, name",
                rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    out.add(new Origin(
                            id,
                            rs.getString(2),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            !drafts.storedHash(caller.tenantId(), id).equals(rs.getString(6))));
                },
                suiteId,
                caller.tenantId());
        return out;
    }
}
