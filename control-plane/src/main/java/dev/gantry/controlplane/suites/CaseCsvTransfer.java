package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.suites.CaseCsv.Column;
import dev.gantry.model.Expectations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * A suite's cases to and from {@link CaseCsv} rows. An import changes only what the columns hold and
 * keeps the rest of a case (its headers, body, checks, extractions...): a row naming a case of the
 * suite by {@code test_id} updates it, a row without one creates a case; a module path creates the
 * modules it names that are missing; every row passes through {@link CaseEdits} as a case sent to the
 * API does, and the first problem names its row and column. Rows that change nothing touch nothing,
 * so an export imported again leaves the suite as it was.
 */
@Component
class CaseCsvTransfer {
    /** How many rows created cases and how many changed one (the others were as the row says). */
    record Result(int created, int updated, int unchanged) {}

    private final CaseEdits edits;
    private final CaseModuleRepository modules;
    private final TestCaseRepository cases;
    private final PlanService plans;
    private final Clock clock;

    CaseCsvTransfer(
            CaseEdits edits, CaseModuleRepository modules, TestCaseRepository cases, PlanService plans, Clock clock) {
        this.edits = edits;
        this.modules = modules;
        this.cases = cases;
        this.plans = plans;
        this.clock = clock;
    }

    /** Every case of the suite in position order. */
    List<Map<Column, String>> export(Suite suite) {
        CaseEdits.SuiteCases suiteCases = edits.of(suite, null);
        CaseModuleTree tree = CaseModuleTree.of(modules.findByProjectIdOrderByNameAsc(suite.getProjectId()));
        List<Map<Column, String>> rows = new ArrayList<>();
        for (TestCase c : suiteCases.cases()) {
            CaseClassification k = c.getClassification();
            CaseText text = c.getText();
            List<CaseLink> links = suiteCases.linksOf(c.getId());
            Map<Column, String> row = new EnumMap<>(Column.class);
            row.put(Column.TEST_ID, c.getReadableId());
            row.put(Column.TITLE, c.getName());
            row.put(Column.MODULE, c.getModuleId() == null ? "" : tree.path(c.getModuleId()));
            row.put(Column.CASE_TYPE, words(k.type()));
            row.put(Column.PRIORITY, words(k.priority()));
            row.put(Column.TAGS, String.join(",", k.tags()));
            row.put(Column.TEST_TYPE, words(k.mode()));
            row.put(Column.AUTOMATION_STATUS, words(k.automationStatus()));
            row.put(Column.PRECONDITIONS, orEmpty(text.preconditions()));
            row.put(Column.STEPS_TO_REPRODUCE, orEmpty(text.steps()));
            row.put(Column.EXPECTED_RESULT, orEmpty(text.expectedResult()));
            row.put(Column.STORY_KEYS, keys(links, CaseLink.Kind.STORY));
            row.put(Column.DEFECT_KEYS, keys(links, CaseLink.Kind.DEFECT));
            row.put(
                    Column.METHOD,
                    c.getRequest() == null ? "" : c.getRequest().method().name());
            row.put(Column.URL, c.getRequest() == null ? "" : c.getRequest().path());
            row.put(Column.EXPECTED_STATUS, statuses(c.getExpectations()));
            row.put(Column.ENABLED, String.valueOf(c.isEnabled()));
            rows.add(row);
        }
        return rows;
    }

