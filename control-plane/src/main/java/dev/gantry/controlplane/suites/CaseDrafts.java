package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.targets.TargetPolicy;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cases written by other features (the specification generator) in exactly the form a client sends
 * to {@code POST /suites/{id}/cases}, checked by the same {@link CaseValidator}, so a generated case
 * is an ordinary case. The caller holds the transaction and has checked the suite's tenant. Other
 * features change suites and cases only through here: the suites package owns their tables.
 */
@Component
public class CaseDrafts {
    /** Map entries by key: a case read back from jsonb must hash like the draft it was stored from. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final TargetPolicy targets;
    private final CaseIds caseIds;
    private final CaseModuleRepository modules;
    private final CaseLinks links;
    private final DataSetRepository dataSets;
    private final JdbcTemplate jdbc;
    private final CaseChanges changes;
    private final Clock clock;

    private static final JsonColumns.Request REQUEST = new JsonColumns.Request();
    private static final JsonColumns.Expects EXPECTATIONS = new JsonColumns.Expects();
    private static final JsonColumns.Extractions EXTRACTIONS = new JsonColumns.Extractions();
    private static final JsonColumns.Retry RETRY = new JsonColumns.Retry();
    private static final JsonColumns.StringList STRINGS = new JsonColumns.StringList();

    CaseDrafts(
            SuiteRepository suites,
            TestCaseRepository cases,
            TargetPolicy targets,
            CaseIds caseIds,
            CaseModuleRepository modules,
            CaseLinks links,
            DataSetRepository dataSets,
            JdbcTemplate jdbc,
            CaseChanges changes,
            Clock clock) {
        this.links = links;
        this.changes = changes;
        this.suites = suites;
        this.dataSets = dataSets;
        this.caseIds = caseIds;
        this.modules = modules;
        this.cases = cases;
        this.targets = targets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Adds imported variables to the suite's; a variable the suite already has keeps its value.
     *
     * @param userId the person importing them, named in the suite's version
     */
    public void addVariables(UUID tenantId, UUID suiteId, UUID userId, Map<String, String> imported) {
        Suite suite = suites.require(suiteId, tenantId);
        Map<String, String> had = suite.getVariables() == null ? Map.of() : suite.getVariables();
        if (had.keySet().containsAll(imported.keySet())) {
            return; // nothing new: no new version
        }
        changes.suiteChanged(tenantId, suiteId, userId, "variables imported");
        Map<String, String> variables = new LinkedHashMap<>(imported);
        variables.putAll(suite.getVariables() == null ? Map.of() : suite.getVariables());
        suite.update(
                suite.getName(),
                suite.getDescription(),
                variables,
                suite.getDeadlineSeconds(),
                suite.getStepDetails(),
                clock.instant());
    }

    /**
     * A new suite of the project for cases other features write (a feature file's first publication);
     * 409 naming {@code field} when the project has a suite of that name.
     */
    public UUID createSuite(UUID tenantId, UUID projectId, UUID userId, String name, String description, String field) {
        if (suites.existsByProjectIdAndName(projectId, name)) {
            throw new ConflictException(field, "a suite named '" + name + "' already exists in this project");
        }
        Suite suite = new Suite(
                tenantId, projectId, name, description, Map.of(), null, Suite.DEFAULT_STEP_DETAILS, clock.instant());
        // made by a machine: a person reviews it before schedules and CI hooks run it
        suite.moveTo(SuiteStatus.DRAFT);
        changes.created(suite, userId);
        return suites.save(suite).getId();
    }

    /**
     * Creates a data set of the suite ({@code id} null) or replaces the name and rows of one of its data
     * sets, its enabled flag kept; answers its id. 409 when another data set of the suite has the name.
     */
    public UUID putDataSet(
            UUID tenantId, UUID suiteId, UUID userId, UUID id, String name, List<Map<String, Object>> rows) {
        suites.require(suiteId, tenantId);
        if (rows.size() > DataSetController.MAX_ROWS) {
            throw new InvalidInputException("rows", "at most " + DataSetController.MAX_ROWS + " rows");
        }
        DataSet dataSet = id == null
                ? new DataSet(tenantId, suiteId, clock.instant())
                : dataSets.findByIdAndTenantId(id, tenantId)
                        .filter(d -> d.getSuiteId().equals(suiteId))
                        .orElseThrow(
                                () -> new InvalidInputException("dataSet", "data set " + id + " is not in this suite"));
        boolean taken = dataSets.findBySuiteIdOrderByCreatedAtAsc(suiteId).stream()
                .anyMatch(d -> !d.getId().equals(dataSet.getId()) && d.getName().equals(name));
        if (taken) {
            throw new ConflictException("dataSet", "a data set named '" + name + "' already exists in this suite");
        }
        changes.suiteChanged(
                tenantId, suiteId, userId, "data set '" + name + "' " + (id == null ? "added" : "changed"));
        dataSet.update(name, id == null || dataSet.isEnabled(), rows, clock.instant());
        return dataSets.saveAndFlush(dataSet).getId();
    }

