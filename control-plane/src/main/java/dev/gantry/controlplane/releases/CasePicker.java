package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.suites.CaseLink;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which of a project's cases a pick names: every case of the suites, of the modules (each with its
 * sub-modules and features), with one of the tags, linked to one of the stories (an epic's key
 * picks the cases of its stories too), and the cases named by id. Each kind of pick is one method
 * adding to the same set. A suite, module or case of another project is refused,
 * naming the field and its index.
 */
@Component
class CasePicker {
    /** At most this many entries in each list of a pick. */
    static final int MAX_PER_KIND = 1_000;

    static final int MAX_TAG_LENGTH = 50;

    /** What to add to (or remove from) a release; any lists may be given, the union is taken. */
    record Pick(
            List<UUID> suiteIds, List<UUID> moduleIds, List<String> tags, List<String> storyKeys, List<UUID> caseIds) {
        Pick {
            suiteIds = nonNull(suiteIds);
            moduleIds = nonNull(moduleIds);
            tags = nonNull(tags);
            storyKeys = nonNull(storyKeys);
            caseIds = nonNull(caseIds);
        }

        private static <T> List<T> nonNull(List<T> list) {
            return list == null ? List.of() : list;
        }

        boolean isEmpty() {
            return suiteIds.isEmpty()
                    && moduleIds.isEmpty()
                    && tags.isEmpty()
                    && storyKeys.isEmpty()
                    && caseIds.isEmpty();
        }
    }

    private final NamedParameterJdbcTemplate jdbc;

    CasePicker(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The cases of {@code projectId} the pick names, in a stable order. */
    Set<UUID> pick(UUID projectId, Pick pick) {
        check(pick);
        Set<UUID> cases = new LinkedHashSet<>();
        bySuites(projectId, pick.suiteIds(), cases);
        byModules(projectId, pick.moduleIds(), cases);
        byTags(projectId, pick.tags(), cases);
        byStories(projectId, pick.storyKeys(), cases);
        byIds(projectId, pick.caseIds(), cases);
        return cases;
    }

    private static void check(Pick pick) {
        if (pick.isEmpty()) {
            throw new InvalidInputException("body", "name cases by suiteIds, moduleIds, tags, storyKeys or caseIds");
        }
        bounded("suiteIds", pick.suiteIds());
        bounded("moduleIds", pick.moduleIds());
        bounded("tags", pick.tags());
        bounded("storyKeys", pick.storyKeys());
        bounded("caseIds", pick.caseIds());
        for (int i = 0; i < pick.storyKeys().size(); i++) {
            String key = pick.storyKeys().get(i).strip().toUpperCase(Locale.ROOT);
            if (key.length() > 50 || !CaseLink.KEY.matcher(key).matches()) {
                throw new InvalidInputException("storyKeys[" + i + "]", "a key of the issue tracker, such as CTP-1234");
            }
        }
        for (int i = 0; i < pick.tags().size(); i++) {
            String tag = pick.tags().get(i);
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH) {
                throw new InvalidInputException("tags[" + i + "]", "a tag of 1 to " + MAX_TAG_LENGTH + " characters");
            }
        }
    }

    private static void bounded(String field, List<?> values) {
        if (values.size() > MAX_PER_KIND) {
            throw new InvalidInputException(field, "at most " + MAX_PER_KIND + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new InvalidInputException(field + "[" + i + "]", "must not be null");
            }
        }
    }

    private void bySuites(UUID projectId, List<UUID> suiteIds, Set<UUID> cases) {
        if (suiteIds.isEmpty()) {
            return;
        }
        requireInProject("suiteIds", "suite", suiteIds, found("test_suites", projectId, suiteIds));
        cases.addAll(jdbc.queryForList(
                "select id from test_cases where project_id = :project and suite_id in (:ids) order by suite_id, position, id",
                params(projectId, suiteIds),
                UUID.class));
    }

    private void byModules(UUID projectId, List<UUID> moduleIds, Set<UUID> cases) {
        if (moduleIds.isEmpty()) {
            return;
        }
        requireInProject("moduleIds", "module", moduleIds, found("case_modules", projectId, moduleIds));
        cases.addAll(jdbc.queryForList(
                """
                with recursive tree(id) as (
                    select id from case_modules where project_id = :project and id in (:ids)
                    union select m.id from case_modules m join tree t on m.parent_id = t.id)
                select c.id from test_cases c join tree t on c.module_id = t.id
                where c.project_id = :project order by c.readable_id, c.id""",
                params(projectId, moduleIds),
                UUID.class));
    }

    private void byTags(UUID projectId, List<String> tags, Set<UUID> cases) {
        if (tags.isEmpty()) {
            return;
        }
        List<String> wanted =
                tags.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        cases.addAll(jdbc.queryForList(
                "select id from test_cases c where project_id = :project and exists"
                        + " (select 1 from jsonb_array_elements_text(c.tags) t(tag) where t.tag in (:tags))"
                        + " order by readable_id, id",
                new MapSqlParameterSource("project", projectId).addValue("tags", wanted),
                UUID.class));
    }

    /** Cases linked to the stories, or to the stories of the epics, the keys name. */
    private void byStories(UUID projectId, List<String> keys, Set<UUID> cases) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> wanted =
                keys.stream().map(k -> k.strip().toUpperCase(Locale.ROOT)).toList();
        cases.addAll(jdbc.queryForList(
                """
                select c.id from test_cases c
                where c.project_id = :project and exists (
                    select 1 from case_links l where l.case_id = c.id and l.kind = 'STORY'
                    and (l.key in (:keys)
                         or l.key in (select s.key from stories s where s.project_id = :project and s.epic_key in (:keys))))
                order by c.readable_id, c.id""",
                new MapSqlParameterSource("project", projectId).addValue("keys", wanted),
                UUID.class));
    }

    private void byIds(UUID projectId, List<UUID> caseIds, Set<UUID> cases) {
        if (caseIds.isEmpty()) {
            return;
        }
        List<UUID> found = found("test_cases", projectId, caseIds);
        requireInProject("caseIds", "case", caseIds, found);
        caseIds.stream().distinct().forEach(cases::add);
    }

    private List<UUID> found(String table, UUID projectId, List<UUID> ids) {
        return jdbc.queryForList(
                "select id from " + table + " where project_id = :project and id in (:ids)",
                params(projectId, ids),
                UUID.class);
    }

    private static void requireInProject(String field, String kind, List<UUID> wanted, List<UUID> found) {
        Set<UUID> there = Set.copyOf(found);
        for (int i = 0; i < wanted.size(); i++) {
            if (!there.contains(wanted.get(i))) {
                throw new InvalidInputException(
                        field + "[" + i + "]", kind + " " + wanted.get(i) + " is not in the release's project");
            }
        }
    }

    private static MapSqlParameterSource params(UUID projectId, List<UUID> ids) {
        return new MapSqlParameterSource("project", projectId).addValue("ids", ids);
    }
}
