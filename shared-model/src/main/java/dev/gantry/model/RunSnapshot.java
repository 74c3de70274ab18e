package dev.gantry.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The immutable picture of a run taken when it is triggered: the worker executes exactly this,
 * whatever is edited afterwards.
 *
 * @param chains    case ids grouped into dependency chains, each in execution order
 * @param dataRows  the enabled data rows; a run without data has one empty row
 * @param resultTtlSeconds how long step details stay in Redis (the plan's retention)
 * @param suiteVariables   the suite's variables: above the environment's, below a data row's
 * @param seed             makes the random built-ins ({@code $uuid}, {@code $randomInt} ...) repeatable; may be null
 */
public record RunSnapshot(
        int schemaVersion,
        UUID runId,
        UUID tenantId,
        UUID suiteId,
        String suiteName,
        EnvironmentSnapshot environment,
        List<CaseDefinition> cases,
        List<List<UUID>> chains,
        List<Map<String, String>> dataRows,
        long resultTtlSeconds,
        Map<String, String> suiteVariables,
        Long seed) {

    public static final int SCHEMA_VERSION = 1;
    /** Upper bound on steps in one chain; it keeps step-detail ordering scores exact. */
    public static final int MAX_CHAIN_LENGTH = 1000;

    public RunSnapshot {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(suiteId, "suiteId");
        Objects.requireNonNull(environment, "environment");
        cases = List.copyOf(cases);
        chains = chains.stream().map(List::copyOf).toList();
        dataRows = dataRows == null || dataRows.isEmpty() ? List.of(Map.of()) : List.copyOf(dataRows);
        suiteVariables = suiteVariables == null ? Map.of() : Map.copyOf(suiteVariables);
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported run snapshot schemaVersion " + schemaVersion);
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("cases: a run needs at least one case");
        }
        if (chains.stream().anyMatch(c -> c.isEmpty() || c.size() > MAX_CHAIN_LENGTH)) {
            throw new IllegalArgumentException("chains: each chain holds 1.." + MAX_CHAIN_LENGTH + " cases");
        }
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
    }

    /** Work items a run makes: every chain with every data row. */
    public long workItemCount() {
        return (long) chains.size() * dataRows.size();
    }

    /** Steps a run makes when nothing is skipped or retried. */
    public long stepCount() {
        long stepsPerRow = chains.stream().mapToLong(List::size).sum();
        return stepsPerRow * dataRows.size();
    }
}
