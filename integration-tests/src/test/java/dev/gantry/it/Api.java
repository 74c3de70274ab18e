package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.client.GantryClient;
import dev.gantry.client.GantryClientException;
import dev.gantry.client.GantryUnreachableException;
import dev.gantry.client.RawAnswer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin REST API as a user of Gantry would call it, through the shared client's raw exchange: the tests
 * check refusals themselves, so every answer comes back whatever its status.
 */
final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();
    // one connection pool for every Api of a test JVM: as() makes many, and none is closed
    private static final HttpClient HTTP = GantryClient.newHttpClient(Duration.ofSeconds(5));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // a report is built from every step of a run
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    /** An answer: status, body as JSON (null when empty), headers. */
    record Answer(int status, JsonNode body, String raw, HttpHeaders headers) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        UUID id() {
            return id("id");
        }

        UUID id(String field) {
            return UUID.fromString(body.get(field).asString());
        }

        String text(String field) {
            return body.get(field).asString();
        }
    }

    private final String baseUrl;
    private final GantryClient client;

    Api(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.client = GantryClient.builder(URI.create(baseUrl))
                .apiKey(apiKey)
                .httpClient(HTTP)
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
    }

    Api as(String otherKey) {
        return new Api(baseUrl, otherKey);
    }

    /** Polls a run until its status is final (or fails the test after {@code patience}). */
    JsonNode waitForEnd(UUID run, Duration patience) {
        AtomicReference<JsonNode> ended = new AtomicReference<>();
        await("run " + run + " to end (leave QUEUED and RUNNING)")
                .atMost(patience)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    Answer answer = get("/api/v1/runs/" + run);
                    assertThat(answer.body().get("status").asString())
                            .as("status of run %s in %s", run, answer.raw())
                            .isNotIn("QUEUED", "RUNNING");
                    ended.set(answer.body());
                });
        return ended.get();
    }

    /**
     * {@code POST /suites/{id}/generate} followed to its end as a client would: the 202 names the
     * generation's status URL ({@code Location}), whose long poll answers once it is COMPLETED or FAILED.
     * Answers that final status, or the POST's own answer when it was refused.
     */
    Answer generate(UUID suite, Object body, Duration patience) {
        Answer accepted = post("/api/v1/suites/" + suite + "/generate", body);
        if (accepted.status() != 202) {
            return accepted;
        }
        String location = accepted.header("Location").orElseThrow();
        assertThat(accepted.text("statusUrl")).isEqualTo(location);
        AtomicReference<Answer> ended = new AtomicReference<>();
        await("generation " + location + " to end (leave QUEUED and RUNNING)")
                .atMost(patience)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    Answer answer = get(location + "?wait=10s&limit=10000");
                    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
                    assertThat(answer.text("state")).as(answer.raw()).isNotIn("QUEUED", "RUNNING");
                    ended.set(answer);
                });
        return ended.get();
    }

    Answer generate(UUID suite, Object body) {
        return generate(suite, body, Duration.ofSeconds(60));
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    /** A GET whose answer is not JSON (a report): status and raw body only. */
    Answer getText(String path) {
        RawAnswer answer = exchange(client.withRequestTimeout(REPORT_TIMEOUT), "GET", path, null, null);
        return new Answer(answer.status(), null, answer.body(), answer.headers());
    }

    Answer post(String path, Object body) {
        return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    Answer put(String path, Object body) {
        return send("PUT", path, JSON.writeValueAsString(body));
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    Answer send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Answer send(String method, String path, String body, String contentType) {
        RawAnswer answer = exchange(client, method, path, body, contentType);
        String raw = answer.body();
        JsonNode json = raw.isBlank() ? null : JSON.readTree(raw);
        return new Answer(answer.status(), json, raw, answer.headers());
    }

    private static RawAnswer exchange(
            GantryClient client, String method, String path, String body, String contentType) {
        try {
            return client.exchange(method, path, body, contentType);
        } catch (GantryUnreachableException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getCause(), e.getCause());
        } catch (GantryClientException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
