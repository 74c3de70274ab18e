package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.environments.Environment;
import dev.gantry.controlplane.environments.EnvironmentRepository;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What the API answers about releases: the stored rows with people by name (looked up once per
 * answer through {@link People}), and the dashboard the readiness report shows too.
 */
@Component
class ReleaseViews {
    record ReleaseView(
            UUID id,
            UUID projectId,
            String version,
            String name,
            UUID environmentId,
            String environmentName,
            LocalDate releaseDate,
            Person qaLead,
            Person owner,
            ReleaseStatus status,
            Instant createdAt,
            Instant updatedAt) {}

    record CaseView(
            UUID caseId,
            String readableId,
            String name,
            UUID suiteId,
            UUID moduleId,
            String mode,
            ExecutionStatus status,
            String comment,
            List<String> defects,
            Long durationMs,
            UUID runId,
            String runUrl,
            Person setBy,
            Instant statusAt) {}

    /**
     * An approval role's state; {@code holder} is the person whose role it is (null: any tester may
     * decide), {@code approver} the person who decided last.
     */
    record ApprovalView(
            ApprovalRole role,
            Person holder,
            ApprovalStatus status,
            Person approver,
            String comment,
            Instant decidedAt) {}

    record GateView(boolean open, List<Gate.Reason> reasons, Gate gate) {}

    record HistoryView(
            long id,
            Instant at,
            Person person,
            UUID runId,
            String action,
            String subject,
            JsonNode before,
            JsonNode after) {}

    /** Cases filed under one top-level module (its sub-modules and features included); null id: filed nowhere. */
    record ModuleCounts(UUID moduleId, String module, long total, Map<ExecutionStatus, Long> byStatus) {}

    record Failure(
            UUID caseId,
            String readableId,
            String name,
            ExecutionStatus status,
            List<String> defects,
            String comment,
            UUID runId) {}

    record Dashboard(
            ReleaseView release,
            long total,
            Map<ExecutionStatus, Long> byStatus,
            Integer passRate,
            List<ModuleCounts> byModule,
            List<Failure> failures,
            List<ApprovalView> approvals,
            GateView gate,
            Instant generatedAt) {}

    private final ReleaseStore store;
    private final ReleaseService releases;
    private final EnvironmentRepository environments;
    private final People people;
    private final Clock clock;

    ReleaseViews(
            ReleaseStore store,
            ReleaseService releases,
            EnvironmentRepository environments,
            People people,
            Clock clock) {
        this.store = store;
        this.releases = releases;
        this.environments = environments;
        this.people = people;
        this.clock = clock;
    }

    List<ReleaseView> releases(UUID tenantId, List<ReleaseStore.Release> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.forEach(r -> {
            ids.add(r.ownerId());
            ids.add(r.qaLeadId());
        });
        Map<UUID, Person> named = people.people(tenantId, ids);
        Map<UUID, String> environmentNames = new HashMap<>();
        return rows.stream()
                .map(r -> view(
                        r,
                        named,
                        environmentNames.computeIfAbsent(r.environmentId(), id -> environmentName(tenantId, id))))
                .toList();
    }

    ReleaseView release(ReleaseStore.Release r) {
        return releases(r.tenantId(), List.of(r)).getFirst();
    }

    private String environmentName(UUID tenantId, UUID environmentId) {
        return environments
                .findByIdAndTenantId(environmentId, tenantId)
                .map(Environment::getName)
                .orElse(null);
    }

    private static ReleaseView view(ReleaseStore.Release r, Map<UUID, Person> named, String environmentName) {
        return new ReleaseView(
                r.id(),
                r.projectId(),
                r.version(),
                r.name(),
                r.environmentId(),
                environmentName,
                r.releaseDate(),
                r.qaLeadId() == null ? null : named.get(r.qaLeadId()),
                named.get(r.ownerId()),
                r.status(),
                r.createdAt(),
                r.updatedAt());
    }

    /** The release's cases as stored, in readable-id order. */
    List<ReleaseStore.Case> storeCases(UUID releaseId) {
        return store.cases(releaseId);
    }

    List<CaseView> cases(UUID tenantId, Collection<ReleaseStore.Case> rows) {
        Map<UUID, Person> named = people.people(
                tenantId, rows.stream().map(ReleaseStore.Case::setBy).toList());
        return rows.stream().map(c -> caseView(c, named)).toList();
    }

    CaseView caseView(UUID tenantId, ReleaseStore.Case c) {
        return cases(tenantId, List.of(c)).getFirst();
    }

