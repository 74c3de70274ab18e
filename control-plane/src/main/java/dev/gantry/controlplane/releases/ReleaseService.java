package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.environments.EnvironmentRepository;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import dev.gantry.controlplane.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a release, each in one transaction with its history entry, the release locked
 * while it is changed. The checks of what a user sends are {@link ReleaseInput}'s; the decisions
 * (status moves, approval moves, the gate) are the enums' and {@link Gate}'s.
 */
@Service
class ReleaseService {
    /** At most this many cases in one release. */
    static final int MAX_CASES = 5_000;

    private final ReleaseStore store;
    private final CasePicker picker;
    private final ProjectRepository projects;
    private final EnvironmentRepository environments;
    private final People people;
    private final Clock clock;

    ReleaseService(
            ReleaseStore store,
            CasePicker picker,
            ProjectRepository projects,
            EnvironmentRepository environments,
            People people,
            Clock clock) {
        this.store = store;
        this.picker = picker;
        this.projects = projects;
        this.environments = environments;
        this.people = people;
        this.clock = clock;
    }

    /** The release's own fields as a user sends them, checked. */
    record Fields(
            String version,
            String name,
            UUID environmentId,
            LocalDate releaseDate,
            UUID qaLeadId,
            ReleaseStatus status) {}

    ReleaseStore.Release require(UUID id, UUID tenantId) {
        return store.find(id, tenantId).orElseThrow(() -> new NotFoundException("release", id));
    }

    private ReleaseStore.Release lock(UUID id, UUID tenantId) {
        return store.lock(id, tenantId).orElseThrow(() -> new NotFoundException("release", id));
    }

    List<ReleaseStore.Release> ofProject(Caller caller, UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return store.ofProject(projectId, caller.tenantId());
    }

    @Transactional
    ReleaseStore.Release create(Caller caller, UUID projectId, Fields fields) {
        projects.require(projectId, caller.tenantId());
        checkEnvironment(caller, projectId, fields.environmentId());
        checkQaLead(caller, fields.qaLeadId());
        ReleaseStatus status = fields.status() == null ? ReleaseStatus.PLANNED : fields.status();
        if (status != ReleaseStatus.PLANNED && status != ReleaseStatus.IN_PROGRESS) {
            throw new InvalidInputException("status", "a new release is PLANNED or IN_PROGRESS");
        }
        UUID id = UUID.randomUUID();
        if (store.versionTaken(projectId, fields.version(), id)) {
            throw new ConflictException("version", "release " + fields.version() + " exists in this project");
        }
        Instant now = clock.instant();
        ReleaseStore.Release release = new ReleaseStore.Release(
                id,
                caller.tenantId(),
                projectId,
                fields.version(),
                fields.name(),
                fields.environmentId(),
                fields.releaseDate(),
                fields.qaLeadId(),
                caller.userId(),
                status,
                Gate.DEFAULT,
                now,
                now);
        store.create(release);
        store.record(id, caller.userId(), null, "created", fields.version(), null, describe(release), now);
        return release;
    }

