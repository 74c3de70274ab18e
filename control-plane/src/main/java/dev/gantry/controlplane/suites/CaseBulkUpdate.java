package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One change made to many cases of a project at once, all or none: every case named is changed
 * through {@link CaseEdits}, so a case is held to the rules of {@code PUT /cases/{id}}, and a
 * problem names the case by its place in {@code ids} ({@code ids[3].mode}).
 */
@Component
class CaseBulkUpdate {
    /** At most this many cases in one update. */
    static final int MAX_IDS = 1_000;

    /**
     * What to set; a field left out (or null) stays as it is on every case. {@code tags} replaces the
     * tags, {@code addTags} and {@code removeTags} change them (not together with {@code tags});
     * {@code addLinks} and {@code removeLinks} change the links. Setting {@code mode: manual} drops an
     * automation status, as a manual case has none.
     */
    record Changes(
            String priority,
            String type,
            String mode,
            String automationStatus,
            UUID moduleId,
            Boolean enabled,
            List<String> tags,
            List<String> addTags,
            List<String> removeTags,
            List<CaseRequest.Link> addLinks,
            List<CaseRequest.Link> removeLinks) {}

    record Request(List<UUID> ids, Changes set) {}

    /** How many cases were named, and their readable ids in the order given. */
    record Result(int updated, List<String> readableIds) {}

    private final TestCaseRepository cases;
    private final SuiteRepository suites;
    private final CaseEdits edits;

    CaseBulkUpdate(TestCaseRepository cases, SuiteRepository suites, CaseEdits edits) {
        this.cases = cases;
        this.suites = suites;
        this.edits = edits;
    }

    /** The caller holds the transaction and has checked the project's tenant. */
    Result apply(UUID tenantId, UUID userId, UUID projectId, Request request) {
        List<UUID> ids = ids(request.ids());
        Changes set = request.set();
        if (set == null) {
            throw new InvalidInputException("set", "say what to change");
        }
        // every value of the change is checked once, before any case is read
        CaseValidator check = CaseValidator.collecting();
        check.priority("set.priority", set.priority());
        check.type("set.type", set.type());
        CaseClassification.Mode mode = check.mode("set.mode", set.mode());
        check.automationStatus("set.automationStatus", set.automationStatus());
        List<String> tags = set.tags() == null ? null : check.tags("set.tags", set.tags());
        List<String> addTags = check.tags("set.addTags", set.addTags());
        List<String> removeTags = check.tags("set.removeTags", set.removeTags());
        List<CaseLink> addLinks = check.links("set.addLinks", set.addLinks());
        List<CaseLink> removeLinks = check.links("set.removeLinks", set.removeLinks());
        if (tags != null && (set.addTags() != null || set.removeTags() != null)) {
            throw new InvalidInputException("set.tags", "replace the tags or add and remove some, not both");
        }
        check.throwIfInvalid();

        Map<UUID, TestCase> found = new HashMap<>();
        cases.findAllById(ids).stream()
                .filter(c ->
                        c.getTenantId().equals(tenantId) && c.getProjectId().equals(projectId))
                .forEach(c -> found.put(c.getId(), c));
        for (int i = 0; i < ids.size(); i++) {
            if (!found.containsKey(ids.get(i))) {
                throw new InvalidInputException("ids[" + i + "]", "no case " + ids.get(i) + " in this project");
            }
        }
        Map<UUID, CaseEdits.SuiteCases> bySuite = new LinkedHashMap<>();
        List<String> readableIds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            TestCase testCase = found.get(ids.get(i));
            CaseEdits.SuiteCases suite =
                    bySuite.computeIfAbsent(testCase.getSuiteId(), s -> edits.of(suites.require(s, tenantId), userId));
            CaseRequest changed =
                    changed(suite.request(testCase), set, mode, tags, addTags, removeTags, addLinks, removeLinks);
            String at = "ids[" + i + "]";
            try {
                suite.edit(testCase, changed);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.violations().stream()
                        .map(v ->
                                new FieldViolation(at + "." + v.field(), testCase.getReadableId() + ": " + v.message()))
                        .toList());
            } catch (ConflictException e) {
                throw new ConflictException(at + "." + e.field(), testCase.getReadableId() + ": " + e.getMessage());
            }
            readableIds.add(testCase.getReadableId());
        }
        bySuite.values().forEach(CaseEdits.SuiteCases::finish);
        return new Result(ids.size(), readableIds);
    }

    private static List<UUID> ids(List<UUID> sent) {
        if (sent == null || sent.isEmpty()) {
            throw new InvalidInputException("ids", "name at least one case");
        }
        if (sent.size() > MAX_IDS) {
            throw new InvalidInputException("ids", "at most " + MAX_IDS + " cases at once, not " + sent.size());
        }
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) == null) {
                throw new InvalidInputException("ids[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(new LinkedHashSet<>(sent));
    }

    private static CaseRequest changed(
            CaseRequest c,
            Changes set,
            CaseClassification.Mode mode,
            List<String> tags,
            List<String> addTags,
            List<String> removeTags,
            List<CaseLink> addLinks,
            List<CaseLink> removeLinks) {
        Set<String> newTags = new LinkedHashSet<>(tags != null ? tags : c.tags());
        newTags.addAll(addTags);
        removeTags.forEach(newTags::remove);
        Set<CaseRequest.Link> newLinks = new LinkedHashSet<>(c.links());
        addLinks.forEach(l -> newLinks.add(new CaseRequest.Link(l.kind().name(), l.key())));
        removeLinks.forEach(l -> newLinks.remove(new CaseRequest.Link(l.kind().name(), l.key())));
        String automationStatus = set.automationStatus() != null
                ? set.automationStatus()
                : mode == CaseClassification.Mode.MANUAL ? null : c.automationStatus();
        return new CaseRequest(
                c.name(),
                c.position(),
                c.dependsOn(),
                set.enabled() != null ? set.enabled() : c.enabled(),
                c.request(),
                c.expectations(),
                c.extractions(),
                c.retry(),
                c.phase(),
                c.dataSetId(),
                c.runAfterFailure(),
                List.copyOf(newTags),
                set.priority() != null ? set.priority() : c.priority(),
                set.type() != null ? set.type() : c.type(),
                set.mode() != null ? set.mode() : c.mode(),
                automationStatus,
                set.moduleId() != null ? set.moduleId() : c.moduleId(),
                c.preconditions(),
                c.steps(),
                c.expectedResult(),
                List.copyOf(newLinks));
    }
}