    /** Deletes data sets of the suite; 409 when a case still pins one. */
    public void deleteDataSets(UUID tenantId, UUID suiteId, UUID userId, Collection<UUID> ids) {
        suites.require(suiteId, tenantId);
        if (!ids.isEmpty()) {
            changes.suiteChanged(tenantId, suiteId, userId, ids.size() + " data set(s) removed");
        }
        for (UUID id : ids) {
            if (cases.existsByDataSetId(id)) {
                throw new ConflictException("dataSet", "a case still pins data set " + id);
            }
            dataSets.findByIdAndTenantId(id, tenantId)
                    .filter(d -> d.getSuiteId().equals(suiteId))
                    .ifPresent(dataSets::delete);
        }
        if (!ids.isEmpty()) {
            dataSets.flush();
        }
    }

    /**
     * Unlinks {@code unlink}, cases of the suite, from the cases they depend on (so that they can be
     * chained anew), then deletes {@code delete}, cases among them; 409 naming the case when a case
     * outside them depends on one to delete.
     */
    public void unlinkAndDelete(
            UUID tenantId, UUID suiteId, UUID userId, Collection<UUID> unlink, Collection<UUID> delete) {
        suites.require(suiteId, tenantId);
        if (unlink.isEmpty()) {
            return;
        }
        changes.touching(tenantId, suiteId, userId, unlink);
        UUID[] linked = unlink.toArray(UUID[]::new);
        UUID[] deleted = delete.toArray(UUID[]::new);
        List<String> held = jdbc.queryForList(
                """
                select c.name from test_cases c
                where c.suite_id = ? and c.depends_on_id = any(?) and not (c.id = any(?))""",
                String.class,
                suiteId,
                deleted,
                linked);
        if (!held.isEmpty()) {
            throw new ConflictException(
                    "cases", "case '" + held.getFirst() + "' depends on a case that would be removed");
        }
        jdbc.update(
                "update test_cases set depends_on_id = null where suite_id = ? and tenant_id = ? and id = any(?)",
                suiteId,
                tenantId,
                linked);
        if (deleted.length > 0) {
            jdbc.update(
                    "delete from test_cases where suite_id = ? and tenant_id = ? and id = any(?)",
                    suiteId,
                    tenantId,
                    deleted);
        }
    }

    /** A case body as the REST API takes it, validated (400 naming the field when it is not valid). */
    private static ValidCase validate(Map<String, Object> caseJson) {
        CaseRequest request;
        try {
            request = JsonColumns.MAPPER.convertValue(caseJson, CaseRequest.class);
        } catch (RuntimeException e) {
            throw new InvalidInputException("case", "not a case: " + e.getMessage());
        }
        return CaseValidator.validate(request);
    }

