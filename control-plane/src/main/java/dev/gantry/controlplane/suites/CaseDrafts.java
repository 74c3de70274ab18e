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
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;
    private final Clock clock;

    CaseDrafts(SuiteRepository suites, TestCaseRepository cases, TargetPolicy targets, JdbcTemplate jdbc, Clock clock) {
        this.suites = suites;
        this.cases = cases;
        this.targets = targets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records where a generated case came from (the specification, endpoint, kind and key it was
     * generated for) and the hash of what was generated, to tell later whether someone edited it.
     */
    public void markGenerated(UUID caseId, UUID specId, String endpoint, String kind, String key, String hash) {
        jdbc.update(
                "update test_cases set origin_spec_id = ?, origin_endpoint = ?, origin_kind = ?, origin_key = ?, generated_hash = ? where id = ?",
                specId,
                endpoint,
                kind,
                key,
                hash,
                caseId);
    }

    /** Adds imported variables to the suite's; a variable the suite already has keeps its value. */
    public void addVariables(UUID tenantId, UUID suiteId, Map<String, String> imported) {
        Suite suite = suites.require(suiteId, tenantId);
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

    /** Stores a new case at the end of the suite; answers its id. */
    public UUID create(UUID tenantId, UUID suiteId, Map<String, Object> caseJson) {
        Suite suite = suites.require(suiteId, tenantId);
        ValidCase valid = validate(caseJson);
        targets.checkCasePath("request.path", valid.request().path());
        List<TestCase> existing = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId);
        if (existing.stream().anyMatch(c -> c.getName().equals(valid.name()))) {
            throw new ConflictException("name", "a case named '" + valid.name() + "' already exists in this suite");
        }
        if (valid.dependsOn() != null
                && existing.stream()
                        .noneMatch(c -> c.getId().equals(valid.dependsOn()) && c.getPhase() == CasePhase.TEST)) {
            throw new InvalidInputException(
                    "dependsOn", "case " + valid.dependsOn() + " is not a test case of this suite");
        }
        TestCase testCase = new TestCase(tenantId, suiteId, clock.instant());
        int position = valid.position() != null
                ? valid.position()
                : existing.stream().mapToInt(TestCase::getPosition).max().orElse(-1) + 1;
        testCase.update(valid, position, clock.instant());
        suite.touch(clock.instant());
        return cases.saveAndFlush(testCase).getId();
    }

    /** Replaces a case's content, keeping its position unless the draft names one. */
    public void replace(UUID tenantId, UUID caseId, Map<String, Object> caseJson) {
        TestCase testCase = cases.require(caseId, tenantId);
        ValidCase valid = validate(caseJson);
        targets.checkCasePath("request.path", valid.request().path());
        testCase.update(valid, valid.position() != null ? valid.position() : testCase.getPosition(), clock.instant());
        suites.require(testCase.getSuiteId(), tenantId).touch(clock.instant());
        cases.flush();
    }

    /** The hash of what a draft would store (name, request, expectations, extractions, retry, run after failure). */
    public static String contentHash(Map<String, Object> caseJson) {
        ValidCase v = validate(caseJson);
        return hash(v.name(), v.request(), v.expectations(), v.extractions(), v.retry(), v.runAfterFailure());
    }

    /** The hash of a stored case's content, comparable with {@link #contentHash(Map)}. */
    public String storedHash(UUID tenantId, UUID caseId) {
        TestCase c = cases.require(caseId, tenantId);
        return hash(
                c.getName(),
                c.getRequest(),
                c.getExpectations(),
                c.getExtractions(),
                c.getRetry(),
                c.isRunAfterFailure());
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