    /** All rows or none: the caller holds the transaction, and has checked the suite's tenant. */
    Result importRows(Suite suite, UUID userId, List<CaseCsv.Row> rows) {
        plans.holdLimit(suite.getTenantId(), PlanLimit.MaxTestCasesPerSuite);
        CaseEdits.SuiteCases suiteCases = edits.of(suite, userId);
        Map<String, TestCase> byReadableId = new HashMap<>();
        suiteCases.cases().forEach(c -> byReadableId.put(c.getReadableId(), c));
        CaseModuleTree tree = CaseModuleTree.of(modules.findByProjectIdOrderByNameAsc(suite.getProjectId()));
        Map<String, Integer> seen = new HashMap<>();
        int created = 0;
        int updated = 0;
        for (CaseCsv.Row row : rows) {
            String readableId = row.get(Column.TEST_ID).strip();
            TestCase existing = null;
            if (!readableId.isEmpty()) {
                existing = byReadableId.get(readableId.toUpperCase(Locale.ROOT));
                if (existing == null) {
                    throw new InvalidInputException(
                            row.field(Column.TEST_ID), "no case " + readableId + " in this suite");
                }
                Integer before = seen.put(existing.getReadableId(), row.index());
                if (before != null) {
                    throw new InvalidInputException(
                            row.field(Column.TEST_ID),
                            existing.getReadableId() + " is already in rows[" + before + "]");
                }
            }
            UUID moduleId = module(suite, tree, row);
            CaseRequest base = existing == null ? null : suiteCases.request(existing);
            CaseRequest request = request(base, row, moduleId);
            try {
                if (existing == null) {
                    suiteCases.create(request);
                    created++;
                } else if (suiteCases.edit(existing, request)) {
                    updated++;
                }
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.violations().stream()
                        .map(v -> new FieldViolation(field(row, v.field()), v.field() + ": " + v.message()))
                        .toList());
            } catch (ConflictException e) {
                throw new ConflictException(field(row, e.field()), e.getMessage());
            }
        }
        suiteCases.finish();
        int added = created;
        plans.checkAdded(
                suite.getTenantId(),
                PlanLimit.MaxTestCasesPerSuite,
                added,
                () -> cases.countBySuiteId(suite.getId()),
                "cannot import " + added + " cases into suite " + suite.getId());
        return new Result(created, updated, rows.size() - created - updated);
    }

    /** The node a row's module path names, made (with the nodes above it) when it is missing. */
    private UUID module(Suite suite, CaseModuleTree tree, CaseCsv.Row row) {
        String path = row.get(Column.MODULE);
        if (!row.has(Column.MODULE)) {
            return null;
        }
        if (path.isBlank()) {
            return null;
        }
        String field = row.field(Column.MODULE);
        List<String> names = CaseModuleTree.names(path);
        if (names.size() > CaseModule.Level.values().length) {
            throw new InvalidInputException(
                    field, "at most module/sub-module/feature, not " + names.size() + " levels");
        }
        UUID parent = null;
        CaseModule.Level level = CaseModule.Level.MODULE;
        for (String name : names) {
            if (name.isEmpty()) {
                throw new InvalidInputException(field, "'" + path + "' has an empty name in it");
            }
            if (name.length() > 200) {
                throw new InvalidInputException(field, "a name of at most 200 characters");
            }
            Optional<CaseModule> found = tree.child(parent, name);
            CaseModule node;
            if (found.isPresent()) {
                node = found.get();
            } else {
                if (tree.size() >= CaseModuleController.MAX_NODES) {
                    throw new ConflictException(
                            field, "a project holds at most " + CaseModuleController.MAX_NODES + " modules");
                }
                node = modules.save(new CaseModule(
                        suite.getTenantId(), suite.getProjectId(), parent, level, name, clock.instant()));
                tree.add(node);
            }
            parent = node.getId();
            level = level.child().orElse(null);
        }
        return parent;
    }

    /**
     * The case the row describes: a new one, or {@code base} with the row's columns put in. A column the
     * file does not have leaves its field as it is; an empty cell of one it has clears the field.
     */
    private static CaseRequest request(CaseRequest base, CaseCsv.Row row, UUID moduleId) {
        CaseRequest.Request old = base == null ? null : base.request();
        String method = row.has(Column.METHOD)
                ? emptyAsNull(row.get(Column.METHOD).strip())
                : old == null ? null : old.method();
        String url = row.has(Column.URL) ? emptyAsNull(row.get(Column.URL).strip()) : old == null ? null : old.path();
        CaseRequest.Request request = null;
        if (method != null || url != null) {
            request = old == null
                    ? new CaseRequest.Request(method, url, null, null, null, null, null)
                    : new CaseRequest.Request(
                            method,
                            url,
                            old.query(),
                            old.headers(),
                            old.bodyType(),
                            old.body(),
                            old.timeoutMs(),
                            old.parts());
        }
        CaseRequest.Expect expect = base == null ? null : base.expectations();
        if (row.has(Column.EXPECTED_STATUS)) {
            List<Object> status = new ArrayList<>(CaseCsv.list(row.get(Column.EXPECTED_STATUS)));
            expect = expect == null
                    ? new CaseRequest.Expect(status, null, null, null, null, null)
                    : new CaseRequest.Expect(
                            status,
                            expect.jsonPath(),
                            expect.headers(),
                            expect.bodyContains(),
                            expect.bodyNotContains(),
                            expect.maxResponseTimeMs(),
                            expect.jsonSchema(),
                            expect.contentType());
        }
        List<CaseRequest.Link> oldLinks = base == null ? List.of() : base.links();
        List<CaseRequest.Link> links = Stream.concat(
                        links(row, Column.STORY_KEYS, CaseLink.Kind.STORY, oldLinks),
                        links(row, Column.DEFECT_KEYS, CaseLink.Kind.DEFECT, oldLinks))
                .toList();
        Boolean enabled = base == null ? null : base.enabled();
        if (row.has(Column.ENABLED)) {
            String cell = row.get(Column.ENABLED).strip().toLowerCase(Locale.ROOT);
            if (!cell.isEmpty() && !cell.equals("true") && !cell.equals("false")) {
                throw new InvalidInputException(row.field(Column.ENABLED), "true or false, not '" + cell + "'");
            }
            enabled = cell.isEmpty() || cell.equals("true");
        }
        return new CaseRequest(
                row.get(Column.TITLE).strip(),
                base == null ? null : base.position(),
                base == null ? null : base.dependsOn(),
                enabled,
                request,
                expect,
                base == null ? null : base.extractions(),
                base == null ? null : base.retry(),
                base == null ? null : base.phase(),
                base == null ? null : base.dataSetId(),
                base == null ? null : base.runAfterFailure(),
                row.has(Column.TAGS) ? CaseCsv.list(row.get(Column.TAGS)) : base == null ? null : base.tags(),
                cell(row, Column.PRIORITY, base == null ? null : base.priority()),
                cell(row, Column.CASE_TYPE, base == null ? null : base.type()),
                cell(row, Column.TEST_TYPE, base == null ? null : base.mode()),
                cell(row, Column.AUTOMATION_STATUS, base == null ? null : base.automationStatus()),
                row.has(Column.MODULE) ? moduleId : base == null ? null : base.moduleId(),
                text(row, Column.PRECONDITIONS, base == null ? null : base.preconditions()),
                text(row, Column.STEPS_TO_REPRODUCE, base == null ? null : base.steps()),
                text(row, Column.EXPECTED_RESULT, base == null ? null : base.expectedResult()),
                links);
    }

    /** A one-word cell, stripped; empty is none. */
    private static String cell(CaseCsv.Row row, Column column, String old) {
        return row.has(column) ? emptyAsNull(row.get(column).strip()) : old;
    }

    /** A text cell as written (line breaks and spaces kept). */
    private static String text(CaseCsv.Row row, Column column, String old) {
        return row.has(column) ? row.get(column) : old;
    }

    private static Stream<CaseRequest.Link> links(
            CaseCsv.Row row, Column column, CaseLink.Kind kind, List<CaseRequest.Link> old) {
        return row.has(column)
                ? CaseCsv.list(row.get(column)).stream().map(k -> new CaseRequest.Link(kind.name(), k))
                : old.stream().filter(l -> l.kind().equals(kind.name()));
    }

    /** The column a case request's field comes from, so that a problem names the cell to fix. */
    private static String field(CaseCsv.Row row, String requestField) {
        String top = requestField.replaceAll("[.\\[].*", "");
        Column column =
                switch (top) {
                    case "name" -> Column.TITLE;
                    case "priority" -> Column.PRIORITY;
                    case "type" -> Column.CASE_TYPE;
                    case "mode" -> Column.TEST_TYPE;
                    case "automationStatus" -> Column.AUTOMATION_STATUS;
                    case "tags" -> Column.TAGS;
                    case "preconditions" -> Column.PRECONDITIONS;
                    case "steps" -> Column.STEPS_TO_REPRODUCE;
                    case "expectedResult" -> Column.EXPECTED_RESULT;
                    case "links" -> linkColumn(row, requestField);
                    case "request" -> requestField.equals("request.path") ? Column.URL : Column.METHOD;
                    case "expectations" -> Column.EXPECTED_STATUS;
                    case "moduleId" -> Column.MODULE;
                    case "enabled" -> Column.ENABLED;
                    default -> null;
                };
        return column == null ? "rows[" + row.index() + "]." + requestField : row.field(column);
    }

    /** Links are made stories first, so an index past the row's stories is one of its defects. */
    private static Column linkColumn(CaseCsv.Row row, String requestField) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("links\\[(\\d+)]").matcher(requestField);
        int stories = CaseCsv.list(row.get(Column.STORY_KEYS)).size();
        return m.lookingAt() && Integer.parseInt(m.group(1)) >= stories ? Column.DEFECT_KEYS : Column.STORY_KEYS;
    }

    private static String statuses(Expectations e) {
        if (e == null) {
            return "";
        }
        return String.join(
                ",",
                Stream.concat(e.status().stream().map(String::valueOf), e.statusClasses().stream())
                        .toList());
    }

    private static String keys(List<CaseLink> links, CaseLink.Kind kind) {
        return String.join(
                ",",
                links.stream().filter(l -> l.kind() == kind).map(CaseLink::key).toList());
    }

    /** An enumeration as a person writes it: {@code happy path}. */
    private static String words(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
