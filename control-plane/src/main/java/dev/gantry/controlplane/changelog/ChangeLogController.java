package dev.gantry.controlplane.changelog;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A suite's versions ({@code /api/v1/suites/{id}/versions}, one of them, two compared) and a case's
 * change log ({@code /api/v1/cases/{id}/changes}), each naming the person who made the change.
 */
@RestController
class ChangeLogController {
    static final int MAX_VERSIONS = 500;
    static final int MAX_CHANGES = 2000;
    static final int MAX_COMPARED_CASES = 2000;

    record VersionSummary(
            int version,
            String summary,
            Person changedBy,
            Instant changedAt,
            int casesAdded,
            int casesChanged,
            int casesRemoved) {}

    /** A version with its entries, a page of them: {@code nextAfter} asks for the next page, null at the end. */
    record VersionDetail(
            int version,
            String summary,
            Person changedBy,
            Instant changedAt,
            int casesAdded,
            int casesChanged,
            int casesRemoved,
            List<Change> changes,
            Long nextAfter) {}

    record Change(
            long id,
            int version,
            UUID caseId,
            String readableId,
            String caseName,
            CaseDiff.Change change,
            String field,
            JsonNode oldValue,
            JsonNode newValue,
            boolean truncated,
            Person changedBy,
            Instant changedAt) {}

    record Comparison(
            int from,
            int to,
            int added,
            int changed,
            int removed,
            List<VersionComparison.CaseChange> cases,
            boolean truncated) {}

    private final ChangeLogStore store;
    private final People people;

    ChangeLogController(ChangeLogStore store, People people) {
        this.store = store;
        this.people = people;
    }

    /** Newest first; {@code before}: the lowest version of the previous page. */
    @GetMapping("/api/v1/suites/{suiteId}/versions")
    List<VersionSummary> versions(
            Caller caller,
            @PathVariable UUID suiteId,
            @RequestParam(required = false) Integer before,
            @RequestParam(defaultValue = "100") int limit) {
        requireSuite(caller, suiteId);
        List<ChangeLogStore.VersionRow> rows =
                store.versions(caller.tenantId(), suiteId, before, bounded("limit", limit, MAX_VERSIONS));
        Map<UUID, Person> who = people.people(
                caller.tenantId(),
                rows.stream().map(ChangeLogStore.VersionRow::changedBy).toList());
        return rows.stream().map(r -> summary(r, who)).toList();
    }

