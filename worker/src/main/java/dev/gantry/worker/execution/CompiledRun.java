package dev.gantry.worker.execution;

import dev.gantry.model.CaseDefinition;
import dev.gantry.model.RequestRate;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.SecretBox;
import dev.gantry.model.StepDetailLevel;
import dev.gantry.model.WorkItem;
import dev.gantry.model.WorkItemLayout;
import java.time.Duration;
import java.util.ArrayList;
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
        String environmentName,
        List<List<CompiledCase>> chains,
        String baseUrl,
        Map<String, String> environmentVariables,
        Map<String, String> suiteVariables,
        Map<String, String> secrets,
        CompiledAuth auth,
        boolean followRedirects,
        boolean verifyTls,
        long maxResponseBytes,
        Long seed,
        Duration resultTtl,
        Redaction redaction,
        RequestRate requestRate,
        StepDetailLevel stepDetails,
        WorkItemLayout layout) {

    /**
     * The work item at a seq of this run, computed from the run's layout (the setup and teardown
     * items carry row 0 and the chain indexes after the run's chains).
     */
    public WorkItem workItem(long seq) {
        int chainCount = chains.size() - 2;
        if (seq == layout.setupSeq()) {
            return new WorkItem(seq, WorkItemLayout.setupChain(chainCount), 0);
        }
        if (seq == layout.teardownSeq()) {
            return new WorkItem(seq, WorkItemLayout.teardownChain(chainCount), 0);
        }
        return layout.item(seq);
    }

    /** Compiles a run without secrets. */
    public static CompiledRun compile(RunSnapshot snapshot) {
        return compile(snapshot, null);
    }

    /**
     * Compiles a snapshot's definition (its {@code dataRows} are ignored) and opens its secrets;
     * a run with secrets needs the box.
     */
    public static CompiledRun compile(RunSnapshot snapshot, SecretBox box) {
        Map<String, String> sealed = snapshot.environment().secrets();
        if (!sealed.isEmpty() && box == null) {
            throw new IllegalStateException("run " + snapshot.runId() + " uses secrets, but this worker has no"
                    + " encryption key (gantry.security.encryption-key / GANTRY_ENCRYPTION_KEY)");
        }
        Map<String, String> secrets = new HashMap<>();
        sealed.forEach((name, value) -> secrets.put(name, box.open(value)));
        Map<UUID, CaseDefinition> byId = new HashMap<>();
        snapshot.cases().forEach(c -> byId.put(c.id(), c));
        Map<String, String> envHeaders = snapshot.environment().headers();
        Map<UUID, CompiledCase> compiled = new HashMap<>();
        // the setup and teardown cases follow the chains, at WorkItemLayout.setupChain/teardownChain
        List<List<UUID>> all = new ArrayList<>(snapshot.chains());
        all.add(snapshot.setup());
        all.add(snapshot.teardown());
        List<List<CompiledCase>> chains = all.stream()
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
                snapshot.environment().name(),
                chains,
                base,
                snapshot.environment().variables(),
                snapshot.suiteVariables(),
                Map.copyOf(secrets),
                CompiledAuth.compile(snapshot.environment().auth()),
                snapshot.environment().followRedirects(),
                snapshot.environment().verifyTls(),
                snapshot.environment().maxResponseBytes() == null
                        ? 0
                        : snapshot.environment().maxResponseBytes(),
                snapshot.seed(),
                Duration.ofSeconds(snapshot.resultTtlSeconds()),
                new Redaction(secrets.values()),
                snapshot.requestRate(),
                snapshot.stepDetails(),
                new WorkItemLayout(snapshot));
    }
}
