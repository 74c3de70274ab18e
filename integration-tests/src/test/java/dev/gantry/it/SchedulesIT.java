package dev.gantry.it;

import static dev.gantry.it.Scenarios.aCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
 * Cron schedules with two control planes on one database: a schedule due every second fires
 * once per due time, never twice; a schedule that missed several due times (the control planes
 * were down) fires once, not once per missed time.
 */
class SchedulesIT {
    static Farm farm;
    static ConfigurableApplicationContext secondControlPlane;
    static HttpServer target;
    static Api api;
    static UUID suite;
    static UUID environment;

    @BeforeAll
    static void setUp() {
        farm = Farm.get();
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
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void aScheduleDueEverySecondFiresOncePerDueTimeWithTwoControlPlanes() throws Exception {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of("environmentId", environment, "cron", "* * * * * *", "name", "every second"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        UUID schedule = created.id();
        Thread.sleep(5_500);
        JsonNode paused =
                api.post("/api/v1/schedules/" + schedule + "/pause", Map.of()).body();
        assertThat(paused.get("enabled").asBoolean()).isFalse();
        assertThat(paused.get("nextFireTimes").size()).isZero();
        Thread.sleep(1_500); // a run triggered just before the pause gets its schedule id

        List<Instant> firedFor = firedFor(schedule);
        assertThat(firedFor).as("one run per due time: %s", firedFor).doesNotHaveDuplicates();
        assertThat(firedFor.size()).as(firedFor.toString()).isBetween(4, 7);
        for (int i = 1; i < firedFor.size(); i++) {
            assertThat(Duration.between(firedFor.get(i - 1), firedFor.get(i)))
                    .as("consecutive due times %s", firedFor)
                    .isEqualTo(Duration.ofSeconds(1));
        }
        JsonNode shown = api.get("/api/v1/schedules/" + schedule).body();
        assertThat(shown.get("lastRuns").size()).isEqualTo(firedFor.size());
        Thread.sleep(1_500);
        assertThat(firedFor(schedule)).as("a paused schedule does not fire").hasSameSizeAs(firedFor);
    }

    @Test
    void missedDueTimesFireOnceNotOncePerMissedTime() throws Exception {
        Api.Answer created = api.post(
                "/api/v1/suites/" + suite + "/schedules",
                Map.of("environmentId", environment, "cron", "0 0 3 * * *", "timeZone", "UTC"));
        UUID schedule = created.id();
        // as if every control plane had been down for three days: three 03:00 due times missed
        Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).minusSeconds(60);
        try (Connection db = farm.database();
                PreparedStatement update = db.prepareStatement("update schedules set next_fire_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(threeDaysAgo));
            update.setObject(2, schedule);
            update.executeUpdate();
        }
        Instant patience = Instant.now().plusSeconds(10);
        while (firedFor(schedule).isEmpty()) {
            assertThat(Instant.now()).isBefore(patience);
            Thread.sleep(100);
        }
        Thread.sleep(2_000);
        List<Instant> fired = firedFor(schedule);
        assertThat(fired).hasSize(1);
        ZonedDateTime latestMissed = ZonedDateTime.now(ZoneId.of("UTC"))
                .withHour(3)
                .withMinute(0)
                .withSecond(0)
                .withNano(0);
        if (latestMissed.toInstant().isAfter(Instant.now())) {
            latestMissed = latestMissed.minusDays(1);
        }
        assertThat(fired.getFirst()).isEqualTo(latestMissed.toInstant());
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

    private static List<Instant> firedFor(UUID schedule) throws Exception {
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
