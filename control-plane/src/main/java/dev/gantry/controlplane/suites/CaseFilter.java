package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a list of cases is narrowed by, all of which must hold: a tag, a priority, a type, a mode, an
 * automation status, a linked story or defect key, text found in the readable id, name, preconditions,
 * steps or expected result, a suite, and a set of modules (a module and the nodes below it). The
 * suite's list and the project's search read their query parameters through {@link #of} and their
 * rows through {@link #where}, so both find the same cases alike.
 */
record CaseFilter(
        String tag,
        CaseClassification.Priority priority,
        CaseClassification.Type type,
        CaseClassification.Mode mode,
        CaseClassification.AutomationStatus automationStatus,
        String text,
        String link,
        UUID suiteId,
        List<UUID> moduleIds) {
    /** A search filter is at most a case name long. */
    static final int MAX_FILTER_LENGTH = 200;

    /** The filters every list of cases takes, as query parameters arrive (each may be null). */
    static CaseFilter of(String tag, String priority, String type, String mode, String automationStatus, String q) {
        return new CaseFilter(
                tag == null ? null : bounded("tag", tag).strip().toLowerCase(Locale.ROOT),
                named("priority", priority, CaseClassification.Priority.class),
                named("type", type, CaseClassification.Type.class),
                named("mode", mode, CaseClassification.Mode.class),
                named("automationStatus", automationStatus, CaseClassification.AutomationStatus.class),
                q == null || q.isBlank() ? null : bounded("q", q).strip().toLowerCase(Locale.ROOT),
                null,
                null,
                null);
    }

    /** Only cases linked to this story or defect key ({@code link}). */
    CaseFilter linkedTo(String key) {
        if (key == null) {
            return this;
        }
        String upper = bounded("link", key).strip().toUpperCase(Locale.ROOT);
        if (upper.length() > CaseLink.MAX_KEY_LENGTH
                || !CaseLink.KEY.matcher(upper).matches()) {
            throw new InvalidInputException("link", "'" + key + "' is not a tracker key such as CTP-1234");
        }
        return new CaseFilter(tag, priority, type, mode, automationStatus, text, upper, suiteId, moduleIds);
    }

    CaseFilter inSuite(UUID suite) {
        return new CaseFilter(tag, priority, type, mode, automationStatus, text, link, suite, moduleIds);
    }

    CaseFilter inModules(List<UUID> modules) {
        return new CaseFilter(tag, priority, type, mode, automationStatus, text, link, suiteId, List.copyOf(modules));
    }

    /**
     * The SQL condition on {@code test_cases c} (after the caller's own, joined with {@code and}), its
     * parameters added to {@code args} in order.
     */
    String where(List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (tag != null) {
            conditions.add("c.tags @> ?::jsonb");
            args.add(JsonColumns.MAPPER.writeValueAsString(List.of(tag)));
        }
        enumeration(conditions, args, "c.priority", priority);
        enumeration(conditions, args, "c.case_type", type);
        enumeration(conditions, args, "c.mode", mode);
        enumeration(conditions, args, "c.automation_status", automationStatus);
        if (link != null) {
            conditions.add("exists (select 1 from case_links l where l.case_id = c.id and l.key = ?)");
            args.add(link);
        }
        if (suiteId != null) {
            conditions.add("c.suite_id = ?");
            args.add(suiteId);
        }
        if (moduleIds != null) {
            conditions.add("c.module_id = any (?)");
            args.add(moduleIds.toArray(UUID[]::new));
        }
        if (text != null) {
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            conditions.add("(lower(c.readable_id) like ? or lower(c.name) like ? or lower(c.preconditions) like ?"
                    + " or lower(c.steps) like ? or lower(c.expected_result) like ?)");
            for (int i = 0; i < 5; i++) {
                args.add(like);
            }
        }
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }

    private static void enumeration(List<String> conditions, List<Object> args, String column, Enum<?> value) {
        if (value != null) {
            conditions.add(column + " = ?");
            args.add(value.name());
        }
    }

    static String bounded(String field, String value) {
        if (value.length() > MAX_FILTER_LENGTH) {
            throw new InvalidInputException(field, "at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value;
    }

    private static <E extends Enum<E>> E named(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        return CaseClassification.parse(type, bounded(field, value))
                .orElseThrow(() -> new InvalidInputException(
                        field,
                        "'" + value + "' is not one of "
                                + Arrays.stream(type.getEnumConstants())
                                        .map(e -> e.name()
                                                .toLowerCase(Locale.ROOT)
                                                .replace('_', ' '))
                                        .collect(Collectors.joining(", "))));
    }
}
