package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.testsupport.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Cron schedules with two control planes on one database, both on a clock the test sets: a schedule
 * due every second fires once per due time, never twice; a schedule that missed several due times
 * (the control planes were down) fires once, not once per missed time. Due times come when the test
 * moves the clock, so the counts are exact rather than whatever real seconds allowed.
 */
class SchedulesIT {
    /** Half past a second: the every-second schedule's first due time is the next whole second. */
    static final SettableClock clock = SettableClock.startingAt(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500));

    static Farm farm;
    static ConfigurableApplicationContext secondControlPlane;
    static HttpServer target;
    static Api api;
    static UUID suite;
    static UUID environment;

    @BeforeAll
    static void setUp() {
        farm = Farm.withClock(1, clock);
        secondControlPlane = farm.startControlPlane();
        target = TestTargets.start("/", exchange -> TestTargets.json(exchange, 200, "{}"));
        api = new Api(farm.baseUrl(), farm.adminKey);
        UUID project = api.post("/api/v1/projects", Map.of("name", "cron-" + UUID.randomUUID()))
                .id();
        environment = api.post(
                        "/api/v1/projects/" + project + "/environments",
                        Map.of(
                                "name",
                                "t",
                                "baseUrl",
                                "http://127.0.0.1:" + target.getAddress().getPort()))
                .id();
        suite = api.post("/api/v1/projects/" + project + "/suites", Map.of("name", "nightly"))
                .id();
        api.post(
                "/api/v1/suites/" + suite + "/cases", aCase("ping").get("/ping").build());
    }

    @AfterAll
    static void tearDown() {
        if (secondControlPlane != null) {
            secondControlPlane.close();
        }
        Farm.closeAll(farm, target);
    }

    @Test
    void aScheduleDueEverySecondFiresOncePerDueTimeWithTwoControlPlanes() {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of("environmentId", environment, "cron", "* * * * * *", "name", "every second"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        UUID schedule = created.id();
        Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        assertThat(Instant.parse(created.body().get("nextFireAt").asString()))
                .as("the first due time, by the control plane's clock")
                .isEqualTo(first);

        List<Instant> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant dueTime = first.plusSeconds(i);
            due.add(dueTime);
            clock.set(dueTime);
            await("the schedule's run for " + dueTime)
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(firedFor(schedule)).containsExactlyElementsOf(due));
        }
        // both control planes tick every 250 ms: a second run for a due time would show within a second
        await("no second run for any due time while the clock stands")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(firedFor(schedule)).containsExactlyElementsOf(due));

        JsonNode paused =
                api.post("/api/v1/schedules/" + schedule + "/pause", Map.of()).body();
        assertThat(paused.get("enabled").asBoolean()).isFalse();
        assertThat(paused.get("nextFireTimes").size()).isZero();
        JsonNode shown = api.get("/api/v1/schedules/" + schedule).body();
        assertThat(shown.get("lastRuns").size()).isEqualTo(due.size());
        // the suite's list shows the same last runs, newest first
        JsonNode listed = api.get("/api/v1/suites/" + suite + "/schedules")
                .body()
                .valueStream()
                .filter(s -> s.get("id").asString().equals(schedule.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.get("lastRuns")).isEqualTo(shown.get("lastRuns"));
        assertThat(Instant.parse(
                        listed.get("lastRuns").get(0).get("scheduledFor").asString()))
                .isEqualTo(due.getLast());

        clock.advance(Duration.ofSeconds(3));
        await("a paused schedule does not fire when its due times pass")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(firedFor(schedule)).containsExactlyElementsOf(due));
    }

    @Test
    void missedDueTimesFireOnceNotOncePerMissedTime() throws Exception {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of("environmentId", environment, "cron", "0 0 3 * * *", "timeZone", "UTC"));
        UUID schedule = created.id();
        // as if every control plane had been down for three days: three 03:00 due times missed
        Instant threeDaysAgo = clock.instant().minus(Duration.ofDays(3)).minusSeconds(60);
        try (Connection db = farm.database();
                PreparedStatement update = db.prepareStatement("update schedules set next_fire_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(threeDaysAgo));
            update.setObject(2, schedule);
            update.executeUpdate();
        }
        ZonedDateTime latestMissed =
                clock.instant().atZone(ZoneOffset.UTC).withHour(3).truncatedTo(ChronoUnit.HOURS);
        if (latestMissed.toInstant().isAfter(clock.instant())) {
            latestMissed = latestMissed.minusDays(1);
        }
        Instant expected = latestMissed.toInstant();
        await("one run for the latest missed due time")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(firedFor(schedule)).containsExactly(expected));
        await("no run for the earlier missed due times")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(firedFor(schedule)).containsExactly(expected));
        JsonNode shown = api.get("/api/v1/schedules/" + schedule).body();
        assertThat(Instant.parse(shown.get("nextFireAt").asString()))
                .isEqualTo(latestMissed.plusDays(1).toInstant());
        api.delete("/api/v1/schedules/" + schedule);
    }

    @Test
    void standardFiveFieldCronTimeZonesAndBadInput() {
        Api.Answer berlin = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of(
                        "environmentId",
                        environment,
                        "cron",
                        "30 2 * * 1-5",
                        "timeZone",
                        "Europe/Berlin",
                        "enabled",
                        false));
        assertThat(berlin.status()).as(berlin.raw()).isEqualTo(201);
        assertThat(berlin.body().get("nextFireTimes").size()).isZero();
        JsonNode resumed = api.post("/api/v1/schedules/" + berlin.id() + "/resume", Map.of())
                .body();
        assertThat(resumed.get("nextFireTimes").size()).isEqualTo(5);
        for (JsonNode time : resumed.get("nextFireTimes")) {
            ZonedDateTime local = Instant.parse(time.asString()).atZone(ZoneId.of("Europe/Berlin"));
            assertThat(local.getHour()).isEqualTo(2);
            assertThat(local.getMinute()).isEqualTo(30);
            assertThat(local.getDayOfWeek().getValue()).isBetween(1, 5);
        }
        api.post("/api/v1/schedules/" + berlin.id() + "/pause", Map.of());

        Api.Answer badCron = api.post(
                "/api/v1/suites/" + suite + "/schedules", Map.of("environmentId", environment, "cron", "61 * * * *"));
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.body().get("errors").get(0).get("field").asString()).isEqualTo("cron");
        Api.Answer badZone = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of("environmentId", environment, "cron", "0 2 * * *", "timeZone", "Mars/Olympus"));
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.body().get("errors").get(0).get("field").asString()).isEqualTo("timeZone");
        assertThat(api.get("/api/v1/schedules/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    private static List<Instant> firedFor(UUID schedule) throws java.sql.SQLException {
        List<Instant> times = new ArrayList<>();
        try (Connection db = farm.database();
                PreparedStatement query = db.prepareStatement(
                        "select scheduled_for from runs where schedule_id = ? order by scheduled_for")) {
            query.setObject(1, schedule);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        assertThat(new HashSet<>(times)).hasSameSizeAs(times);
        return times;
    }
}
