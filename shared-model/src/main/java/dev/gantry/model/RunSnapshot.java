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
 * @param chainRows        per chain, the data rows it runs with (all rows unless a case pins a data set)
 * @param setup            case ids run once, in order, before every other case; their extracted variables
 *                         reach every work item
 * @param teardown         case ids run once, in order, after every other case
 * @param requestRate      the cap on requests per second to the environment, or null for none
 * @param stepDetails      how much of each step is kept; null (a snapshot of older code) is {@link StepDetailLevel#ALL}
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
        Long seed,
        List<RowRange> chainRows,
        List<UUID> setup,
        List<UUID> teardown,
        RequestRate requestRate,
        StepDetailLevel stepDetails) {

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
        setup = setup == null ? List.of() : List.copyOf(setup);
        teardown = teardown == null ? List.of() : List.copyOf(teardown);
        stepDetails = stepDetails == null ? StepDetailLevel.ALL : stepDetails;
        if (chainRows == null) {
            RowRange all = new RowRange(0, dataRows.size());
            chainRows = chains.stream().map(c -> all).toList();
        } else {
            chainRows = List.copyOf(chainRows);
        }
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported run snapshot schemaVersion " + schemaVersion);
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("cases: a run needs at least one case");
        }
        if (chains.stream().anyMatch(c -> c.isEmpty() || c.size() > MAX_CHAIN_LENGTH)) {
            throw new IllegalArgumentException("chains: each chain holds 1.." + MAX_CHAIN_LENGTH + " cases");
        }
        if (chainRows.size() != chains.size()) {
            throw new IllegalArgumentException("chainRows: one row range per chain");
        }
        if (setup.size() > MAX_CHAIN_LENGTH || teardown.size() > MAX_CHAIN_LENGTH) {
            throw new IllegalArgumentException("setup and teardown hold at most " + MAX_CHAIN_LENGTH + " cases");
        }
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
    }

    /** A snapshot without a request rate cap. */
    public RunSnapshot(
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
            Long seed,
            List<RowRange> chainRows,
            List<UUID> setup,
            List<UUID> teardown) {
        this(
                schemaVersion,
                runId,
                tenantId,
                suiteId,
                suiteName,
                environment,
                cases,
                chains,
                dataRows,
                resultTtlSeconds,
                suiteVariables,
                seed,
                chainRows,
                setup,
                teardown,
                null,
                null);
    }

    /** A snapshot without setup or teardown cases, every chain running with every row. */
    public RunSnapshot(
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
        this(
                schemaVersion,
                runId,
                tenantId,
                suiteId,
                suiteName,
                environment,
                cases,
                chains,
                dataRows,
                resultTtlSeconds,
                suiteVariables,
                seed,
                null,
                null,
                null);
    }

    /** Work items a run makes: every chain with each of its rows, plus one each for setup and teardown. */
    public long workItemCount() {
        long items = chainRows.stream().mapToLong(RowRange::count).sum();
        return items + (setup.isEmpty() ? 0 : 1) + (teardown.isEmpty() ? 0 : 1);
    }

    /** Steps of the chains, without setup and teardown, when nothing is skipped or retried. */
    public long mainStepCount() {
        long steps = 0;
        for (int chain = 0; chain < chains.size(); chain++) {
            steps += (long) chains.get(chain).size() * chainRows.get(chain).count();
        }
        return steps;
    }

    /** Steps a run makes when nothing is retried. */
    public long stepCount() {
        return mainStepCount() + setup.size() + teardown.size();
    }
}
