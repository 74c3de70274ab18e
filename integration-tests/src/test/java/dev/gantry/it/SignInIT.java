package dev.gantry.it;

import static dev.gantry.testsupport.RequestBodies.aTenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testsupport.SettableClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * People's sign-in, from the outside as a browser does it (a cookie jar, the CSRF cookie echoed in a
 * header): invitations are used once and expire, a wrong password and too many attempts are refused,
 * a session works the API, needs its CSRF token for changes, and ends at sign-out, after the idle
 * timeout and after the absolute one (the control plane's clock is the test's).
 */
class SignInIT {
    static final String PASSWORD = "a long enough password";

    static SettableClock clock = SettableClock.startingNow();
    static Farm farm;
    static Scenarios.Tenant tenant;
    static Api admin;

    @BeforeAll
    static void setUp() {
        farm = Farm.withClock(0, clock);
        tenant = Scenarios.tenant(
                new Api(farm.baseUrl(), farm.adminKey), aTenant().named("sign-in"));
        admin = tenant.api();
    }

    @AfterAll
    static void tearDown() {
        if (farm != null) {
            farm.close();
        }
    }

    /** A browser: its cookies, and the API answered as JSON. */
    static final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> send(String method, String path, String body, boolean withCsrf)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(farm.baseUrl() + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            String token = cookie("XSRF-TOKEN");
            if (withCsrf && token != null) {
                request.header("X-XSRF-TOKEN", token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send("GET", path, null, false);
        }

        HttpResponse<String> signIn(String email, String password) throws IOException, InterruptedException {
            get("/api/v1/session"); // the CSRF cookie
            return send(
                    "POST",
                    "/api/v1/session",
                    Api.JSON.writeValueAsString(Map.of("email", email, "password", password)),
                    true);
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Api.JSON.readTree(response.body());
    }

    static String field(HttpResponse<String> response) {
        return json(response).get("errors").get(0).get("field").asString();
    }

    /** An invited person with a password set: their e-mail. */
    static String person(String role) throws Exception {
        String email = "p-" + UUID.randomUUID() + "@example.com";
        Api.Answer invitation = admin.post("/api/v1/invitations", Map.of("email", email, "role", role));
        assertThat(invitation.status()).as(invitation.raw()).isEqualTo(201);
        HttpResponse<String> accepted = new Browser()
                .send(
                        "POST",
                        "/api/v1/invitations/accept",
                        Api.JSON.writeValueAsString(Map.of("token", invitation.text("token"), "password", PASSWORD)),
                        false);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(204);
        return email;
    }

    @Test
    void anInvitationIsUsedOnceExpiresAndRefusesAWeakPasswordNamingTheField() throws Exception {
        Browser browser = new Browser();
        Api.Answer invitation =
                admin.post("/api/v1/invitations", Map.of("email", "i-" + UUID.randomUUID() + "@example.com"));
        assertThat(invitation.status()).as(invitation.raw()).isEqualTo(201);
        String token = invitation.text("token");
        HttpResponse<String> weak = browser.send(
                "POST", "/api/v1/invitations/accept", "{\"token\": \"" + token + "\", \"password\": \"short\"}", false);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(field(weak)).isEqualTo("password");
        HttpResponse<String> tooLong = browser.send(
                "POST",
                "/api/v1/invitations/accept",
                "{\"token\": \"" + token + "\", \"password\": \"" + "é".repeat(40) + "\"}",
                false);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(field(tooLong)).isEqualTo("password");
        String accept = "{\"token\": \"" + token + "\", \"password\": \"" + PASSWORD + "\"}";
        assertThat(browser.send("POST", "/api/v1/invitations/accept", accept, false)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> again = browser.send("POST", "/api/v1/invitations/accept", accept, false);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(field(again)).isEqualTo("token");
        assertThat(json(again).get("detail").asString()).contains("used already");
        HttpResponse<String> unknown =
                browser.send("POST", "/api/v1/invitations/accept", accept.replace(token, "0".repeat(64)), false);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(field(unknown)).isEqualTo("token");

        String later = admin.post("/api/v1/invitations", Map.of("email", "e-" + UUID.randomUUID() + "@example.com"))
                .text("token");
        clock.advance(Duration.ofHours(73));
        HttpResponse<String> expired =
                browser.send("POST", "/api/v1/invitations/accept", accept.replace(token, later), false);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(field(expired)).isEqualTo("token");
        assertThat(json(expired).get("detail").asString()).contains("expired");
        // only an ADMIN invites
        Api tester = Scenarios.user(new Api(farm.baseUrl(), farm.adminKey), tenant.id(), "TESTER");
        assertThat(tester.post("/api/v1/invitations", Map.of("email", "x@example.com"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aWrongPasswordIsRefusedAndTooManyFailuresStopFurtherAttempts() throws Exception {
        String email = person("VIEWER");
        Browser browser = new Browser();
        HttpResponse<String> withoutToken = browser.send(
                "POST", "/api/v1/session", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}", false);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(json(withoutToken).get("code").asString()).isEqualTo("csrf");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = browser.signIn(email, "not the password " + i);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("code").asString()).isEqualTo("bad-credentials");
        }
        HttpResponse<String> unknown = browser.signIn("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).get("detail").asString()).isEqualTo("wrong e-mail or password");
        HttpResponse<String> throttled = browser.signIn(email, PASSWORD);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(json(throttled).get("code").asString()).isEqualTo("too-many-sign-ins");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 900L);
        assertThat(browser.cookie("GANTRY_SESSION")).isNull();
    }

    @Test
    void aSessionMadeOnOneControlPlaneIsServedByAnotherAndEndsOnBoth() throws Exception {
        String email = person("VIEWER");
        Browser browser = new Browser();
        assertThat(browser.signIn(email, PASSWORD).statusCode()).isEqualTo(200);
        String session = browser.cookie("GANTRY_SESSION");
        try (ConfigurableApplicationContext replica = farm.startControlPlane()) {
            String other = "http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port");
            HttpClient plain = HttpClient.newHttpClient();
            HttpRequest onTheReplica = HttpRequest.newBuilder(URI.create(other + "/api/v1/session"))
                    .header("Cookie", "GANTRY_SESSION=" + session)
                    .build();
            HttpResponse<String> seen = plain.send(onTheReplica, HttpResponse.BodyHandlers.ofString());
            assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
            assertThat(json(seen).get("authenticated").asBoolean())
                    .as("the replica knows the session: %s", seen.body())
                    .isTrue();
            assertThat(json(seen).get("via").asString()).isEqualTo("session");

            // signed out on the first, the session is over on the replica too
            assertThat(browser.send("DELETE", "/api/v1/session", null, true).statusCode())
                    .isEqualTo(204);
            HttpResponse<String> after = plain.send(onTheReplica, HttpResponse.BodyHandlers.ofString());
            assertThat(json(after).get("authenticated").asBoolean()).isFalse();
        }
    }

    @Test
    void aSessionWorksTheApiNeedsItsCsrfTokenAndEndsAtSignOutIdleAndAbsoluteTimeouts() throws Exception {
        String email = person("TESTER");
        Browser browser = new Browser();
        assertThat(browser.get("/api/v1/runs").statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = browser.signIn(email, PASSWORD);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(json(signedIn).get("role").asString()).isEqualTo("TESTER");
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("GANTRY_SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax");
        assertThat(browser.get("/api/v1/runs").statusCode()).isEqualTo(200);
        assertThat(json(browser.get("/api/v1/session")).get("via").asString()).isEqualTo("session");

        String project = Api.JSON.writeValueAsString(Map.of("name", "console-" + UUID.randomUUID()));
        HttpResponse<String> forged = browser.send("POST", "/api/v1/projects", project, false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged).get("code").asString()).isEqualTo("csrf");
        assertThat(browser.send("POST", "/api/v1/projects", project, true).statusCode())
                .isEqualTo(201);
        // the role's rules hold for a session as for a key: inviting is an ADMIN's
        assertThat(browser.send("POST", "/api/v1/invitations", "{\"email\": \"y@example.com\"}", true)
                        .statusCode())
                .isEqualTo(403);

        clock.advance(Duration.ofMinutes(29));
        assertThat(browser.get("/api/v1/runs").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        assertThat(browser.get("/api/v1/runs").statusCode())
                .as("after 31 idle minutes")
                .isEqualTo(401);

        assertThat(browser.signIn(email, PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(browser.get("/api/v1/runs").statusCode())
                    .as("busy, %d", i)
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(25)); // 12 h 1 min after sign-in
        assertThat(browser.get("/api/v1/runs").statusCode())
                .as("12 h after sign-in")
                .isEqualTo(401);

        assertThat(browser.signIn(email, PASSWORD).statusCode()).isEqualTo(200);
        String session = browser.cookie("GANTRY_SESSION");
        HttpResponse<String> signedOut = browser.send("DELETE", "/api/v1/session", null, true);
        assertThat(signedOut.statusCode()).isEqualTo(204);
        HttpResponse<String> replayed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(farm.baseUrl() + "/api/v1/runs"))
                                .header("Cookie", "GANTRY_SESSION=" + session)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode())
                .as("the old session's cookie after sign-out")
                .isEqualTo(401);
    }
}
