package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.environments.Environment;
import dev.gantry.controlplane.environments.EnvironmentRepository;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.specs.ConformanceSpecs;
import dev.gantry.controlplane.suites.CasePhase;
import dev.gantry.controlplane.suites.DataSetRepository;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import dev.gantry.controlplane.suites.TestCase;
import dev.gantry.controlplane.suites.TestCaseRepository;
import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.MetricNames;
import dev.gantry.model.RequestRate;
import dev.gantry.model.RunSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Triggers runs: checks the suite, freezes the snapshot, stores the run and starts its job. */
@Service
public class RunService {
    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final DataSetRepository dataSets;
    private final EnvironmentRepository environments;
    private final RunStore store;
    private final PlanService plans;
    private final RunAdmission admission;
    private final RedisProperties redis;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock;

    RunService(
            SuiteRepository suites,
            TestCaseRepository cases,
            DataSetRepository dataSets,
            EnvironmentRepository environments,
            RunStore store,
            PlanService plans,
            RunAdmission admission,
            RedisProperties redis,
            TransactionTemplate transactions,
            MeterRegistry meters,
            Clock clock) {
        this.suites = suites;
        this.cases = cases;
        this.dataSets = dataSets;
        this.environments = environments;
        this.store = store;
        this.plans = plans;
        this.admission = admission;
        this.redis = redis;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
    }

    /** Conformance checks from the project's API specification (set apart from the constructor on purpose). */
    private ConformanceSpecs conformance;

    @Autowired(required = false)
    void setConformance(ConformanceSpecs conformance) {
        this.conformance = conformance;
    }

    /**
     * Counts the run in the tenant's monthly quota and stores it as QUEUED, then admits it when the
     * plan's concurrent-run limit allows (else it waits, in order); answers at once.
     *
     * @param caller          whom the run acts for: its tenant's suite, environment, plan and quota
     * @param deadlineSeconds the trigger's own deadline, counted from now; null: the suite's, if any
     * @param origin          why the run starts, stored with it
     */
    public Run trigger(
            Caller caller, UUID suiteId, UUID environmentId, Long seed, Integer deadlineSeconds, RunOrigin origin) {
        Run run = transactions.execute(status -> {
            RunSnapshot snapshot = freeze(caller, suiteId, environmentId, seed);
            Instant now = clock.instant();
            plans.countRun(caller.tenantId(), snapshot.stepCount(), now);
            Integer deadline = deadlineSeconds != null
                    ? deadlineSeconds
                    : suites.require(suiteId, caller.tenantId()).getDeadlineSeconds();
            return store.create(
                    snapshot,
                    environmentId,
                    origin,
                    redis.keys().details(snapshot.runId()),
                    deadline == null ? null : now.plusSeconds(deadline),
                    now);
        });
        meters.counter(MetricNames.RUNS_STARTED, "trigger", origin.kind()).increment();
        admission.admit(caller.tenantId());
        return run;
    }

    /** What a run would execute now, without storing anything: chains, rows, work items, steps. */
    @Transactional(readOnly = true)
    public RunSnapshot plan(Caller caller, UUID suiteId, UUID environmentId) {
        return freeze(caller, suiteId, environmentId, null);
    }

    private RunSnapshot freeze(Caller caller, UUID suiteId, UUID environmentId, Long seed) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        // schedules and hooks refuse unready suites themselves; an archived one is never run
        suite.getStatus().checkRunnable(suiteId);
        Environment environment = environments
                .findByIdAndTenantId(environmentId, caller.tenantId())
                .orElseThrow(() -> new NotFoundException("environment", environmentId));
        if (!environment.getProjectId().equals(suite.getProjectId())) {
            throw new UnprocessableException(
                    "environment-mismatch",
                    "environment " + environmentId + " belongs to another project than suite " + suiteId);
        }
        // a manual case is done by hand: a run leaves it out as it leaves out a disabled one
        List<TestCase> enabled = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId).stream()
                .filter(TestCase::isRun)
                .toList();
        List<TestCase> tests =
                enabled.stream().filter(c -> c.getPhase() == CasePhase.TEST).toList();
        if (tests.isEmpty()) {
            throw new UnprocessableException(
                    "empty-suite", "suite " + suiteId + " has no enabled automated test cases to run");
        }
        List<List<UUID>> chains = ChainPlanner.chains(tests.stream()
                .map(c -> new ChainPlanner.Node(c.getId(), c.getName(), c.getPosition(), c.getDependsOn()))
                .toList());
        RunData data = RunData.of(chains, tests, dataSets.findBySuiteIdOrderByCreatedAtAsc(suiteId));
        UUID runId = UUID.randomUUID();
        RunSnapshot snapshot = new RunSnapshot(
                RunSnapshot.SCHEMA_VERSION,
                runId,
                caller.tenantId(),
                suiteId,
                suite.getName(),
                environment.snapshot(),
                conformance == null
                        ? enabled.stream().map(TestCase::definition).toList()
                        : conformance.attach(
                                suite.getProjectId(),
                                caller.tenantId(),
                                enabled.stream().map(TestCase::definition).toList()),
                chains,
                data.rows(),
                plans.retention(caller.tenantId()).toSeconds(),
                suite.getVariables(),
                seed,
                data.chainRows(),
                idsIn(enabled, CasePhase.SETUP),
                idsIn(enabled, CasePhase.TEARDOWN),
                requestRate(caller.tenantId(), environmentId),
                suite.getStepDetails());
        if (snapshot.mainStepCount() == 0) {
            throw new UnprocessableException(
                    "nothing-to-run", "every chain of suite " + suiteId + " pins a data set that is disabled or empty");
        }
        return snapshot;
    }

    /** The plan's cap on requests per second, for all the environment's runs together. */
    private RequestRate requestRate(UUID tenantId, UUID environmentId) {
        OptionalLong perSecond = plans.limit(tenantId, PlanLimit.MaxRequestsPerSecond);
        return perSecond.isPresent() && perSecond.getAsLong() > 0
                ? new RequestRate(environmentId, perSecond.getAsLong())
                : null;
    }

    private static List<UUID> idsIn(List<TestCase> cases, CasePhase phase) {
        return cases.stream()
                .filter(c -> c.getPhase() == phase)
                .map(TestCase::getId)
                .toList();
    }
}