    private static CaseView caseView(ReleaseStore.Case c, Map<UUID, Person> named) {
        return new CaseView(
                c.caseId(),
                c.readableId(),
                c.name(),
                c.suiteId(),
                c.moduleId(),
                c.mode(),
                c.status(),
                c.comment(),
                c.defects(),
                c.durationMs(),
                c.runId(),
                c.runId() == null ? null : "/api/v1/runs/" + c.runId(),
                c.setBy() == null ? null : named.get(c.setBy()),
                c.statusAt());
    }

    /** Every role, PENDING where nobody decided yet. */
    List<ApprovalView> approvals(UUID tenantId, UUID releaseId) {
        Map<ApprovalRole, ReleaseStore.Approval> byRole = releases.approvals(releaseId);
        Map<ApprovalRole, UUID> holders =
                releases.holders(store.find(releaseId, tenantId).orElseThrow());
        List<UUID> ids = new ArrayList<>(holders.values());
        byRole.values().forEach(a -> ids.add(a.approverId()));
        Map<UUID, Person> named = people.people(tenantId, ids);
        List<ApprovalView> views = new ArrayList<>();
        for (ApprovalRole role : ApprovalRole.values()) {
            ReleaseStore.Approval a = byRole.get(role);
            views.add(
                    a == null
                            ? new ApprovalView(
                                    role, named.get(holders.get(role)), ApprovalStatus.PENDING, null, null, null)
                            : new ApprovalView(
                                    role,
                                    named.get(holders.get(role)),
                                    a.status(),
                                    named.get(a.approverId()),
                                    a.comment(),
                                    a.decidedAt()));
        }
        return views;
    }

    GateView gate(ReleaseStore.Release release) {
        List<Gate.Reason> reasons = releases.gate(release);
        return new GateView(reasons.isEmpty(), reasons, release.gate());
    }

    List<HistoryView> history(UUID tenantId, UUID releaseId, long after, int limit) {
        List<ReleaseStore.HistoryEntry> entries = store.history(releaseId, after, limit);
        Map<UUID, Person> named = people.people(
                tenantId,
                entries.stream().map(ReleaseStore.HistoryEntry::actorId).toList());
        return entries.stream()
                .map(e -> new HistoryView(
                        e.id(),
                        e.at(),
                        e.actorId() == null ? null : named.get(e.actorId()),
                        e.runId(),
                        e.action(),
                        e.subject(),
                        e.before(),
                        e.after()))
                .toList();
    }

    Dashboard dashboard(ReleaseStore.Release release) {
        List<ReleaseStore.Case> cases = store.cases(release.id());
        Map<ExecutionStatus, Long> byStatus = counts();
        cases.forEach(c -> byStatus.merge(c.status(), 1L, Long::sum));
        long total = cases.size();
        long counted = total - byStatus.get(ExecutionStatus.SKIPPED);
        Integer passRate = counted == 0 ? null : (int) (100 * byStatus.get(ExecutionStatus.PASSED) / counted);

        // each case under its top-level module, through its sub-module and feature
        Map<UUID, ReleaseStore.ModuleNode> nodes = new HashMap<>();
        store.modules(release.projectId()).forEach(m -> nodes.put(m.id(), m));
        Map<UUID, ModuleCounts> modules = new LinkedHashMap<>();
        for (ReleaseStore.Case c : cases) {
            ReleaseStore.ModuleNode top = c.moduleId() == null ? null : nodes.get(c.moduleId());
            // three levels at most; the bound only guards against a cycle the tree cannot have
            for (int i = 0; top != null && top.parentId() != null && i < 3; i++) {
                top = nodes.get(top.parentId());
            }
            UUID key = top == null ? null : top.id();
            ModuleCounts counts = modules.computeIfAbsent(
                    key,
                    k -> new ModuleCounts(
                            k, k == null ? "(no module)" : nodes.get(k).name(), 0, counts()));
            counts.byStatus().merge(c.status(), 1L, Long::sum);
            modules.put(
                    key, new ModuleCounts(counts.moduleId(), counts.module(), counts.total() + 1, counts.byStatus()));
        }
        List<ModuleCounts> byModule = new ArrayList<>(modules.values());
        byModule.sort((a, b) -> a.moduleId() == null
                ? 1
                : b.moduleId() == null ? -1 : a.module().compareTo(b.module()));

        List<Failure> failures = cases.stream()
                .filter(c -> c.status().stopsTheGate())
                .map(c -> new Failure(
                        c.caseId(), c.readableId(), c.name(), c.status(), c.defects(), c.comment(), c.runId()))
                .toList();
        return new Dashboard(
                release(release),
                total,
                byStatus,
                passRate,
                byModule,
                failures,
                approvals(release.tenantId(), release.id()),
                gate(release),
                clock.instant());
    }

    /** Every status, at zero. */
    private static Map<ExecutionStatus, Long> counts() {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus s : ExecutionStatus.values()) {
            counts.put(s, 0L);
        }
        return counts;
    }
}