    @Transactional
    ReleaseStore.Release update(Caller caller, UUID id, Fields fields) {
        ReleaseStore.Release old = lock(id, caller.tenantId());
        checkEnvironment(caller, old.projectId(), fields.environmentId());
        checkQaLead(caller, fields.qaLeadId());
        ReleaseStatus status = fields.status() == null ? old.status() : fields.status();
        if (status != old.status()) {
            if (status == ReleaseStatus.READY_TO_SHIP) {
                throw new ConflictException(
                        "status",
                        "a release becomes READY_TO_SHIP through its gate: POST /api/v1/releases/" + id + "/ready");
            }
            if (!old.status().canMoveTo(status)) {
                throw new ConflictException("status", "a " + old.status() + " release cannot become " + status);
            }
        }
        if (store.versionTaken(old.projectId(), fields.version(), id)) {
            throw new ConflictException("version", "release " + fields.version() + " exists in this project");
        }
        Instant now = clock.instant();
        ReleaseStore.Release changed = new ReleaseStore.Release(
                id,
                old.tenantId(),
                old.projectId(),
                fields.version(),
                fields.name(),
                fields.environmentId(),
                fields.releaseDate(),
                fields.qaLeadId(),
                old.ownerId(),
                status,
                old.gate(),
                old.createdAt(),
                now);
        Map<String, Object> before = describe(old);
        Map<String, Object> after = describe(changed);
        boolean any = false;
        for (String field : after.keySet()) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                store.record(id, caller.userId(), null, "updated", field, before.get(field), after.get(field), now);
                any = true;
            }
        }
        if (any) {
            store.update(changed);
        }
        return any ? changed : old;
    }

    @Transactional
    void delete(Caller caller, UUID id) {
        lock(id, caller.tenantId());
        store.delete(id);
    }

    /** What history shows of a release's own fields. */
    private static Map<String, Object> describe(ReleaseStore.Release r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", r.version());
        fields.put("name", r.name());
        fields.put("environmentId", r.environmentId());
        fields.put(
                "releaseDate", r.releaseDate() == null ? null : r.releaseDate().toString());
        fields.put("qaLeadId", r.qaLeadId());
        fields.put("status", r.status().name());
        return fields;
    }

    private void checkEnvironment(Caller caller, UUID projectId, UUID environmentId) {
        environments
                .findByIdAndTenantId(environmentId, caller.tenantId())
                .filter(e -> e.getProjectId().equals(projectId))
                .orElseThrow(() -> new InvalidInputException(
                        "environmentId", "environment " + environmentId + " is not in the release's project"));
    }

    private void checkQaLead(Caller caller, UUID qaLeadId) {
        if (qaLeadId != null) {
            Person lead = people.person(caller.tenantId(), qaLeadId);
            // an id unknown in the tenant comes back with neither name nor e-mail (every user has an e-mail)
            if (lead.email() == null) {
                throw new InvalidInputException("qaLeadId", "no user " + qaLeadId + " in this tenant");
            }
        }
    }

    // ---- cases

    record CasesChanged(int changed, int total) {}

    @Transactional
    CasesChanged addCases(Caller caller, UUID id, CasePicker.Pick pick) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        Set<UUID> picked = picker.pick(release.projectId(), pick);
        Set<UUID> there = new HashSet<>();
        store.cases(id).forEach(c -> there.add(c.caseId()));
        long adding = picked.stream().filter(c -> !there.contains(c)).count();
        if (there.size() + adding > MAX_CASES) {
            throw new InvalidInputException(
                    "body",
                    "a release holds at most " + MAX_CASES + " cases; it has " + there.size() + " and the pick adds "
                            + adding);
        }
        Instant now = clock.instant();
        List<UUID> added = store.addCases(id, picked, now);
        if (!added.isEmpty()) {
            store.record(
                    id,
                    caller.userId(),
                    null,
                    "cases-added",
                    added.size() + " cases",
                    null,
                    readableIds(id, added),
                    now);
        }
        withdrawIfClosed(release, caller.userId(), null, now);
        return new CasesChanged(added.size(), there.size() + added.size());
    }

    @Transactional
    CasesChanged removeCases(Caller caller, UUID id, CasePicker.Pick pick) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        Set<UUID> picked = picker.pick(release.projectId(), pick);
        List<String> names = readableIds(id, List.copyOf(picked));
        List<UUID> removed = store.removeCases(id, picked);
        Instant now = clock.instant();
        if (!removed.isEmpty()) {
            store.record(id, caller.userId(), null, "cases-removed", removed.size() + " cases", names, null, now);
        }
        withdrawIfClosed(release, caller.userId(), null, now);
        return new CasesChanged(removed.size(), (int) store.caseCount(id));
    }

    private List<String> readableIds(UUID releaseId, List<UUID> caseIds) {
        Set<UUID> wanted = Set.copyOf(caseIds);
        return store.cases(releaseId).stream()
                .filter(c -> wanted.contains(c.caseId()))
                .map(ReleaseStore.Case::readableId)
                .toList();
    }

    /** A change by hand of one case; {@code change} holds only the fields the user sent. */
    @Transactional
    ReleaseStore.Case setCase(Caller caller, UUID id, UUID caseId, ReleaseInput.CaseChange change) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        ReleaseStore.Case old =
                store.lockCase(id, caseId).orElseThrow(() -> new NotFoundException("case of release " + id, caseId));
        ExecutionStatus status = change.status() != null ? change.status() : old.status();
        String comment = change.commentSent() ? change.comment() : old.comment();
        List<String> defects = change.defects() != null ? change.defects() : old.defects();
        Long duration = change.durationSent() ? change.durationMs() : old.durationMs();
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        diff("status", old.status().name(), status.name(), before, after);
        diff("comment", old.comment(), comment, before, after);
        diff("defects", old.defects(), defects, before, after);
        diff("durationMs", old.durationMs(), duration, before, after);
        if (after.isEmpty() && before.isEmpty()) {
            return old;
        }
        if (before.containsKey("status") && old.runId() != null) {
            before.put("runId", old.runId());
        }
        Instant now = clock.instant();
        store.setByHand(id, caseId, status, comment, defects, duration, caller.userId(), now);
        store.record(id, caller.userId(), null, "case-updated", old.readableId(), before, after, now);
        withdrawIfClosed(release, caller.userId(), null, now);
        return store.findCase(id, caseId).orElseThrow();
    }

    private static void diff(
            String field, Object old, Object now, Map<String, Object> before, Map<String, Object> after) {
        if (!Objects.equals(old, now)) {
            before.put(field, old);
            after.put(field, now);
        }
    }

    // ---- approvals and the gate

    @Transactional
    ReleaseStore.Approval decide(Caller caller, UUID id, ApprovalRole role, ApprovalStatus status, String comment) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        UUID holder = holders(release).get(role);
        if (holder != null && !holder.equals(caller.userId())) {
            Person person = people.person(caller.tenantId(), holder);
            throw new NotApproverException(role, person.name() == null ? holder.toString() : person.name());
        }
        ReleaseStore.Approval old = approvals(id).get(role);
        ApprovalStatus from = old == null ? ApprovalStatus.PENDING : old.status();
        from.refusal(status).ifPresent(why -> {
            throw new ConflictException("status", role + ": " + why);
        });
        Instant now = clock.instant();
        store.decide(id, role, status, caller.userId(), comment, now);
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("status", from.name());
        if (old != null) {
            before.put("comment", old.comment());
            before.put("approverId", old.approverId());
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", status.name());
        after.put("comment", comment);
        after.put("approverId", caller.userId());
        store.record(id, caller.userId(), null, "approval", role.name(), before, after, now);
        withdrawIfClosed(release, caller.userId(), null, now);
        return approvals(id).get(role);
    }

    Map<ApprovalRole, ReleaseStore.Approval> approvals(UUID releaseId) {
        Map<ApprovalRole, ReleaseStore.Approval> byRole = new EnumMap<>(ApprovalRole.class);
        store.approvals(releaseId).forEach(a -> byRole.put(a.role(), a));
        return byRole;
    }

    /**
     * Who holds each approval role: the person assigned, else for QA_LEAD the release's QA lead; a
     * role absent here may be decided by any tester.
     */
    Map<ApprovalRole, UUID> holders(ReleaseStore.Release release) {
        Map<ApprovalRole, UUID> holders = new EnumMap<>(ApprovalRole.class);
        if (release.qaLeadId() != null) {
            holders.put(ApprovalRole.QA_LEAD, release.qaLeadId());
        }
        holders.putAll(store.approvers(release.id()));
        return holders;
    }

    /**
     * Assigns people to approval roles (a null takes the assignment back); only the release's owner,
     * its QA lead and the tenant's admins may, as for the gate.
     */
    @Transactional
    Map<ApprovalRole, UUID> assign(Caller caller, UUID id, Map<ApprovalRole, UUID> assignments) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        requireOwner(caller, release);
        Map<ApprovalRole, UUID> before = holders(release);
        for (Map.Entry<ApprovalRole, UUID> assignment : assignments.entrySet()) {
            UUID user = assignment.getValue();
            if (user != null && people.person(caller.tenantId(), user).name() == null) {
                throw new InvalidInputException(
                        "approvers." + assignment.getKey(), "no user " + user + " in this tenant");
            }
        }
        Instant now = clock.instant();
        assignments.forEach((role, user) -> store.assign(id, role, user, caller.userId(), now));
        Map<ApprovalRole, UUID> after = holders(release);
        if (!after.equals(before)) {
            store.record(id, caller.userId(), null, "approvers", null, before, after, now);
        }
        return after;
    }

    private static void requireOwner(Caller caller, ReleaseStore.Release release) {
        boolean owner = caller.userId().equals(release.ownerId())
                || caller.userId().equals(release.qaLeadId())
                || caller.role().atLeast(Role.ADMIN);
        if (!owner) {
            throw new NotReleaseOwnerException(release.id());
        }
    }

    /** Only the release's owner, its QA lead and the tenant's admins configure its gate. */
    @Transactional
    Gate setGate(Caller caller, UUID id, Gate gate) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        requireOpen(release);
        requireOwner(caller, release);
        if (!gate.equals(release.gate())) {
            Instant now = clock.instant();
            store.setGate(id, gate, now);
            store.record(id, caller.userId(), null, "gate", null, release.gate(), gate, now);
            withdrawIfClosed(
                    new ReleaseStore.Release(
                            release.id(),
                            release.tenantId(),
                            release.projectId(),
                            release.version(),
                            release.name(),
                            release.environmentId(),
                            release.releaseDate(),
                            release.qaLeadId(),
                            release.ownerId(),
                            release.status(),
                            gate,
                            release.createdAt(),
                            now),
                    caller.userId(),
                    null,
                    now);
        }
        return gate;
    }

    /** The reasons the gate is closed; none: open. */
    List<Gate.Reason> gate(ReleaseStore.Release release) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        store.cases(release.id()).forEach(c -> counts.merge(c.status(), 1L, Long::sum));
        Map<ApprovalRole, ApprovalStatus> decisions = new EnumMap<>(ApprovalRole.class);
        approvals(release.id()).forEach((role, a) -> decisions.put(role, a.status()));
        return release.gate().check(counts, decisions);
    }

    /** Marks the release READY_TO_SHIP if its gate is open; 409 with the reasons otherwise. */
    @Transactional
    ReleaseStore.Release ready(Caller caller, UUID id) {
        ReleaseStore.Release release = lock(id, caller.tenantId());
        if (release.status() == ReleaseStatus.READY_TO_SHIP) {
            throw new ConflictException("status", "the release is READY_TO_SHIP already");
        }
        if (!release.status().canMoveTo(ReleaseStatus.READY_TO_SHIP)) {
            throw new ConflictException("status", "a " + release.status() + " release cannot become READY_TO_SHIP");
        }
        List<Gate.Reason> reasons = gate(release);
        if (!reasons.isEmpty()) {
            throw new GateClosedException(id, reasons);
        }
        Instant now = clock.instant();
        ReleaseStore.Release ready = withStatus(release, ReleaseStatus.READY_TO_SHIP, now);
        store.update(ready);
        store.record(
                id,
                caller.userId(),
                null,
                "ready",
                null,
                Map.of("status", release.status().name()),
                Map.of("status", ready.status().name()),
                now);
        return ready;
    }

    /**
     * A READY_TO_SHIP release whose gate a change closed goes back IN_PROGRESS, saying why: a
     * release is never shown ready while its gate would refuse it.
     */
    void withdrawIfClosed(ReleaseStore.Release release, UUID actorId, UUID runId, Instant now) {
        if (release.status() != ReleaseStatus.READY_TO_SHIP) {
            return;
        }
        List<Gate.Reason> reasons = gate(release);
        if (reasons.isEmpty()) {
            return;
        }
        store.update(withStatus(release, ReleaseStatus.IN_PROGRESS, now));
        store.record(
                release.id(),
                actorId,
                runId,
                "ready-withdrawn",
                null,
                Map.of("status", ReleaseStatus.READY_TO_SHIP.name()),
                Map.of(
                        "status",
                        ReleaseStatus.IN_PROGRESS.name(),
                        "reasons",
                        reasons.stream().map(Gate.Reason::message).toList()),
                now);
    }

    private static ReleaseStore.Release withStatus(ReleaseStore.Release r, ReleaseStatus status, Instant now) {
        return new ReleaseStore.Release(
                r.id(),
                r.tenantId(),
                r.projectId(),
                r.version(),
                r.name(),
                r.environmentId(),
                r.releaseDate(),
                r.qaLeadId(),
                r.ownerId(),
                status,
                r.gate(),
                r.createdAt(),
                now);
    }

    private static void requireOpen(ReleaseStore.Release release) {
        if (!release.status().open()) {
            throw new ConflictException("status", "the release is " + release.status() + "; it changes no more");
        }
    }
}
