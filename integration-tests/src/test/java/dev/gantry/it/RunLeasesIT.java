package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static dev.gantry.testsupport.Waiting.throughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.controlplane.runs.RunsProperties;
import dev.gantry.testsupport.SettableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A run's lease is kept in its control plane's time: each control plane here keeps the time of a
 * clock the test moves, so a paused control plane (its clock standing still while the other's goes
 * on) is shown to keep its run until the other's clock says the lease lapsed one lease ago, never
 * before, whatever real time the machine takes; the paused one, waking, finds the run gone and
 * stops its job, and the run ends exactly once.
 */
class RunLeasesIT {
    static final int ROWS = 12;
    static final SettableClock pausedClock = SettableClock.startingNow();
    static final SettableClock otherClock = SettableClock.startingAt(pausedClock.instant());
    /** Held while the test moves the clocks: every step waits for it, so the run stays under way. */
    static final CountDownLatch released = new CountDownLatch(1);

    static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    static Farm farm;
    static ConfigurableApplicationContext other;
    static HttpServer target;
    static Api api;

    @BeforeAll
    static void setUp() {
        farm = Farm.withClock(2, pausedClock);
        other = farm.startControlPlane(otherClock);
        target = TestTargets.held(released, requests);
        api = new Api(farm.baseUrl(), farm.adminKey);
    }

    @AfterAll
    static void tearDown() {
        released.countDown();
        if (other != null) {
            other.close();
        }
        Farm.closeAll(farm, target);
    }

    @Test
    void aPausedControlPlanesRunIsTakenOverOnlyOnceItsLeaseLapsedAndEndsExactly() throws Exception {
        Duration lease = farm.controlPlane.getBean(RunsProperties.class).permitLease();
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        Api.Answer created = api.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("held")
                        .get("/held/{{n}}")
                        .timeoutMs(120_000)
                        .expectStatus(200)
                        .build());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Scenarios.numberedRows(api, workspace.suite(), ROWS);

        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");
        await("run " + run + " to be under way on the workers")
                .atMost(Duration.ofSeconds(60))
                .until(() -> requests.size() > 0);
        String pausedOwner = owner(run);
        assertThat(pausedOwner)
                .as("the control plane that took the trigger admits the run")
                .isNotNull();

        // the other control plane's time goes on, but not yet one lease past the lapse
        otherClock.advance(lease.plus(lease.dividedBy(2)));
        throughout(
                        "the run stays with its control plane while its lease has not lapsed one lease ago",
                        Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(owner(run)).isEqualTo(pausedOwner));

        // now it has: the other control plane takes the run over
        otherClock.advance(lease);
        await("the other control plane to take run " + run + " over")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(owner(run)).isNotEqualTo(pausedOwner));

        // the paused control plane wakes: its renewal finds the run gone, and its job stops there
        pausedClock.advance(lease.multipliedBy(3));
        await("the paused control plane's job of run " + run + " to stop")
                .atMost(Duration.ofSeconds(30))
                .until(() -> jobsStillGoing(run) == 0);

        released.countDown();
        JsonNode ended = api.waitForEnd(run, Duration.ofMinutes(2));
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("PASSED");
        assertThat(ended.get("totals").get("done").asLong()).isEqualTo(ROWS);
        assertThat(ended.get("totals").get("passed").asLong()).isEqualTo(ROWS);
        farm.assertEveryStepCountedOnce(run, ROWS);
        assertThat(requests.values())
                .as("each request reached the target exactly once")
                .hasSize(ROWS)
                .allMatch(n -> n.get() == 1);
    }

    private static String owner(UUID run) throws Exception {
        return farm.queryOne("select admitted_by from runs where id = ?", run, rs -> rs.getString(1));
    }

    /** Job executions of the run's instance that have not ended (stopped, failed or completed). */
    private static long jobsStillGoing(UUID run) throws Exception {
        return farm.queryOne(
                """
                select count(*) from batch_job_execution where status in ('STARTING', 'STARTED', 'STOPPING')
                    and job_instance_id = (select job_instance_id from batch_job_execution
                        where job_execution_id = (select job_execution_id from runs where id = ?))
                """,
                run,
                rs -> rs.getLong(1));
    }
}