    /**
     * Stores a new case at the end of the suite; answers its id. The change is recorded (see {@link
     * CaseChanges}) as {@code userId}'s, in the caller's transaction's version of the suite.
     */
    public UUID create(UUID tenantId, UUID suiteId, UUID userId, Map<String, Object> caseJson) {
        Suite suite = suites.require(suiteId, tenantId);
        ValidCase valid = validate(caseJson);
        TestCaseController.checkRequest(targets, valid);
        List<TestCase> existing = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId);
        if (existing.stream().anyMatch(c -> c.getName().equals(valid.name()))) {
            throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
        }
        if (valid.dependsOn() != null
                && existing.stream()
                        .noneMatch(c -> c.getId().equals(valid.dependsOn())
                                && c.getPhase() == CasePhase.TEST
                                && c.getClassification().mode() == CaseClassification.Mode.AUTOMATED)) {
            throw new InvalidInputException(
                    "dependsOn", "case " + valid.dependsOn() + " is not an automated test case of this suite");
        }
        TestCaseController.checkModule(modules, suite, valid.moduleId());
        UUID id = UUID.randomUUID();
        changes.touching(tenantId, suiteId, userId, List.of(id));
        TestCase testCase = new TestCase(id, suite, caseIds.next(suite.getProjectId(), CaseKind.API), clock.instant());
        int position = valid.position() != null
                ? valid.position()
                : existing.stream().mapToInt(TestCase::getPosition).max().orElse(-1) + 1;
        testCase.update(valid, position, clock.instant());
        UUID saved = cases.saveAndFlush(testCase).getId();
        links.replace(suite.getTenantId(), suite.getProjectId(), Map.of(saved, valid.links()));
        return saved;
    }

    /** The hash of what a draft would store (name, request, expectations, extractions, retry, run after failure). */
    public static String contentHash(Map<String, Object> caseJson) {
        return hash(validate(caseJson));
    }

    private static String hash(ValidCase v) {
        return hash(v.name(), v.request(), v.expectations(), v.extractions(), v.retry(), v.runAfterFailure());
    }

    /**
     * A case body checked in memory as {@code POST /suites/{id}/cases} checks one (400 naming the field
     * when it is not valid), with the hash of what it would store.
     */
    public Draft draft(Map<String, Object> caseJson) {
        ValidCase valid = validate(caseJson);
        TestCaseController.checkRequest(targets, valid);
        return new Draft(valid, hash(valid));
    }

    /** A checked case body; only this package reads what it holds. */
    public static final class Draft {
        private final ValidCase valid;
        private final String hash;

        private Draft(ValidCase valid, String hash) {
            this.valid = valid;
            this.hash = hash;
        }

        public String name() {
            return valid.name();
        }

        /** The hash of its content, comparable with {@link CaseDrafts#storedHashes}. */
        public String hash() {
            return hash;
        }
    }

    /** Where a generated case came from, and the hash of what was generated (to tell an edit later). */
    public record Origin(UUID specId, String endpoint, String kind, String key, String hash) {}

    /**
     * The content hash of each case of the suite that was generated (it has an origin), read in one
     * statement; a case whose hash differs from its {@code generated_hash} was edited since.
     */
    public Map<UUID, String> storedHashes(UUID tenantId, UUID suiteId) {
        Map<UUID, String> hashes = new HashMap<>();
        jdbc.query(
                """
                select id, name, request::text, expectations::text, extractions::text, retry::text, run_after_failure
                from test_cases
                where suite_id = ? and tenant_id = ? and origin_key is not null""",
                rs -> {
                    hashes.put(
                            rs.getObject(1, UUID.class),
                            hash(
                                    rs.getString(2),
                                    REQUEST.convertToEntityAttribute(rs.getString(3)),
                                    EXPECTATIONS.convertToEntityAttribute(rs.getString(4)),
                                    EXTRACTIONS.convertToEntityAttribute(rs.getString(5)),
                                    RETRY.convertToEntityAttribute(rs.getString(6)),
                                    rs.getBoolean(7)));
                },
                suiteId,
                tenantId);
        return hashes;
    }

    /**
     * Generated cases written into one suite with batched statements, in the caller's transaction:
     * each draft was checked in memory ({@link #draft}); what {@link #create} checks against the stored
     * suite (a free name, a dependency on a test case of the suite) is checked here against the suite
     * as read once plus what the batch has added. What it writes is recorded as {@code userId}'s
     * change, one version of the suite for the caller's transaction (see {@link CaseChanges}); an
     * ARCHIVED suite is refused (409 naming {@code status}).
     */
    public Batch batch(UUID tenantId, UUID suiteId, UUID userId) {
        Suite suite = suites.require(suiteId, tenantId);
        suite.getStatus().checkChangeable(suiteId);
        Batch batch = new Batch(suite, userId);
        jdbc.query(
                "select id, name, phase, position, mode from test_cases where suite_id = ?",
                rs -> {
                    batch.names.add(rs.getString(2));
                    if (CasePhase.valueOf(rs.getString(3)) == CasePhase.TEST
                            && CaseClassification.Mode.valueOf(rs.getString(5)) == CaseClassification.Mode.AUTOMATED) {
                        batch.testCases.add(rs.getObject(1, UUID.class));
                    }
                    batch.nextPosition = Math.max(batch.nextPosition, rs.getInt(4) + 1);
                },
                suiteId);
        return batch;
    }

    /** See {@link #batch}. Statements wait until {@link #flush}; {@link #finish} flushes and versions the suite. */
    public final class Batch {
        private final Suite suite;
        private final UUID userId;
        private final Set<String> names = new HashSet<>();
        private final Set<UUID> testCases = new HashSet<>();
        private final List<Object[]> inserts = new ArrayList<>();
        private final List<Object[]> updates = new ArrayList<>();
        private final List<Object[]> marks = new ArrayList<>();
        private final Map<UUID, List<CaseLink>> newLinks = new LinkedHashMap<>();
        private final List<Object[]> filings = new ArrayList<>();
        private int nextPosition;

        private Batch(Suite suite, UUID userId) {
            this.suite = suite;
            this.userId = userId;
        }

        /** A new case at the end of the suite; answers its id. */
        public UUID create(Draft draft, Origin origin) {
            ValidCase valid = draft.valid;
            // a generated case knows its type from what made it, unless its draft says otherwise
            CaseClassification classification = valid.classification().type() != null
                    ? valid.classification()
                    : CaseClassification.Type.ofGeneratorKind(origin.kind())
                            .map(valid.classification()::withType)
                            .orElse(valid.classification());
            if (names.contains(valid.name())) {
                throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
            }
            checkDependency(valid);
            TestCaseController.checkModule(modules, suite, valid.moduleId());
            UUID id = UUID.randomUUID();
            int position = valid.position() != null ? valid.position() : nextPosition;
            nextPosition = Math.max(nextPosition, position + 1);
            Timestamp now = Timestamp.from(clock.instant());
            inserts.add(new Object[] {
                id,
                suite.getTenantId(),
                suite.getId(),
                valid.name(),
                position,
                uuid(valid.dependsOn()),
                valid.enabled(),
                valid.phase().name(),
                uuid(valid.dataSetId()),
                text(REQUEST.convertToDatabaseColumn(valid.request())),
                EXPECTATIONS.convertToDatabaseColumn(valid.expectations()),
                EXTRACTIONS.convertToDatabaseColumn(valid.extractions()),
                text(RETRY.convertToDatabaseColumn(valid.retry())),
                valid.runAfterFailure(),
                now,
                now,
                uuid(origin.specId()),
                origin.endpoint(),
                origin.kind(),
                origin.key(),
                origin.hash(),
                STRINGS.convertToDatabaseColumn(classification.tags()),
                name(classification.priority()),
                name(classification.type()),
                classification.mode().name(),
                name(classification.automationStatus()),
                uuid(valid.moduleId()),
                text(valid.text().preconditions()),
                text(valid.text().steps()),
                text(valid.text().expectedResult()),
                suite.getProjectId(),
                null // the readable id, reserved for the whole batch at flush
            });
            names.add(valid.name());
            if (valid.phase() == CasePhase.TEST && classification.mode() == CaseClassification.Mode.AUTOMATED) {
                testCases.add(id);
            }
            if (!valid.links().isEmpty()) {
                newLinks.put(id, valid.links());
            }
            return id;
        }

        /** Replaces a case's content, keeping its position unless the draft names one. */
        public void replace(UUID caseId, String oldName, Draft draft, Origin origin) {
            ValidCase valid = draft.valid;
            if (!valid.name().equals(oldName) && names.contains(valid.name())) {
                throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
            }
            checkDependency(valid);
            names.remove(oldName);
            names.add(valid.name());
            updates.add(new Object[] {
                valid.name(),
                new SqlParameterValue(Types.INTEGER, valid.position()),
                uuid(valid.dependsOn()),
                valid.enabled(),
                valid.phase().name(),
                uuid(valid.dataSetId()),
                text(REQUEST.convertToDatabaseColumn(valid.request())),
                EXPECTATIONS.convertToDatabaseColumn(valid.expectations()),
                EXTRACTIONS.convertToDatabaseColumn(valid.extractions()),
                text(RETRY.convertToDatabaseColumn(valid.retry())),
                valid.runAfterFailure(),
                Timestamp.from(clock.instant()),
                uuid(origin.specId()),
                origin.endpoint(),
                origin.kind(),
                origin.key(),
                origin.hash(),
                caseId,
                suite.getId()
            });
        }

        /**
         * Replaces a case's content and its filing (tags, priority, type, mode, automation status,
         * module) with the draft's, keeping its position unless the draft names one.
         */
        public void replaceFiled(UUID caseId, String oldName, Draft draft) {
            replace(caseId, oldName, draft, new Origin(null, null, null, null, null));
            CaseClassification c = draft.valid.classification();
            filings.add(new Object[] {
                STRINGS.convertToDatabaseColumn(c.tags()),
                name(c.priority()),
                name(c.type()),
                c.mode().name(),
                name(c.automationStatus()),
                uuid(draft.valid.moduleId()),
                caseId,
                suite.getId()
            });
        }

        /** Records the origin of a case whose content stays as it is. */
        public void mark(UUID caseId, Origin origin) {
            marks.add(new Object[] {
                uuid(origin.specId()),
                origin.endpoint(),
                origin.kind(),
                origin.key(),
                origin.hash(),
                caseId,
                suite.getId()
            });
        }

        private void checkDependency(ValidCase valid) {
            if (valid.dependsOn() != null && !testCases.contains(valid.dependsOn())) {
                throw new InvalidInputException(
                        "dependsOn", "case " + valid.dependsOn() + " is not an automated test case of this suite");
            }
        }

        /** Writes what was queued, a batch per kind of statement; answers how many rows it wrote. */
        public int flush() {
            int written = inserts.size() + updates.size() + marks.size();
            if (!inserts.isEmpty() || !updates.isEmpty()) {
                List<UUID> touched = new ArrayList<>(inserts.size() + updates.size());
                inserts.forEach(row -> touched.add((UUID) row[0]));
                // an update's case id is its second last parameter
                updates.forEach(row -> touched.add((UUID) row[row.length - 2]));
                changes.touching(suite.getTenantId(), suite.getId(), userId, touched);
            }
            if (!inserts.isEmpty()) {
                // one counter statement for the batch; the numbers follow the order the cases were made in
                List<String> readableIds = caseIds.reserve(suite.getProjectId(), CaseKind.API, inserts.size());
                for (int i = 0; i < inserts.size(); i++) {
                    Object[] row = inserts.get(i);
                    row[row.length - 1] = readableIds.get(i);
                }
                jdbc.batchUpdate(
                        """
                        insert into test_cases (id, tenant_id, suite_id, name, position, depends_on_id, enabled, phase,
                          data_set_id, request, expectations, extractions, retry, run_after_failure, created_at,
                          updated_at, origin_spec_id, origin_endpoint, origin_kind, origin_key, generated_hash,
                          tags, priority, case_type, mode, automation_status, module_id, preconditions, steps,
                          expected_result, project_id, readable_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?,
                          ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        inserts);
                links.replace(suite.getTenantId(), suite.getProjectId(), newLinks);
                newLinks.clear();
            }
            if (!updates.isEmpty()) {
                jdbc.batchUpdate(
                        """
                        update test_cases set name = ?, position = coalesce(?, position), depends_on_id = ?, enabled = ?,
                          phase = ?, data_set_id = ?, request = ?::jsonb, expectations = ?::jsonb, extractions = ?::jsonb,
                          retry = ?::jsonb, run_after_failure = ?, updated_at = ?, origin_spec_id = ?, origin_endpoint = ?, origin_kind = ?,
                          origin_key = ?, generated_hash = ?
                        where id = ? and suite_id = ?""",
                        updates);
            }
            if (!filings.isEmpty()) {
                jdbc.batchUpdate(
                        """
                        update test_cases set tags = ?::jsonb, priority = ?, case_type = ?, mode = ?, automation_status = ?,
                          module_id = ? where id = ? and suite_id = ?""",
                        filings);
            }
            if (!marks.isEmpty()) {
                jdbc.batchUpdate(
                        """
                        update test_cases set origin_spec_id = ?, origin_endpoint = ?, origin_kind = ?, origin_key = ?,
                          generated_hash = ? where id = ? and suite_id = ?""",
                        marks);
            }
            inserts.clear();
            updates.clear();
            marks.clear();
            filings.clear();
            return written;
        }

        /** Flushes; the suite's new version (when its cases changed) is recorded as the transaction commits. */
        public void finish() {
            flush();
        }
    }

    /**
     * Nulls with their type: a bare null makes the JDBC template ask the driver for the parameter's
     * type, a round trip per null per row, which a batch of thousands cannot afford.
     */
    private static SqlParameterValue uuid(UUID value) {
        return new SqlParameterValue(Types.OTHER, value);
    }

    private static SqlParameterValue name(Enum<?> value) {
        return text(value == null ? null : value.name());
    }

    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    /** An extraction as it was serialized before {@code optional} existed. */
    private record Hashed(String name, ExtractionSource source, String expression, String defaultValue) {}

    /**
     * Settings added after hashes were first stored count only when set, so that a case generated
     * before them hashes as it did and is not taken for an edited one.
     */
    private static String hash(
            Object name,
            Object request,
            Object expectations,
            List<Extraction> extractions,
            Object retry,
            boolean runAfterFailure) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("name", name);
        canonical.put("request", request);
        canonical.put("expectations", expectations);
        canonical.put(
                "extractions",
                extractions == null
                        ? null
                        : extractions.stream()
                                .map(x -> x.optional()
                                        ? x
                                        : new Hashed(x.name(), x.source(), x.expression(), x.defaultValue()))
                                .toList());
        canonical.put("retry", retry);
        if (runAfterFailure) {
            canonical.put("runAfterFailure", true);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
