package dev.gantry.testsupport;

import dev.gantry.model.AuthConfig;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.EnvironmentSnapshot;
import dev.gantry.model.Expectations;
import dev.gantry.model.Extraction;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.RequestRate;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryPolicy;
import dev.gantry.model.RowRange;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.StepDetailLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The records a worker executes, built as a test states them:
 * {@code aRunSnapshot().in(anEnvironmentSnapshot(base)).chain(create, read).build()}.
 */
public final class Snapshots {
    private Snapshots() {}

    /** A run of a random tenant and suite, one empty data row, results kept a minute. */
    public static RunSnapshotBuilder aRunSnapshot() {
        return new RunSnapshotBuilder();
    }

    /** An environment "e" at {@code baseUrl}: no variables, headers, secrets or auth; redirects not followed. */
    public static EnvironmentSnapshotBuilder anEnvironmentSnapshot(String baseUrl) {
        return new EnvironmentSnapshotBuilder(baseUrl);
    }

    /** A case of a random id sending {@code request}, expecting nothing, extracting nothing, tried once. */
    public static CaseDefinitionBuilder aCaseDefinition(String name, RequestTemplate request) {
        return new CaseDefinitionBuilder(name, request);
    }

    /** A GET of {@code path} with the given timeout. */
    public static RequestTemplate aGet(String path, long timeoutMs) {
        return new RequestTemplate(HttpMethod.GET, path, null, null, null, null, timeoutMs);
    }

    /** Builds a {@link RunSnapshot}. */
    public static final class RunSnapshotBuilder {
        private final UUID runId = UUID.randomUUID();
        private final UUID tenantId = UUID.randomUUID();
        private final UUID suiteId = UUID.randomUUID();
        private EnvironmentSnapshot environment;
        private final List<CaseDefinition> cases = new ArrayList<>();
        private final List<List<UUID>> chains = new ArrayList<>();
        private List<Map<String, String>> rows = List.of();
        private Map<String, String> suiteVariables;
        private Long seed;
        private List<RowRange> chainRows;
        private List<UUID> setup;
        private List<UUID> teardown;
        private RequestRate requestRate;

        private RunSnapshotBuilder() {}

        public RunSnapshotBuilder in(EnvironmentSnapshot environment) {
            this.environment = environment;
            return this;
        }

        public RunSnapshotBuilder in(EnvironmentSnapshotBuilder environment) {
            return in(environment.build());
        }

        /** A chain of these cases, run in this order. */
        public RunSnapshotBuilder chain(CaseDefinition... chain) {
            cases.addAll(Arrays.asList(chain));
            chains.add(Arrays.stream(chain).map(CaseDefinition::id).toList());
            return this;
        }

        public RunSnapshotBuilder rows(List<Map<String, String>> rows) {
            this.rows = rows;
            return this;
        }

        public RunSnapshotBuilder row(Map<String, String> row) {
            return rows(List.of(row));
        }

        public RunSnapshotBuilder suiteVariables(Map<String, String> variables) {
            this.suiteVariables = variables;
            return this;
        }

        public RunSnapshotBuilder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /** Per chain, the rows it runs with (all rows unless told). */
        public RunSnapshotBuilder chainRows(List<RowRange> chainRows) {
            this.chainRows = chainRows;
            return this;
        }

        /** Cases run once before the chains; they are part of the snapshot's cases. */
        public RunSnapshotBuilder setup(CaseDefinition... setupCases) {
            cases.addAll(Arrays.asList(setupCases));
            setup = Arrays.stream(setupCases).map(CaseDefinition::id).toList();
            return this;
        }

        /** Cases run once after the chains; they are part of the snapshot's cases. */
        public RunSnapshotBuilder teardown(CaseDefinition... teardownCases) {
            cases.addAll(Arrays.asList(teardownCases));
            teardown = Arrays.stream(teardownCases).map(CaseDefinition::id).toList();
            return this;
        }

        public RunSnapshotBuilder requestRate(RequestRate requestRate) {
            this.requestRate = requestRate;
            return this;
        }

        public RunSnapshot build() {
            return new RunSnapshot(
                    RunSnapshot.SCHEMA_VERSION,
                    runId,
                    tenantId,
                    suiteId,
                    "s",
                    environment,
                    cases,
                    chains,
                    rows,
                    60,
                    suiteVariables,
                    seed,
                    chainRows,
                    setup,
                    teardown,
                    requestRate,
                    StepDetailLevel.ALL);
        }
    }

    /** Builds an {@link EnvironmentSnapshot}. */
    public static final class EnvironmentSnapshotBuilder {
        private final String baseUrl;
        private Map<String, String> variables;
        private Map<String, String> headers;
        private Map<String, String> secrets;
        private AuthConfig auth;
        private boolean followRedirects;
        private boolean verifyTls = true;
        private Long maxResponseBytes;

        private EnvironmentSnapshotBuilder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public EnvironmentSnapshotBuilder variables(Map<String, String> variables) {
            this.variables = variables;
            return this;
        }

        public EnvironmentSnapshotBuilder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        /** Secrets as sealed by the farm's {@code SecretBox}. */
        public EnvironmentSnapshotBuilder secrets(Map<String, String> sealed) {
            this.secrets = sealed;
            return this;
        }

        public EnvironmentSnapshotBuilder auth(AuthConfig auth) {
            this.auth = auth;
            return this;
        }

        public EnvironmentSnapshotBuilder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        public EnvironmentSnapshotBuilder verifyTls(boolean verify) {
            this.verifyTls = verify;
            return this;
        }

        public EnvironmentSnapshotBuilder maxResponseBytes(Long bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        public EnvironmentSnapshot build() {
            return new EnvironmentSnapshot(
                    "e", baseUrl, variables, headers, secrets, auth, followRedirects, verifyTls, maxResponseBytes);
        }
    }

    /** Builds a {@link CaseDefinition}. */
    public static final class CaseDefinitionBuilder {
        private final String name;
        private final RequestTemplate request;
        private Expectations expectations;
        private List<Extraction> extractions = List.of();
        private RetryPolicy retry;

        private CaseDefinitionBuilder(String name, RequestTemplate request) {
            this.name = name;
            this.request = request;
        }

        public CaseDefinitionBuilder expecting(Expectations expectations) {
            this.expectations = expectations;
            return this;
        }

        public CaseDefinitionBuilder extracting(Extraction... extractions) {
            this.extractions = List.of(extractions);
            return this;
        }

        public CaseDefinitionBuilder retried(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public CaseDefinition build() {
            return new CaseDefinition(UUID.randomUUID(), name, request, expectations, extractions, retry);
        }
    }
}
