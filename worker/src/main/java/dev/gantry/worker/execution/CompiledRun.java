package dev.gantry.worker.execution;

import dev.gantry.model.CaseDefinition;
import dev.gantry.model.RunSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A run snapshot ready to execute: chains resolved to compiled cases, base URL normalised. */
public record CompiledRun(RunSnapshot snapshot, List<List<CompiledCase>> chains, String baseUrl) {

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
        return new CompiledRun(snapshot, chains, base);
    }

    public UUID runId() {
        return snapshot.runId();
    }

    public Duration resultTtl() {
        return Duration.ofSeconds(snapshot.resultTtlSeconds());
    }
}
