package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.TargetPace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A run cut off from one service in the middle: a farm of its own with a worker that reaches the
 * service through a {@link CuttableProxy} (and optionally a second worker that reaches it
 * directly), slow and narrow enough that the run lasts a few seconds; the proxy is cut for 2 s (or
 * blackholes for longer) once a fifth of the steps are done; afterwards the run must have passed with every step counted
 * exactly once, the same in its totals, its per-case results, its partitions and Redis.
 */
final class OutageScenario implements AutoCloseable {
    static final int ROWS = 2_000;
    /** Slow and narrow workers: the run lasts a few seconds. */
    private static final Map<String, Object> NARROW =
            Map.of("gantry.worker.concurrency", "8", "gantry.worker.partitions", "1");

    final Farm farm;
    final CuttableProxy proxy;
    private final HttpServer target;

    /**
     * @param service       the service's endpoint in the farm, which the proxy fronts
     * @param viaProxy      the worker settings that point it at the proxy, given the farm and the proxy's port
     * @param directWorker  whether a second worker reaches the service directly
     */
    OutageScenario(
            Function<LocalServices, LocalServices.Endpoint> service,
            BiFunction<Farm, Integer, Map<String, Object>> viaProxy,
            boolean directWorker)
            throws Exception {
        farm = Farm.withWorkers(0);
        LocalServices.Endpoint endpoint = service.apply(farm.services);
        proxy = new CuttableProxy(endpoint.host(), endpoint.port());
        Map<String, Object> proxied = new HashMap<>(NARROW);
        proxied.putAll(viaProxy.apply(farm, proxy.port()));
        farm.startWorker(proxied);
        if (directWorker) {
            farm.startWorker(NARROW);
        }
        target = slowTarget();
    }

    /**
     * The control plane reaches the service through the proxy, given the control plane settings that
     * point it at the proxy's port; two workers reach it directly.
     */
    static OutageScenario ofControlPlane(
            Function<LocalServices, LocalServices.Endpoint> service, Function<Integer, Map<String, Object>> viaProxy)
            throws Exception {
        LocalServices.Endpoint endpoint = service.apply(LocalServices.get());
        CuttableProxy proxy = new CuttableProxy(endpoint.host(), endpoint.port());
        Farm farm = Farm.withControlPlane(0, viaProxy.apply(proxy.port()));
        farm.startWorker(NARROW);
        farm.startWorker(NARROW);
        return new OutageScenario(farm, proxy, slowTarget());
    }

    private OutageScenario(Farm farm, CuttableProxy proxy, HttpServer target) {
        this.farm = farm;
        this.proxy = proxy;
        this.target = target;
    }

    private static HttpServer slowTarget() {
        return TestTargets.start("/slow", exchange -> {
            TargetPace.pauseMillis(15);
            TestTargets.json(exchange, 200, "{\"ok\":true}");
        });
    }

    /** Runs the scenario and checks its outcome; {@code what} names the service in the output. */
    void cutMidRunAndExpectExactCounts(String what) throws Exception {
        assertPassedExactly(midRun(what, Duration.ofSeconds(2), proxy::cut, proxy::restore));
    }

    /**
     * The same with the connections blackholed instead of cut: open on both sides and silent for
     * good; connections made after {@code outage} get through.
     */
    void blackholeMidRunAndExpectExactCounts(String what, Duration outage) throws Exception {
        assertPassedExactly(midRun(what, outage, proxy::blackhole, proxy::heal));
    }

    private JsonNode midRun(String what, Duration outage, Runnable takeAway, Runnable giveBack) throws Exception {
        Api api = new Api(farm.baseUrl(), farm.adminKey);
        Scenarios.Workspace workspace = Scenarios.workspace(api, Scenarios.baseUrlOf(target));
        api.post(
                "/api/v1/suites/" + workspace.suite() + "/cases",
                aCase("slow").get("/slow/{{n}}").expectStatus(200).build());
        Scenarios.numberedRows(api, workspace.suite(), ROWS);
        UUID run = api.post(
                        "/api/v1/suites/" + workspace.suite() + "/runs",
                        Map.of("environmentId", workspace.environment()))
                .id("runId");

        long done = await("a fifth of the run's steps done")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> done(api, run), counted -> counted >= ROWS / 5);
        assertThat(done)
                .as("the run finished before " + what + " could be taken away")
                .isLessThan(ROWS / 2);
        takeAway.run();
        // the outage is a span of time the scenario sets, not a state to await: nothing else fits
        Thread.sleep(outage);
        long doneDuringOutage = doneInDatabase(run);
        giveBack.run();

        JsonNode finished = api.waitForEnd(run, Duration.ofMinutes(2));
        System.out.printf(
                "%s taken away after %d steps, %d counted by the end of the outage: %s%n",
                what, done, doneDuringOutage, finished.get("status").asString());
        return finished;
    }

    private void assertPassedExactly(JsonNode finished) throws Exception {
        UUID run = UUID.fromString(finished.get("id").asString());
        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("PASSED");
        assertThat(finished.get("totals").get("done").asLong()).isEqualTo(ROWS);
        assertThat(finished.get("totals").get("passed").asLong()).isEqualTo(ROWS);
        assertThat(finished.get("cases").get(0).get("passed").asLong()).isEqualTo(ROWS);
        farm.assertEveryStepCountedOnce(run, ROWS);
    }

    /**
     * The steps the partitions counted, read straight from PostgreSQL: the control plane may be the
     * one cut off, and its API with it.
     */
    private long doneInDatabase(UUID run) throws SQLException {
        try (Connection db = farm.database();
                PreparedStatement query = db.prepareStatement(
                        "select coalesce(sum(steps_done), 0) from run_partitions where run_id = ?")) {
            query.setObject(1, run);
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long done(Api api, UUID run) {
        return api.get("/api/v1/runs/" + run).body().get("totals").get("done").asLong();
    }

    @Override
    public void close() throws Exception {
        target.stop(0);
        farm.close();
        proxy.close();
    }
}
