package dev.gantry.controlplane.coverage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sums the partitions' endpoint rows into the report's figures: tested/total and percent, by method,
 * by tag, by documented status, uncovered operations, parameters never exercised, conformance per
 * endpoint. Refuses a report whose rows do not cover every endpoint exactly once.
 */
@Component
class CoverageAggregator implements Tasklet {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final CoverageReportStore reports;
    private final Clock clock;

    CoverageAggregator(JdbcTemplate jdbc, CoverageReportStore reports, Clock clock) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.clock = clock;
    }

    record Count(int total, int tested) {
        Count plus(boolean isTested) {
            return new Count(total + 1, tested + (isTested ? 1 : 0));
        }
    }

    record StatusCount(int documented, int observed) {}

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID coverageId = UUID.fromString(
                (String) chunkContext.getStepContext().getJobParameters().get(CoverageJobConfiguration.COVERAGE_ID));
        Map<String, Object> summary = summarize(jdbc, coverageId);
        UUID specId = jdbc.queryForObject("select spec_id from coverage_reports where id = ?", UUID.class, coverageId);
        Integer endpoints =
                jdbc.queryForObject("select count(*) from spec_endpoints where spec_id = ?", Integer.class, specId);
        if (endpoints == null || endpoints != (int) summary.get("total")) {
            throw new IllegalStateException("coverage rows cover " + summary.get("total") + " endpoints of " + endpoints
                    + "; a slice is missing");
        }
        reports.complete(coverageId, JSON.writeValueAsString(summary), clock.instant());
        return RepeatStatus.FINISHED;
    }

    static Map<String, Object> summarize(JdbcTemplate jdbc, UUID coverageId) {
        int[] totals = new int[2];
        Map<String, Count> byMethod = new TreeMap<>();
        Map<String, Count> byTag = new TreeMap<>();
        Map<String, int[]> byStatus = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<String> uncovered = new ArrayList<>();
        List<Map<String, Object>> unexercised = new ArrayList<>();
        List<Map<String, Object>> conformance = new ArrayList<>();
        List<Map<String, Object>> undocumented = new ArrayList<>();
        jdbc.query(
                """
                select method, path, tags::text, steps, documented::text, observed::text, undocumented::text, unexercised::text,
                       conformance_checked, conformance_failed, violations::text, kinds::text
                from coverage_endpoints where coverage_id = ? order by position""",
                rs -> {
                    String endpoint = rs.getString(1) + " " + rs.getString(2);
                    boolean tested = rs.getInt(4) > 0;
                    totals[0]++;
                    totals[1] += tested ? 1 : 0;
                    byMethod.merge(rs.getString(1), new Count(1, tested ? 1 : 0), (a, b) -> a.plus(tested));
                    JsonNode tags = JSON.readTree(rs.getString(3));
                    if (tags.isEmpty()) {
                        byTag.merge("(untagged)", new Count(1, tested ? 1 : 0), (a, b) -> a.plus(tested));
                    }
                    for (JsonNode tag : tags) {
                        byTag.merge(tag.asString(), new Count(1, tested ? 1 : 0), (a, b) -> a.plus(tested));
                    }
                    JsonNode observed = JSON.readTree(rs.getString(6));
                    for (JsonNode status : JSON.readTree(rs.getString(5))) {
                        int[] counts = byStatus.computeIfAbsent(status.asString(), k -> new int[2]);
                        counts[0]++;
                        for (JsonNode o : observed) {
                            if (o.asString().equals(status.asString())) {
                                counts[1]++;
                            }
                        }
                    }
                    if (!tested) {
                        uncovered.add(endpoint);
                    }
                    for (JsonNode p : JSON.readTree(rs.getString(8))) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("endpoint", endpoint);
                        row.put("parameter", p.asString());
                        unexercised.add(row);
                    }
                    JsonNode answered = JSON.readTree(rs.getString(7));
                    if (!answered.isEmpty()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("endpoint", endpoint);
                        List<String> statuses = new ArrayList<>();
                        answered.forEach(s -> statuses.add(s.asString()));
                        row.put("statuses", statuses);
                        undocumented.add(row);
                    }
                    if (rs.getInt(9) > 0) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("endpoint", endpoint);
                        row.put("checked", rs.getInt(9));
                        row.put("failed", rs.getInt(10));
                        List<String> violations = new ArrayList<>();
                        JSON.readTree(rs.getString(11)).forEach(v -> violations.add(v.asString()));
                        row.put("violations", violations);
                        conformance.add(row);
                    }
                    for (JsonNode kind : JSON.readTree(rs.getString(12))) {
                        byKind.merge(kind.asString(), 1, Integer::sum);
                    }
                },
                coverageId);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", totals[0]);
        summary.put("tested", totals[1]);
        summary.put(
                "percent",
                totals[0] == 0
                        ? BigDecimal.ZERO
                        : BigDecimal.valueOf(totals[1] * 100L)
                                .divide(BigDecimal.valueOf(totals[0]), 2, RoundingMode.HALF_UP));
        summary.put("byMethod", byMethod);
        summary.put("byTag", byTag);
        Map<String, StatusCount> statuses = new LinkedHashMap<>();
        byStatus.forEach((status, c) -> statuses.put(status, new StatusCount(c[0], c[1])));
        summary.put("byStatus", statuses);
        summary.put("uncovered", uncovered);
        summary.put("unexercisedParameters", unexercised);
        summary.put("undocumentedStatuses", undocumented);
        summary.put("conformance", conformance);
        summary.put("endpointsByCaseKind", byKind);
        return summary;
    }
}