    /**
     * Compares two versions (default: the latest against the one before it): each case added, removed
     * or changed between them, field by field, with the net values.
     */
    @GetMapping("/api/v1/suites/{suiteId}/versions/compare")
    @Transactional(readOnly = true)
    Comparison compare(
            Caller caller,
            @PathVariable UUID suiteId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "500") int limit) {
        requireSuite(caller, suiteId);
        int cap = bounded("limit", limit, MAX_COMPARED_CASES);
        int[] range = store.range(caller.tenantId(), suiteId)
                .orElseThrow(() -> new InvalidInputException("to", "suite " + suiteId + " has no recorded versions"));
        int last = to == null ? range[1] : number("to", to, range);
        int first = from == null ? Math.max(range[0], last - 1) : number("from", from, range);
        if (first > last) {
            throw new InvalidInputException("from", "must not be after to (" + last + ")");
        }
        VersionComparison comparison = new VersionComparison();
        store.entriesBetween(caller.tenantId(), suiteId, first, last, comparison::accept);
        List<VersionComparison.CaseChange> cases = comparison.result();
        int added = 0;
        int changed = 0;
        int removed = 0;
        for (VersionComparison.CaseChange c : cases) {
            switch (c.change()) {
                case ADDED -> added++;
                case CHANGED -> changed++;
                case REMOVED -> removed++;
            }
        }
        return new Comparison(
                first,
                last,
                added,
                changed,
                removed,
                cases.size() > cap ? List.copyOf(cases.subList(0, cap)) : cases,
                cases.size() > cap);
    }

    /** One version ({@code latest} or its number) and a page of its entries, after the entry id {@code after}. */
    @GetMapping("/api/v1/suites/{suiteId}/versions/{version}")
    VersionDetail version(
            Caller caller,
            @PathVariable UUID suiteId,
            @PathVariable String version,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "500") int limit) {
        requireSuite(caller, suiteId);
        int cap = bounded("limit", limit, MAX_CHANGES);
        int number;
        if (version.equals("latest")) {
            number = store.range(caller.tenantId(), suiteId)
                    .map(r -> r[1])
                    .orElseThrow(() -> new NotFoundException("suite version", "latest of " + suiteId));
        } else {
            number = parse("version", version);
        }
        ChangeLogStore.VersionRow row = store.version(caller.tenantId(), suiteId, number)
                .orElseThrow(() -> new NotFoundException("suite version", suiteId + "/" + version));
        List<ChangeLogStore.EntryRow> entries = store.entriesOf(caller.tenantId(), suiteId, number, after, cap);
        Map<UUID, Person> who = people.people(caller.tenantId(), java.util.Arrays.asList(row.changedBy()));
        return new VersionDetail(
                row.version(),
                row.summary(),
                who.get(row.changedBy()),
                row.changedAt(),
                row.casesAdded(),
                row.casesChanged(),
                row.casesRemoved(),
                changes(caller.tenantId(), entries),
                entries.size() == cap ? entries.getLast().id() : null);
    }

    /** A case's change log, newest first; {@code before}: the lowest entry id of the previous page. */
    @GetMapping("/api/v1/cases/{caseId}/changes")
    List<Change> caseChanges(
            Caller caller,
            @PathVariable UUID caseId,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        if (!store.caseKnown(caller.tenantId(), caseId)) {
            throw new NotFoundException("test case", caseId);
        }
        return changes(
                caller.tenantId(),
                store.caseChanges(
                        caller.tenantId(),
                        caseId,
                        before == null ? Long.MAX_VALUE : before,
                        bounded("limit", limit, MAX_VERSIONS)));
    }

    private void requireSuite(Caller caller, UUID suiteId) {
        if (!store.suiteExists(caller.tenantId(), suiteId)) {
            throw new NotFoundException("suite", suiteId);
        }
    }

    private List<Change> changes(UUID tenantId, List<ChangeLogStore.EntryRow> entries) {
        Set<UUID> ids = entries.stream().map(ChangeLogStore.EntryRow::changedBy).collect(Collectors.toSet());
        Map<UUID, Person> who = people.people(tenantId, ids);
        List<Change> changes = new ArrayList<>(entries.size());
        for (ChangeLogStore.EntryRow e : entries) {
            changes.add(new Change(
                    e.id(),
                    e.version(),
                    e.caseId(),
                    e.readableId(),
                    e.caseName(),
                    e.change(),
                    e.field(),
                    e.oldValue(),
                    e.newValue(),
                    e.truncated(),
                    e.changedBy() == null ? null : who.get(e.changedBy()),
                    e.changedAt()));
        }
        return changes;
    }

    private static VersionSummary summary(ChangeLogStore.VersionRow r, Map<UUID, Person> who) {
        return new VersionSummary(
                r.version(),
                r.summary(),
                r.changedBy() == null ? null : who.get(r.changedBy()),
                r.changedAt(),
                r.casesAdded(),
                r.casesChanged(),
                r.casesRemoved());
    }

    private static int bounded(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidInputException(field, "must be between 1 and " + max);
        }
        return value;
    }

    private static int parse(String field, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidInputException(field, "'" + abbreviated(value) + "' is not a version number");
    }

    /** A version the suite has, by number (400 naming the field otherwise). */
    private static int number(String field, String value, int[] range) {
        int n = parse(field, value);
        if (n < range[0] || n > range[1]) {
            throw new InvalidInputException(
                    field, "the suite has no version " + n + "; its versions are " + range[0] + " to " + range[1]);
        }
        return n;
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
