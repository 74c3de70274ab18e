package dev.gantry.controlplane.changelog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Records a version of a suite with the entries of its cases' changes, in the caller's transaction.
 * Knows no table but its own: the caller hands over the cases as they were and as they are, each a
 * flat map of API field names ({@code request.path}) to values, so a field added later is logged
 * without a change here.
 */
@Component
public class ChangeLog {
    /** A case as the change log compares it: its identity and its fields by API name. */
    public record CaseState(String readableId, String name, Map<String, JsonNode> fields) {
        public CaseState {
            Objects.requireNonNull(fields, "fields");
            fields = Map.copyOf(fields);
        }
    }

    /**
     * One write transaction's version of a suite.
     *
     * @param number    the suite's version after the write
     * @param notes     what changed besides cases (settings, data sets), said in the summary
     * @param changedBy the person (user id) who made the change, or null when nobody did (a migration)
     * @param before    the cases the write touched, as they were (absent: created by it)
     * @param after     the same cases as they are (absent: deleted by it)
     */
    public record Version(
            UUID tenantId,
            UUID suiteId,
            int number,
            List<String> notes,
            UUID changedBy,
            Instant at,
            Map<UUID, CaseState> before,
            Map<UUID, CaseState> after) {
        public Version {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(suiteId, "suiteId");
            Objects.requireNonNull(at, "at");
            if (number < 1) {
                throw new IllegalArgumentException("number must be at least 1");
            }
            notes = List.copyOf(notes);
            before = Map.copyOf(before);
            after = Map.copyOf(after);
        }
    }

    private final ChangeLogStore store;
    private final ChangeLogProperties properties;

    ChangeLog(ChangeLogStore store, ChangeLogProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** Stores the version and its entries; answers how many entries it stored. */
    public int record(Version version) {
        List<CaseDiff.Entry> entries = CaseDiff.diff(version.before(), version.after(), properties.maxValueChars());
        int added = 0;
        int removed = 0;
        java.util.Set<UUID> changed = new java.util.HashSet<>();
        for (CaseDiff.Entry e : entries) {
            switch (e.change()) {
                case CREATED -> added++;
                case DELETED -> removed++;
                case CHANGED -> changed.add(e.caseId());
            }
        }
        store.insertVersion(
                version, summary(added, changed.size(), removed, version.notes()), added, changed.size(), removed);
        store.insertEntries(version, entries);
        return entries.size();
    }

    static String summary(int added, int changed, int removed, List<String> notes) {
        StringBuilder s = new StringBuilder();
        for (String note : notes) {
            s.append(s.isEmpty() ? "" : "; ").append(note);
        }
        if (added + changed + removed > 0 || s.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ")
                    .append(cases(added))
                    .append(" added, ")
                    .append(changed)
                    .append(" changed, ")
                    .append(removed)
                    .append(" removed");
        }
        return s.toString();
    }

    private static String cases(int n) {
        return n + (n == 1 ? " case" : " cases");
    }
}
