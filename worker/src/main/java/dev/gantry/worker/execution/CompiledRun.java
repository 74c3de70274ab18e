package dev.gantry.worker.execution;

import dev.gantry.model.CaseDefinition;
import dev.gantry.model.RunSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a worker keeps of a run while it executes partitions: chains resolved to compiled cases,
 * environment variables, base URL. Data rows are not here: each partition loads only its own
 * rows ({@link PartitionRows}), so a worker's memory does not grow with a run's size.
 */
public record CompiledRun(
        UUID runId,
        List<List<CompiledCase>> chains,
        String baseUrl,
        Map<String, String> environmentVariables,
        Map<String, String> suiteVariables,
        Long seed,
        Duration resultTtl) {

    /** Compiles a snapshot's definition; its {@code dataRows} are ignored. */
    public static CompiledRun compile(RunSnapshot snapshot) {
        Map<UUID, CaseDefinition> byId = new HashMap<>();
        snapshot.cases().forEach(c -> byId.put(c.id(), c));
        Map<String, String> envHeaders = snapshot.environment().headers();
        Map<UUID, CompiledCase> compiled = new HashMap<>();
        List<List<CompiledCase>> chains = snapshot.chains().stream()
                .map(chain -> chain.stream()
                        .map(id -> compiled.computeIfAbsent(id, k -> CompiledCase.compile(byId.get(k), envHeaders)))
                        .toList())
                .toList();
        String base = snapshot.environment().baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new CompiledRun(
                snapshot.runId(),
                chains,
                base,
                snapshot.environment().variables(),
                snapshot.suiteVariables(),
                snapshot.seed(),
                Duration.ofSeconds(snapshot.resultTtlSeconds()));
    }
}
